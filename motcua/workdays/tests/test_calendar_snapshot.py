"""The shipped calendar, day by day, 2024–2027, against a reviewed fixture (issue 13 §2).

`data/calendar_2024_2027.txt` lists every date whose status differs from Monday–Friday or that a stored notice
addresses, with its legal instrument. A `holidays` upgrade (or a data migration) that moves a day turns this red
instead of silently shifting due dates; update the fixture only after checking the change against the notice.
Regenerate: `python -m motcua.workdays.tests.test_calendar_snapshot` prints the current listing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from motcua.workdays.calendar import NO_INSTRUMENT

FIXTURE = Path(__file__).parent / "data" / "calendar_2024_2027.txt"
YEARS = range(2024, 2028)


def listing(calendar) -> list[str]:
    lines = []
    for year in YEARS:
        for day in calendar.days_in_year(year):
            kind = "work" if day.is_working_day else "off"
            lines.append(f"{day.date.isoformat()} {day.date:%a} {kind:<4} {day.instrument}")
    return lines


def fixture_lines() -> list[str]:
    return [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_every_day_2024_to_2027_matches_the_reviewed_fixture(official):
    assert listing(official) == fixture_lines()


def test_the_fixture_fixes_every_other_day_to_the_monday_to_friday_pattern(official):
    listed = {dt.date.fromisoformat(line.split()[0]) for line in fixture_lines()}
    day = dt.date(2024, 1, 1)
    while day.year <= 2027:
        if day not in listed:
            assert official.is_working_day(day) == (day.weekday() < 5), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "instrument"),
    [
        (dt.date(2026, 2, 17), "9441/TB-BNV"),  # Tết 2026 from the ministry's notice
        (dt.date(2026, 8, 22), "9441/TB-BNV"),  # make-up Saturday
        (dt.date(2026, 4, 30), "BLLĐ 2019 Điều 112.1"),  # fixed by the Labour Code itself
        (dt.date(2026, 4, 27), "BLLĐ 2019 Điều 111.3"),  # Hùng Kings on Sunday 26/4 → Monday
        (dt.date(2027, 2, 8), NO_INSTRUMENT),  # Tết 2027: no notice yet, the package's guess
    ],
)
def test_every_day_off_and_make_up_day_carries_its_instrument(official, day, instrument):
    (entry,) = [d for d in official.days_in_year(day.year) if d.date == day]
    assert entry.instrument == instrument


def test_vietnam_culture_day_2026_is_one_row_that_keeps_it_a_working_day(official):
    """NQ 80-NQ/TW is a Party resolution; no Labour Code amendment or notice for 24/11/2026 is on file
    (docs/domain/deadlines.md §1.1), so the row overrides the package's holiday."""
    from motcua.workdays.models import CalendarAdjustment

    row = CalendarAdjustment.objects.get(date=dt.date(2026, 11, 24))
    assert row.kind == "working_day"
    assert row.source_number.startswith("BLLĐ 2019 Điều 112.1")
    assert official.is_working_day(dt.date(2026, 11, 24))
    assert official.add_working_days(
        dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), 1
    ) == dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


if __name__ == "__main__":  # pragma: no cover - developer aid
    import django

    django.setup()
    from motcua.workdays.selectors import build_calendar

    print("\n".join(listing(build_calendar())))
