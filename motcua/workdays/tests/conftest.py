import datetime as dt

import pytest

from motcua.workdays.calendar import VN_TZ, WorkingCalendar
from motcua.workdays.selectors import get_calendar, invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # test transactions roll back without signals: never let a calendar built from a test's rows leak
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def official(db) -> WorkingCalendar:
    """The calendar as shipped: package holidays + the 2024–2026 notices from the data migration."""
    return get_calendar()


def vn(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN_TZ)
