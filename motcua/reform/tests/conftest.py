import pytest
from django.core.cache import cache

from motcua.workdays.selectors import invalidate_calendar

from .factories import ReformWorld


@pytest.fixture(autouse=True)
def _fresh_caches():
    # the calendar and the public form's rate-limit counters live in process caches shared by tests
    invalidate_calendar()
    cache.clear()
    yield
    invalidate_calendar()
    cache.clear()


@pytest.fixture
def world(db) -> ReformWorld:
    return ReformWorld()
