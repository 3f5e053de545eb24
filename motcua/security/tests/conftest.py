import pytest

from motcua.dossiers.tests.factories import World
from motcua.workdays.selectors import invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture(autouse=True)
def _audit_files(tmp_path, settings):
    """The province's audit key and the checkpoint files of a test live in its own temporary folder."""
    settings.MOTCUA_AUDIT_KEY_PATH = str(tmp_path / "keys" / "audit-ed25519.pem")
    settings.MOTCUA_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
