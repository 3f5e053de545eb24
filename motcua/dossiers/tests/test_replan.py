"""A new official notice re-plans the open dossiers (issue 13 §3; docs/domain/deadlines.md §9), frozen clocks.

Scenario: Monday 02/03/2026 10:00, the province records a local day off on Friday 06/03/2026 (notice
123/QĐ-UBND of 25/02/2026): a dossier received that morning with 5 working days (due Mon 09/03 09:00) moves to
Tue 10/03 09:00; a dossier due before Friday and a delivered one do not move.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.dossiers import clock, services
from motcua.dossiers.audit import verify_all
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.models import DossierEvent, Notification
from motcua.dossiers.tests.factories import World, vn
from motcua.workdays.calendar import Adjustment, WorkingCalendar
from motcua.workdays.models import CalendarAdjustment, CalendarYear
from motcua.workdays.selectors import invalidate_calendar

S = DossierStatus
NOW = vn(2026, 3, 2, 10, 0)
pytestmark = pytest.mark.django_db

NOTICE = """\
number: 123/QĐ-UBND
date: 2026-02-25
title: Nghỉ lễ hội truyền thống của tỉnh
days:
  - {date: 2026-03-06, kind: day_off, name: "Lễ hội truyền thống"}
"""


@pytest.fixture(autouse=True)
def _fresh_calendar():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def town():
    world = World()
    received = world.receive(at=vn(2026, 3, 2, 9, 0))  # 5 working days → Mon 09/03 09:00
    early = world.receive(at=vn(2026, 2, 23, 9, 0))  # → Mon 02/03 09:00, before the new day off
    forwarded = world.receive(at=vn(2026, 3, 2, 8, 0))
    forwarded = world.act(
        services.dossier_forward,
        forwarded,
        at=vn(2026, 3, 2, 8, 30),
        officer=world.counter,
        to_units=[world.department],
    )
    delivered = world.dossier_in(S.DELIVERED, at=vn(2026, 3, 2, 7, 30))
    return world, {"received": received, "early": early, "forwarded": forwarded, "delivered": delivered}


def write(tmp_path: Path, text: str, name: str = "notice.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def apply(path: str, **options) -> dict:
    from io import StringIO

    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("calendar", "apply-notice", path, json=True, stdout=out, **options)
    return json.loads(out.getvalue())


def test_dry_run_lists_the_moved_dossiers_and_writes_nothing(town, tmp_path):
    _world, d = town
    events = DossierEvent.objects.count()
    payload = apply(write(tmp_path, NOTICE))
    assert payload["applied"] is False
    moved = {row["code"]: row for row in payload["dossiers"]}
    assert set(moved) == {d["received"].code, d["forwarded"].code}
    assert moved[d["received"].code]["old_due_at"] == "2026-03-09T09:00:00+07:00"
    assert moved[d["received"].code]["new_due_at"] == "2026-03-10T09:00:00+07:00"
    assert not CalendarAdjustment.objects.filter(date=dt.date(2026, 3, 6)).exists()
    assert DossierEvent.objects.count() == events
    d["received"].refresh_from_db()
    assert d["received"].due_at == vn(2026, 3, 9, 9, 0)


def test_confirm_moves_due_dates_appends_one_event_each_and_notifies_after_commit(
    town, tmp_path, django_capture_on_commit_callbacks
):
    world, d = town
    with django_capture_on_commit_callbacks(execute=True):
        payload = apply(write(tmp_path, NOTICE), confirm=True)
    assert payload["applied"] is True
    assert {row["code"] for row in payload["dossiers"]} == {d["received"].code, d["forwarded"].code}

    received = d["received"]
    received.refresh_from_db()
    assert (received.legal_due_at, received.due_at) == (vn(2026, 3, 10, 9, 0), vn(2026, 3, 10, 9, 0))
    event = received.events.order_by("-seq").first()
    assert event.action == Action.REPLAN
    assert (
        event.reason
        == "Hạn giải quyết thay đổi theo thông báo 123/QĐ-UBND ngày 25/02/2026: 09:00 09/03/2026 → 09:00 10/03/2026"
    )
    assert event.data["old_legal_due_at"] == "2026-03-09T09:00:00+07:00"  # the legal due date's history
    assert event.data["new_legal_due_at"] == "2026-03-10T09:00:00+07:00"
    assert event.from_status == event.to_status == S.RECEIVED
    assert received.events.filter(action=Action.REPLAN).count() == 1

    forwarded = d["forwarded"]
    forwarded.refresh_from_db()
    step = forwarded.steps.get(unit=world.department)
    assert forwarded.due_at == vn(2026, 3, 10, 8, 0)
    assert step.due_at == vn(2026, 3, 10, 8, 0)  # the open step moves with the dossier
    reception = forwarded.steps.get(kind="reception")
    assert reception.due_at == vn(2026, 3, 2, 17, 0)  # a finished step's deadline is history: it stays

    for key in ("early", "delivered"):
        assert not d[key].events.filter(action=Action.REPLAN).exists()
    row = CalendarAdjustment.objects.get(date=dt.date(2026, 3, 6))
    assert (row.kind, row.source_number, row.source_date) == ("day_off", "123/QĐ-UBND", dt.date(2026, 2, 25))

    messages = Notification.objects.filter(template="due_date_moved")
    assert {m.dossier_id for m in messages} == {received.pk, forwarded.pk}
    assert verify_all().ok


def test_rollups_stay_equal_to_a_rebuild(town, tmp_path, django_capture_on_commit_callbacks):
    from motcua.metrics.services import checkpoints_close, rollups_rebuild
    from motcua.metrics.tests.test_rebuild import snapshot

    apply(write(tmp_path, NOTICE), confirm=True)
    with time_machine.travel(NOW, tick=False):  # a rebuild closes the months completed by "now"
        checkpoints_close()
        incremental = snapshot()
        assert any(row[2] == dt.date(2026, 3, 10) for row in incremental[2])  # the moved due day is used
        rollups_rebuild()
    assert snapshot() == incremental


def test_applying_the_same_notice_twice_moves_nothing_the_second_time(town, tmp_path):
    path = write(tmp_path, NOTICE)
    assert len(apply(path, confirm=True)["dossiers"]) == 2
    assert apply(path, confirm=True)["dossiers"] == []


def test_csv_notice_with_a_make_up_saturday_moves_due_dates_earlier(town, tmp_path):
    _world, d = town
    csv = "number,notice_date,date,kind,name\n45/TB-BNV,20/02/2026,07/03/2026,working_day,Làm bù\n"
    payload = apply(write(tmp_path, csv, "notice.csv"), confirm=True)
    moved = {row["code"]: row for row in payload["dossiers"]}
    assert moved[d["received"].code]["new_due_at"] == "2026-03-07T09:00:00+07:00"


def test_a_yearly_notice_makes_its_year_official(town, tmp_path):
    text = NOTICE.replace("days:", "year: 2027\ndays:").replace("2026-03-06", "2027-02-05")
    apply(write(tmp_path, text), confirm=True)
    assert CalendarYear.objects.get(year=2027).notice_number == "123/QĐ-UBND"
    assert not clock.get_calendar().is_provisional_year(2027)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NOTICE.replace("2026-03-06", "06.03.2026"), "unknown date format '06.03.2026'"),
        (NOTICE.replace("number: 123/QĐ-UBND\n", ""), "the notice has no number"),
        (
            NOTICE + '  - {date: 2026-03-06, kind: working_day, name: "Làm bù"}\n',
            "06/03/2026 is both a day off and a make-up working day",
        ),
        (NOTICE.replace("day_off", "holiday"), "unknown kind 'holiday'"),
        (NOTICE.replace("date: 2026-02-25\n", ""), "the notice has no date"),
    ],
)
def test_bad_notices_are_refused_with_a_clear_message_and_change_nothing(town, tmp_path, text, message):
    rows, events = CalendarAdjustment.objects.count(), DossierEvent.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        apply(write(tmp_path, text), confirm=True)
    assert (CalendarAdjustment.objects.count(), DossierEvent.objects.count()) == (rows, events)


def test_replan_keeps_an_extended_date_promised_in_writing(town):
    """ND 61/2018 art 19.7: after an extension the effective due date is the one in the apology (form 04)."""
    _world, d = town
    dossier = d["received"]
    dossier.extension_count, dossier.due_at = 1, vn(2026, 3, 13, 16, 0)
    old = clock.get_calendar()
    new = WorkingCalendar(
        adjustments=[*old.adjustments.values(), Adjustment(dt.date(2026, 3, 6), "day_off")],
        official_years=old.official_years,
    )
    plan = clock.replan(old, new, dossier, [])
    assert plan.legal_due_at == vn(2026, 3, 10, 9, 0)
    assert plan.due_at == vn(2026, 3, 13, 16, 0)


def test_the_command_speaks_vietnamese_and_says_a_dry_run_wrote_nothing(town, tmp_path, capsys):
    _world, d = town
    with time_machine.travel(NOW, tick=False):
        call_command("calendar", "apply-notice", write(tmp_path, NOTICE))
    out = capsys.readouterr().out
    assert "Thông báo / notice 123/QĐ-UBND ngày 25/02/2026" in out
    assert "2 hồ sơ đang giải quyết thay đổi hạn" in out
    assert f"{d['received'].code}  Thứ Hai 09/03/2026 09:00 → Thứ Ba 10/03/2026 09:00" in out
    assert "Chạy thử: chưa ghi gì" in out


def test_an_unknown_file_type_is_refused(tmp_path):
    with pytest.raises(CommandError, match=re.escape("must be .yaml, .yml or .csv")):
        call_command("calendar", "apply-notice", write(tmp_path, NOTICE, "notice.txt"))
