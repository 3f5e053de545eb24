import pytest

from motcua.dossiers.tests.factories import World
from motcua.sync.choices import EndpointKind
from motcua.sync.services import endpoint_create
from motcua.sync.testing import NationalPortalMock
from motcua.workdays.selectors import invalidate_calendar

FAST = {"BACKOFF_BASE": 0, "TIMEOUT": 0.5, "MAX_ATTEMPTS": 5, "BATCH": 10, "IDLE_SLEEP": 0.05}


@pytest.fixture(autouse=True)
def _fast_sync(settings):
    """Short timeouts and immediate retries: the tests drive the worker, they never wait for the clock."""
    settings.MOTCUA_SYNC = dict(FAST)
    # These tests drive retries and dead letters; the circuit breaker has its own tests (integrations/dvcqg).
    settings.MOTCUA_BREAKER = {"THRESHOLD": 10_000}
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def portal():
    with NationalPortalMock(hang_seconds=3) as mock:
        yield mock


@pytest.fixture
def national(portal, db):
    """A receiver of the outbox's own JSON (a webhook with a summary API). The national portal itself speaks the
    LGSP contract: its tests are in motcua/integrations/dvcqg/tests."""
    return endpoint_create(
        name="Receiver (mock)",
        kind=EndpointKind.WEBHOOK,
        url=portal.url + "/dossiers",
        summary_url=portal.url + "/summary",
    )
