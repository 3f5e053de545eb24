"""`motcua duedate` and `motcua calendar`, through call_command and the console entry point."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.cli import run
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


def test_calendar_2027_says_it_is_provisional_and_2026_does_not(capsys):
    call_command("calendar", year="2027")
    out = capsys.readouterr().out
    assert "DỰ KIẾN: lịch nghỉ năm 2027 chưa có thông báo chính thức" in out
    assert "chưa có văn bản / no instrument on file" in out
    call_command("calendar", year="2026", json=True)
    payload = json.loads(capsys.readouterr().out)
    assert payload["provisional"] is False
    assert {"date": "2026-02-17", "kind": "day_off", "name": "Tết Nguyên đán (mùng 1)", "source": "9441/TB-BNV",
            "instrument": "9441/TB-BNV"} in payload["days"]  # fmt: skip


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


def test_calendar_lists_days_off_and_make_up_days_with_their_source(capsys):
    assert run(["calendar", "--year", "2026", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    days = {row["date"]: row for row in payload["days"]}
    assert days["2026-08-22"] == {
        "date": "2026-08-22",
        "kind": "working_day",
        "name": "Làm bù cho thứ Hai 31/8/2026",
        "source": "9441/TB-BNV",
        "instrument": "9441/TB-BNV",
    }
    assert days["2026-08-31"]["kind"] == "day_off"
    assert days["2026-01-01"]["source"] == "holidays"
    assert days["2026-01-01"]["instrument"] == "BLLĐ 2019 Điều 112.1"


def test_calendar_text_names_the_notice(capsys):
    call_command("calendar", year="2025")
    out = capsys.readouterr().out
    assert "Thứ Bảy 26/04/2025" in out
    assert "6150/TB-BLĐTBXH" in out


def test_calendar_rejects_a_bad_year(capsys):
    assert run(["calendar", "--year", "twenty"]) == 1
    assert "twenty" in capsys.readouterr().err
