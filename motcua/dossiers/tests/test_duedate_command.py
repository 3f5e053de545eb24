"""`motcua duedate` (moved here from `workdays` with its command, issue 14 target 9), through call_command and
the console entry point; and the proof that it is the dossier's own computation: for each case the command
prints what a dossier received at that moment with that time limit gets (`clock.reception_due`, the function the
receipt calls), and a rule swapped out in `clock.limit_due` changes both."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.cli import run
from motcua.dossiers import clock
from motcua.dossiers.tests.factories import World, vn
from motcua.workdays.calendar import VN_TZ

pytestmark = pytest.mark.django_db


def test_duedate_json_has_exactly_clock_start_due_at_and_provisional(capsys):
    assert run(["duedate", "--received", "2025-01-24T10:00", "--days", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "clock_start": "2025-01-24T10:00:00+07:00",
        "due_at": "2025-02-05T10:00:00+07:00",
        "provisional": False,
    }


def test_duedate_crossing_into_a_year_without_its_notice_is_provisional(capsys):
    """2027's notice is not on file: a computation that reaches a 2027 day is marked provisional."""
    call_command("duedate", received="2026-12-30T10:00", days="3", json=True)
    assert json.loads(capsys.readouterr().out) == {
        "clock_start": "2026-12-30T10:00:00+07:00",
        "due_at": "2027-01-05T10:00:00+07:00",
        "provisional": True,
    }
    call_command("duedate", received="2026-12-30T10:00", days="3")
    assert "Dự kiến — lịch nghỉ năm 2026–2027 chưa có thông báo chính thức" in capsys.readouterr().out


def test_duedate_text_is_vietnamese_friendly(capsys):
    call_command("duedate", received="2025-01-24T16:30", hours="4")
    out = capsys.readouterr().out
    assert "Thứ Hai 03/02/2025 07:30" in out
    assert "Thứ Hai 03/02/2025 11:30" in out


def test_duedate_accepts_half_days_with_a_decimal_comma_and_a_cutoff(capsys):
    call_command("duedate", received="04/03/2025 15:30", days="0,5", cutoff="16:00", json=True)
    assert json.loads(capsys.readouterr().out)["due_at"] == "2025-03-05T10:00:00+07:00"


def test_duedate_calendar_days(capsys):
    call_command("duedate", received="2025-03-04T09:00+07:00", calendar_days="4", json=True)
    assert json.loads(capsys.readouterr().out)["due_at"] == "2025-03-10T17:00:00+07:00"


