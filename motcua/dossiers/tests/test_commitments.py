"""A dossier under a service commitment carries the committed due date beside the legal one (deadlines.md §10):
computed by the same clock function (`clock.limit_due`), moved by the same pause/restart rules, recorded in the
history, printed on form 01 and on the tracking page, counted in the rollups."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.catalog.services import commitment_set
from motcua.dossiers import clock, services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, vn
from motcua.metrics.models import DailyRollup
from motcua.units.tests.factories import ProvinceFactory

S = DossierStatus
pytestmark = pytest.mark.django_db


def committed_world(value="4", unit="working_hours", legal=3) -> World:
    """A commune one-stop centre under a province that committed to `value` `unit` (legal: `legal` days)."""
    world = World(time_limit_value=Decimal(legal), time_limit_unit="working_days")
    province = ProvinceFactory()
    world.one_stop.parent = province
    world.one_stop.save()
    world.commitment = commitment_set(
        procedure_code=world.procedure.code,
        scope=province,
        value=Decimal(value),
        unit=unit,
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
        decision_issuer="UBND tỉnh Thử Nghiệm",
    )
    return world


def test_committed_working_hours_run_over_the_weekend():
    """4 working hours from Fri 06/03/2026 14:00: 3 h on Friday (to 17:00), Saturday and Sunday are off, 1 h on
    Monday → Mon 09/03/2026 08:30. The legal 3 working days end Wed 11/03 14:00."""
    dossier = committed_world().receive(at=vn(2026, 3, 6, 14, 0))
    assert dossier.committed_due_at == vn(2026, 3, 9, 8, 30)
    assert dossier.legal_due_at == dossier.due_at == vn(2026, 3, 11, 14, 0)
    assert (dossier.committed_limit_value, dossier.committed_limit_unit) == (Decimal(4), "working_hours")


def test_committed_working_hours_run_over_a_holiday_and_the_15h_rule_applies():
    """Received Wed 29/04/2026 15:30 (after 15:00 → the next working day; 30/4 and 1/5 are holidays, then a
    weekend): the clock starts Mon 04/05 07:30, 4 working hours → 11:30."""
    dossier = committed_world().receive(at=vn(2026, 4, 29, 15, 30))
    assert dossier.clock_started_at == vn(2026, 5, 4, 7, 30)
    assert dossier.committed_due_at == vn(2026, 5, 4, 11, 30)


def test_the_committed_due_is_the_clock_function_not_a_copy(monkeypatch):
    """One computation: `clock.committed_due` calls `limit_due`, the function of the legal due date."""
    seen = []
    real = clock.limit_due

    def spy(cal, start, value, unit):
        seen.append((value, unit))
        return real(cal, start, value, unit)

    monkeypatch.setattr(clock, "limit_due", spy)
    committed_world().receive(at=vn(2026, 3, 2, 9, 0))
    assert (Decimal(4), "working_hours") in seen and (Decimal(3), "working_days") in seen


def test_without_a_commitment_nothing_changes():
    dossier = World().receive(at=vn(2026, 3, 6, 14, 0))
    assert dossier.committed_due_at is None and dossier.commitment_id is None
    assert "committed_due_at" not in dossier.events.get(seq=1).data


def test_the_history_records_the_committed_due_date():
    dossier = committed_world().receive(at=vn(2026, 3, 6, 14, 0))
    assert dossier.events.get(seq=1).data["committed_due_at"] == vn(2026, 3, 9, 8, 30).isoformat()


def test_a_pause_moves_the_committed_due_date_by_the_working_time_waited():
    world = committed_world(value="2", unit="working_days")
    dossier = world.dossier_in(S.IN_PROGRESS)  # received Mon 2/3 09:00: committed Wed 4/3 09:00
    assert dossier.committed_due_at == vn(2026, 3, 4, 9, 0)
    paused = world.act(services.dossier_suspend, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.leader, reason="x")
    resumed = world.act(services.dossier_resume, paused, at=vn(2026, 3, 5, 9, 0), officer=world.leader)
    assert resumed.committed_due_at == vn(2026, 3, 6, 9, 0)  # 16 working hours waited, as the legal due date
    assert resumed.due_at == vn(2026, 3, 9, 9, 0)  # the legal 3 days (Thu 5/3 09:00) moved by the same 16 h


def test_a_supplement_after_appraisal_restarts_the_committed_time_from_zero():
    world = committed_world(value="2", unit="working_days")
    dossier = world.dossier_in(S.IN_PROGRESS)
    waiting = world.act(
        services.dossier_request_supplement, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.specialist, items=["CCCD"]
    )
    back = world.act(services.dossier_supplement_received, waiting, at=vn(2026, 3, 10, 14, 0), officer=world.counter)
    assert back.clock_started_at == vn(2026, 3, 10, 14, 0)
    assert back.committed_due_at == vn(2026, 3, 12, 14, 0)
    assert back.legal_due_at == vn(2026, 3, 13, 14, 0)


def test_late_for_the_commitment_but_on_time_legally_is_counted_apart():
    world = committed_world()  # 4 working hours; legal 3 days
    dossier = world.dossier_in(S.IN_PROGRESS)  # received Mon 2/3 09:00: committed 13:30 same day
    dossier = world.act(
        services.dossier_appraise, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.specialist, opinion="ok"
    )
    dossier = world.act(services.dossier_approve, dossier, at=vn(2026, 3, 3, 10, 0), officer=world.leader)
    dossier = world.act(services.dossier_sign, dossier, at=vn(2026, 3, 3, 11, 0), officer=world.leader)
    assert dossier.outcome == "early"  # legal due Thu 5/3 09:00
    assert dossier.events.order_by("-seq").first().data["commitment_kept"] is False
    row = DailyRollup.objects.get(unit=world.one_stop, day=dt.date(2026, 3, 3))
    assert (row.resolved_early, row.committed_resolved, row.committed_kept) == (1, 1, 0)


def test_finished_before_the_committed_moment_keeps_the_commitment():
    world = committed_world(value="1", unit="working_days")
    dossier = world.dossier_in(S.RESULT_READY)  # received Mon 2/3 09:00, signed 13:00 (committed Tue 3/3 09:00)
    assert dossier.events.order_by("-seq").first().data["commitment_kept"] is True
    row = DailyRollup.objects.get(unit=world.one_stop, day=dt.date(2026, 3, 2))
    assert (row.committed_resolved, row.committed_kept) == (1, 1)


def test_form_01_shows_the_committed_appointment_with_the_legal_limit(client):
    world = committed_world()
    dossier = world.receive(at=vn(2026, 3, 6, 14, 0))
    client.force_login(world.counter)
    body = client.get(reverse("console:dossier_form", args=[dossier.code, "01"])).content.decode()
    assert 'data-testid="committed-due"' in body
    assert "Hẹn trả kết quả theo cam kết: <strong>08 giờ 30 phút, ngày 09 tháng 03 năm 2026</strong>" in body
    assert "thời gian cam kết 4 giờ làm việc theo Quyết định số 15/QĐ-UBND ngày 05/01/2026" in body
    assert "thời hạn theo quy định 3 ngày làm việc" in body
    assert "14 giờ 00 phút, ngày 11 tháng 03 năm 2026" in body  # item 5: the legal appointment stays


def test_form_01_without_a_commitment_has_no_committed_line(client):
    world = World()
    dossier = world.receive(at=vn(2026, 3, 6, 14, 0))
    client.force_login(world.counter)
    body = client.get(reverse("console:dossier_form", args=[dossier.code, "01"])).content.decode()
    assert "theo cam kết" not in body


def test_the_tracking_page_shows_the_committed_return_beside_the_legal_due_date(client):
    dossier = committed_world().receive(at=vn(2026, 3, 6, 14, 0))
    body = client.post("/tra-cuu/", {"ma": dossier.code, "so": "5678"}).content.decode()
    assert 'data-testid="track-committed-due"' in body and "09/03/2026 08:30" in body
    assert "Hạn giải quyết theo quy định" in body and "11/03/2026" in body
