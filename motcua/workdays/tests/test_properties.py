"""Property-based checks of the deadline arithmetic (hypothesis), on the package calendar plus swaps."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays.calendar import VN_TZ, Adjustment, WorkingCalendar

CALENDAR = WorkingCalendar(
    adjustments=[
        Adjustment(dt.date(2026, 8, 22), "working_day", "Làm bù", "9441/TB-BNV"),
        Adjustment(dt.date(2026, 8, 31), "day_off", "Hoán đổi", "9441/TB-BNV"),
    ],
    years=(2023, 2030),
)

# Hypothesis takes naive bounds (the zone is drawn or attached apart), so these two are deliberately naive.
moments = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(  # noqa: DTZ001
    lambda naive: naive.replace(tzinfo=VN_TZ)
)
# half-day steps, the finest unit official time limits use for days
days = st.integers(min_value=0, max_value=400).map(lambda halves: halves / 2)
hours = st.integers(min_value=0, max_value=2000).map(lambda quarters: quarters / 4)


@given(moments, days)
def test_due_moment_is_always_inside_working_time(received, n):
    _start, due = CALENDAR.due(received, days=n)
    assert CALENDAR.is_working_time(due)


@given(moments, hours)
def test_hours_land_inside_working_time(start, n):
    assert CALENDAR.is_working_time(CALENDAR.add_working_hours(start, n))


@given(moments, days, days)
def test_adding_more_days_is_never_earlier(start, a, b):
    low, high = sorted((a, b))
    assert CALENDAR.add_working_days(start, low) <= CALENDAR.add_working_days(start, high)


@given(moments, moments, days)
def test_a_later_start_is_never_due_earlier(a, b, n):
    early, late = sorted((a, b))
    assert CALENDAR.add_working_days(early, n) <= CALENDAR.add_working_days(late, n)


@given(moments, days, days)
def test_adding_days_in_two_steps_equals_adding_them_at_once(start, a, b):
    assert CALENDAR.add_working_days(CALENDAR.add_working_days(start, a), b) == CALENDAR.add_working_days(start, a + b)


@given(moments, hours, hours)
def test_adding_hours_in_two_steps_equals_adding_them_at_once(start, a, b):
    assert CALENDAR.add_working_hours(CALENDAR.add_working_hours(start, a), b) == CALENDAR.add_working_hours(
        start, a + b
    )


@given(moments, hours)
def test_working_time_between_inverts_adding_hours(start, n):
    assert CALENDAR.working_time_between(start, CALENDAR.add_working_hours(start, n)) == dt.timedelta(hours=n)


@settings(max_examples=50)
@given(moments)
def test_clock_start_is_a_working_moment_not_before_reception(received):
    start = CALENDAR.clock_start(received)
    assert start >= received
    assert CALENDAR.is_working_time(start)


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)), days)  # noqa: DTZ001 (naive bounds, see above)
def test_the_answer_does_not_depend_on_the_input_zone(naive, n):
    in_vietnam = naive.replace(tzinfo=VN_TZ)
    in_utc = in_vietnam.astimezone(dt.UTC)
    assert CALENDAR.due(in_vietnam, days=n) == CALENDAR.due(in_utc, days=n)


@given(moments, days, st.sampled_from([VN_TZ, dt.UTC, dt.timezone(dt.timedelta(hours=-8))]))
def test_the_fast_due_path_equals_clock_start_then_add(received, n, zone):
    received = received.astimezone(zone)
    start = CALENDAR.clock_start(received)
    assert CALENDAR.due(received, days=n) == (start, CALENDAR.add_working_days(start, n))
    assert CALENDAR.due(received, hours=n) == (start, CALENDAR.add_working_hours(start, n))