def test_duedate_without_received_uses_now_in_vietnam(capsys):
    with time_machine.travel(dt.datetime(2026, 8, 21, 16, 0, tzinfo=VN_TZ), tick=False):
        call_command("duedate", days="1", json=True)
    assert json.loads(capsys.readouterr().out) == {
        "clock_start": "2026-08-22T07:30:00+07:00",
        "due_at": "2026-08-22T17:00:00+07:00",
        "provisional": False,
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["--received", "24-13-2025", "--days", "3"],
        ["--received", "2025-01-24T10:00", "--days", "-1"],
        ["--received", "2025-01-24T10:00", "--days", "1000000"],
        ["--received", "2025-01-24T10:00", "--days", "3", "--hours", "2"],
        ["--received", "2025-01-24T10:00"],
        ["--received", "2025-01-24T10:00", "--hours", "abc"],
        ["--received", "2025-01-24T10:00", "--calendar-days", "1.5"],
        ["--received", "2025-01-24T10:00", "--days", "1", "--cutoff", "25:00"],
        ["--received", "1800-01-01T10:00", "--days", "1"],
    ],
)
def test_duedate_bad_input_is_one_line_without_traceback(capsys, argv):
    assert run(["duedate", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().count("\n") == 0
    assert " / " in captured.err
    assert "Traceback" not in captured.err


def test_duedate_bad_input_raises_command_error():
    with pytest.raises(CommandError, match="exactly one"):
        call_command("duedate", received="2025-01-24T10:00")


def duedate_json(capsys, **options) -> dict:
    call_command("duedate", json=True, **options)
    return json.loads(capsys.readouterr().out)


# received, CLI option, value, catalogue unit, expected clock start, expected due moment
AGREEMENT = [
    pytest.param(
        vn(2025, 1, 24, 10, 0),
        "days",
        "3",
        "working_days",
        vn(2025, 1, 24, 10, 0),
        vn(2025, 2, 5, 10, 0),
        id="tet-2025-working-days",  # Tết Ất Tỵ off Sat 25/01 – Sun 02/02 (6150/TB-BLĐTBXH)
    ),
    pytest.param(
        vn(2025, 1, 24, 16, 30),
        "hours",
        "4",
        "working_hours",
        vn(2025, 2, 3, 7, 30),
        vn(2025, 2, 3, 11, 30),
        id="tet-2025-working-hours-after-the-cutoff",  # after 15:00 (ND 61/2018 art 18): first day after Tết
    ),
    pytest.param(
        vn(2025, 1, 24, 10, 0),
        "clock_hours",
        "24",
        "hours",
        vn(2025, 1, 24, 10, 0),
        vn(2025, 2, 3, 7, 30),
        id="tet-2025-clock-hours",  # "24 Giờ" ends Sat 25/01 10:00, a day off: the next working moment
    ),
    pytest.param(
        vn(2026, 8, 21, 16, 0),
        "days",
        "1",
        "working_days",
        vn(2026, 8, 22, 7, 30),
        vn(2026, 8, 22, 17, 0),
        id="make-up-saturday",  # Sat 22/08/2026 is worked for Mon 31/08 (9441/TB-BNV)
    ),
    pytest.param(
        vn(2026, 8, 28, 10, 0),
        "days",
        "2",
        "working_days",
        vn(2026, 8, 28, 10, 0),
        vn(2026, 9, 4, 10, 0),
        id="swapped-monday-and-national-day",  # Mon 31/08 swapped off, 1–2/09 National Day (9441/TB-BNV)
    ),
    pytest.param(
        vn(2026, 3, 6, 10, 0),
        "clock_hours",
        "24",
        "hours",
        vn(2026, 3, 6, 10, 0),
        vn(2026, 3, 9, 7, 30),
        id="clock-hours-into-a-weekend",  # Civil Code 2015 art 147.1, art 148.5 by analogy
    ),
    pytest.param(
        vn(2026, 3, 31, 9, 0),
        "calendar_days",
        "30",
        "days",
        vn(2026, 3, 31, 9, 0),
        vn(2026, 5, 4, 17, 0),
        id="calendar-days-ending-on-holidays",  # Civil Code 2015 art 148.5
    ),
    pytest.param(
        vn(2026, 1, 30, 10, 0),
        "months",
        "1",
        "months",
        vn(2026, 1, 30, 10, 0),
        vn(2026, 3, 2, 17, 0),
        id="months-without-the-corresponding-day",  # Civil Code 2015 art 148.3, 148.5
    ),
]


@pytest.mark.parametrize(("received", "option", "value", "unit", "start", "due"), AGREEMENT)
def test_the_command_prints_what_a_dossier_received_then_gets(capsys, received, option, value, unit, start, due):
    dossier = World(time_limit_value=Decimal(value), time_limit_unit=unit).receive(at=received)
    printed = duedate_json(capsys, received=received.isoformat(), **{option: value})
    cli = (dt.datetime.fromisoformat(printed["clock_start"]), dt.datetime.fromisoformat(printed["due_at"]))
    assert cli == (dossier.clock_started_at, dossier.legal_due_at) == (start, due)
    assert printed["provisional"] == bool(clock.provisional_years(clock.get_calendar(), dossier))


def test_a_rule_changed_in_clock_changes_the_command_too(capsys, monkeypatch):
    """One computation, one function: the command has no deadline rule of its own. Replace `clock.limit_due` (as
    `scripts/mutation_deadlines.py` does) and the command's answer moves with the dossier's."""
    moved = vn(2031, 1, 1, 8, 0)
    monkeypatch.setattr(clock, "limit_due", lambda cal, start, value, unit: moved)
    dossier = World(time_limit_value=Decimal(3), time_limit_unit="working_days").receive(at=vn(2025, 1, 24, 10, 0))
    printed = duedate_json(capsys, received="2025-01-24T10:00", days="3")
    assert dossier.legal_due_at == dt.datetime.fromisoformat(printed["due_at"]) == moved


def test_the_command_accepts_every_unit_of_the_catalogue():
    from motcua.catalog.choices import TimeUnit
    from motcua.dossiers.management.commands.duedate import LIMITS

    assert {unit for unit, _label in LIMITS.values()} == set(TimeUnit.values)
