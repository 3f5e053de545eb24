import pytest
from django.db import transaction

from motcua.metrics.tests.factories import build_season
from motcua.workdays.selectors import invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture(scope="module")
def season_once(django_db_setup, django_db_blocker):
    """The metrics season (February–April 2026, two one-stop centres under a province), built once per module
    and rolled back afterwards; tests that use it only read."""
    with django_db_blocker.unblock():
        invalidate_calendar()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_season()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            invalidate_calendar()


@pytest.fixture
def season(season_once, db):
    return season_once
