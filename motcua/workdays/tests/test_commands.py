"""`motcua calendar`, through call_command and the console entry point (`motcua duedate` moved to
`dossiers/tests/test_duedate_command.py` with the command, issue 14 target 9)."""

import json

import pytest
from django.core.management import call_command

from motcua.cli import run

pytestmark = pytest.mark.django_db


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
