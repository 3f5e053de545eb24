"""Official adjustments stored in the database always win over the `holidays` package."""

import datetime as dt

import pytest
from django.apps import apps

from motcua.workdays.calendar import Adjustment, CalendarError, WorkingCalendar
from motcua.workdays.choices import AdjustmentKind
from motcua.workdays.models import CalendarAdjustment
from motcua.workdays.selectors import get_calendar
from motcua.workdays.services import calendar_adjustment_set

from .conftest import vn
from .factories import CalendarAdjustmentFactory, WorkScheduleFactory

pytestmark = pytest.mark.django_db


def test_the_migration_ships_the_2024_to_2026_notices_with_their_source():
    assert CalendarAdjustment.objects.get(date=dt.date(2026, 8, 22)).source_number == "9441/TB-BNV"
    assert CalendarAdjustment.objects.get(date=dt.date(2025, 4, 26)).kind == AdjustmentKind.WORKING_DAY
    assert CalendarAdjustment.objects.filter(date__year=2024).count() == 9


def test_a_working_day_adjustment_overrides_a_package_holiday():
    assert not get_calendar().is_working_day(dt.date(2030, 1, 1))
    CalendarAdjustmentFactory(date=dt.date(2030, 1, 1), kind=AdjustmentKind.WORKING_DAY)
    assert get_calendar().is_working_day(dt.date(2030, 1, 1))


def test_a_day_off_adjustment_overrides_a_package_working_day():
    assert get_calendar().is_working_day(dt.date(2030, 3, 4))
    calendar_adjustment_set(
        day=dt.date(2030, 3, 4), kind="day_off", name="Nghỉ", source_number="2/TB-BNV", source_date=None
    )
    assert not get_calendar().is_working_day(dt.date(2030, 3, 4))


def test_deleting_an_official_make_up_day_is_seen_at_once():
    assert get_calendar().is_working_day(dt.date(2026, 8, 22))
    CalendarAdjustment.objects.get(date=dt.date(2026, 8, 22)).delete()
    # the package also knows this make-up Saturday, so make the notice say otherwise to prove who wins
    CalendarAdjustmentFactory(date=dt.date(2026, 8, 22), kind=AdjustmentKind.DAY_OFF)
    assert not get_calendar().is_working_day(dt.date(2026, 8, 22))


def test_the_schedule_in_force_sets_sessions_and_cutoff():
    WorkScheduleFactory(valid_from=dt.date(2020, 1, 1))
    calendar = get_calendar()
    assert calendar.day_length == dt.timedelta(hours=8)
    assert calendar.clock_start(vn(2025, 3, 4, 15, 30)) == vn(2025, 3, 4, 15, 30)
    assert calendar.add_working_days(vn(2025, 3, 4, 8, 0), 1) == vn(2025, 3, 4, 17, 30)


def test_a_future_schedule_is_not_used_yet():
    WorkScheduleFactory(valid_from=dt.date(2999, 1, 1))
    assert get_calendar().add_working_days(vn(2025, 3, 4, 7, 30), 1) == vn(2025, 3, 4, 17, 0)


def test_summary_counts_the_official_adjustments():
    counts = apps.get_app_config("workdays").summary_counts()
    assert list(counts.values()) == [CalendarAdjustment.objects.count()]


def test_pure_calendar_adjustments_win_without_a_database():
    calendar = WorkingCalendar(adjustments=[Adjustment(dt.date(2025, 9, 2), "working_day")])
    assert calendar.is_working_day(dt.date(2025, 9, 2))
    assert not calendar.is_working_day(dt.date(2025, 9, 1))


def test_naive_datetimes_are_refused():
    with pytest.raises(CalendarError):
        # deliberately naive: the calendar must refuse it
        WorkingCalendar().clock_start(dt.datetime(2025, 3, 4, 9, 0))  # noqa: DTZ001


def test_negative_and_absurd_counts_are_refused():
    calendar = WorkingCalendar()
    with pytest.raises(CalendarError):
        calendar.add_working_days(vn(2025, 3, 4, 9, 0), -1)
    with pytest.raises(CalendarError):
        calendar.add_working_hours(vn(2025, 3, 4, 9, 0), float("inf"))
    with pytest.raises(CalendarError):
        calendar.due(vn(2025, 3, 4, 9, 0), days=1, hours=2)


def test_years_outside_the_precomputed_span_are_added_on_demand():
    calendar = WorkingCalendar(years=(2025, 2025))
    assert not calendar.is_working_day(dt.date(1995, 9, 2))
    assert calendar.add_working_days(vn(2025, 12, 31, 7, 30), 1) == vn(2025, 12, 31, 17, 0)
    assert calendar.add_working_days(vn(2025, 12, 31, 7, 30), 2) == vn(2026, 1, 2, 17, 0)
    far = calendar.add_working_days(vn(2025, 3, 4, 9, 0), 9000)
    assert far.year > 2055
    assert calendar.working_time_between(vn(2025, 3, 4, 9, 0), far) == 9000 * calendar.day_length
    with pytest.raises(CalendarError):
        calendar.is_working_day(dt.date(1900, 1, 1))
