"""The shipped calendar (package + notices from the data migration) gives the official answers."""

import datetime as dt

from motcua.workdays.calendar import VN_TZ

from .conftest import vn


def test_tet_2025_weekdays_are_days_off(official):
    assert [official.is_working_day(dt.date(2025, 1, d)) for d in range(24, 32)] == [
        True, False, False, False, False, False, False, False,
    ]  # fmt: skip
    assert official.is_working_day(dt.date(2025, 2, 3))


def test_worked_example_three_days_over_tet_2025(official):
    start, due = official.due(vn(2025, 1, 24, 10, 0), days=3)
    assert start == vn(2025, 1, 24, 10, 0)
    assert due == vn(2025, 2, 5, 10, 0)


def test_tet_2026_is_monday_to_friday_16_to_20_february(official):
    assert [official.is_working_day(dt.date(2026, 2, d)) for d in range(13, 24)] == [
        True, False, False, False, False, False, False, False, False, False, True,
    ]  # fmt: skip


def test_national_day_2026_swap_makes_31_august_off_and_saturday_22_august_working(official):
    assert official.is_working_day(dt.date(2026, 8, 22))
    assert not official.is_working_day(dt.date(2026, 8, 31))
    assert not official.is_working_day(dt.date(2026, 9, 1))
    assert not official.is_working_day(dt.date(2026, 9, 2))
    assert official.add_working_days(vn(2026, 8, 21, 7, 30), 2) == vn(2026, 8, 22, 17, 0)
    assert official.add_working_days(vn(2026, 8, 28, 10, 0), 1) == vn(2026, 9, 3, 10, 0)


def test_make_up_saturday_26_april_2025_is_a_working_day(official):
    assert official.is_working_day(dt.date(2025, 4, 26))
    assert not official.is_working_day(dt.date(2025, 5, 2))
    assert official.clock_start(vn(2025, 4, 26, 9, 0)) == vn(2025, 4, 26, 9, 0)
    assert official.add_working_days(vn(2025, 4, 29, 16, 0), 1) == vn(2025, 5, 5, 16, 0)


def test_year_boundary_31_december_after_cutoff_counts_from_5_january_2026(official):
    """Fri 02/01/2026 was swapped off (made up Sat 10/01/2026) by the Home Affairs notice of 25/12/2025."""
    start, due = official.due(vn(2025, 12, 31, 15, 30), days=1)
    assert start == vn(2026, 1, 5, 7, 30)
    assert due == vn(2026, 1, 5, 17, 0)
    assert official.is_working_day(dt.date(2026, 1, 10))


def test_reception_at_the_cutoff_counts_the_same_day_and_just_after_does_not(official):
    assert official.clock_start(vn(2025, 3, 4, 15, 0)) == vn(2025, 3, 4, 15, 0)
    assert official.clock_start(vn(2025, 3, 4, 15, 0, 1)) == vn(2025, 3, 5, 7, 30)


def test_cutoff_is_a_parameter(official):
    assert official.clock_start(vn(2025, 3, 4, 15, 30), cutoff=dt.time(16, 0)) == vn(2025, 3, 4, 15, 30)
    assert official.clock_start(vn(2025, 3, 4, 11, 0), cutoff=dt.time(10, 0)) == vn(2025, 3, 5, 7, 30)


def test_reception_on_a_weekend_counts_from_monday_morning(official):
    assert official.clock_start(vn(2025, 3, 8, 9, 0)) == vn(2025, 3, 10, 7, 30)


def test_reception_on_a_holiday_counts_from_the_next_working_day(official):
    assert official.clock_start(vn(2026, 2, 18, 9, 0)) == vn(2026, 2, 23, 7, 30)
    assert official.clock_start(vn(2026, 4, 30, 9, 0)) == vn(2026, 5, 4, 7, 30)


def test_reception_before_opening_or_at_lunch_starts_at_the_next_session(official):
    assert official.clock_start(vn(2025, 3, 4, 6, 0)) == vn(2025, 3, 4, 7, 30)
    assert official.clock_start(vn(2025, 3, 4, 12, 15)) == vn(2025, 3, 4, 13, 0)


def test_one_day_from_an_opening_is_due_at_that_days_close(official):
    assert official.add_working_days(vn(2025, 3, 4, 7, 30), 1) == vn(2025, 3, 4, 17, 0)


def test_half_days(official):
    assert official.add_working_days(vn(2025, 3, 4, 7, 30), 0.5) == vn(2025, 3, 4, 11, 30)
    assert official.add_working_days(vn(2025, 3, 4, 10, 0), 0.5) == vn(2025, 3, 4, 15, 30)
    assert official.add_working_days(vn(2025, 3, 7, 16, 0), 1.5) == vn(2025, 3, 11, 10, 30)


def test_working_hours_skip_lunch_nights_and_weekends(official):
    assert official.add_working_hours(vn(2025, 3, 4, 11, 0), 1) == vn(2025, 3, 4, 13, 30)
    assert official.add_working_hours(vn(2025, 3, 7, 16, 0), 8) == vn(2025, 3, 10, 16, 0)
    assert official.add_working_hours(vn(2025, 3, 4, 7, 30), 4) == vn(2025, 3, 4, 11, 30)


def test_calendar_days_end_at_the_end_of_the_last_day_not_at_the_clock_time(official):
    """Civil Code 2015 art. 148.1: a period in days ends at the end of its last day (here the close, 17:00)."""
    assert official.add_calendar_days(vn(2025, 3, 4, 9, 0), 7) == vn(2025, 3, 11, 17, 0)
    assert official.add_calendar_days(vn(2025, 3, 4, 16, 30), 0) == vn(2025, 3, 4, 17, 0)


def test_calendar_days_ending_on_a_day_off_end_at_the_close_of_the_next_working_day(official):
    """Civil Code 2015 art. 148.5: last day Sat 08/03/2025 → end of Mon 10/03."""
    assert official.add_calendar_days(vn(2025, 3, 4, 9, 0), 4) == vn(2025, 3, 10, 17, 0)


def test_working_time_between_counts_only_sessions(official):
    assert official.working_time_between(vn(2025, 3, 7, 16, 0), vn(2025, 3, 10, 8, 30)) == dt.timedelta(hours=2)
    assert official.working_time_between(vn(2025, 3, 10, 8, 30), vn(2025, 3, 7, 16, 0)) == dt.timedelta(hours=-2)
    assert official.working_days_between(dt.date(2025, 1, 20), dt.date(2025, 2, 10)) == 10


def test_results_are_in_vietnam_time_whatever_the_input_zone(official):
    received = dt.datetime(2025, 1, 24, 3, 0, tzinfo=dt.UTC)  # 10:00 in Hanoi; Friday evening in Los Angeles
    start, due = official.due(received, days=3)
    assert due.tzinfo == VN_TZ
    assert due.isoformat() == "2025-02-05T10:00:00+07:00"
    assert start.utcoffset() == dt.timedelta(hours=7)
