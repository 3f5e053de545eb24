import pytest

from motcua.workdays.selectors import invalidate_calendar

from .factories import ReformWorld


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def world(db) -> ReformWorld:
    return ReformWorld()
