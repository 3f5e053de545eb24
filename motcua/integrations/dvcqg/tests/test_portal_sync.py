"""The national portal link end to end: outbox → worker → LGSP contract → the validating double."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import ProcedureFactory, vn
from motcua.integrations.models import LinkHealth, ProcedureMapping, StatusMapping
from motcua.sync.choices import DeliveryStatus
from motcua.sync.models import Delivery, DeliveryAttempt, OutboxMessage
from motcua.sync.reconcile import reconcile
from motcua.sync.worker import Worker

S = DossierStatus


def run_worker():
    Worker(name="t", reminders=False, close_months=False).run_once()


def test_a_dossier_received_at_the_counter_reaches_the_portal_with_its_envelope_and_progress_rows(
    world, lgsp, national
):
    dossier = world.dossier_in(S.IN_PROGRESS)  # received Mon 2/3/2026 09:00, forwarded at 10:00
    run_worker()

    assert lgsp.rejections == []
    record = lgsp.records[dossier.code]
    assert (record["MaTTHC"], record["TenTTHC"], record["TenLinhVuc"]) == (
        world.procedure.code,
        world.procedure.name,
        "Hộ tịch",
    )
    # Timestamps are Vietnamese local time, yyyyMMddHHmmss, whatever the server's time zone.
    assert record["NgayTiepNhan"] == "20260302090000"
    assert record["NgayHenTra"] == dossier.due_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime(
        "%Y%m%d%H%M%S"
    )
    assert (record["TrangThaiHoSo"], record["KenhThucHien"], record["HinhThuc"]) == ("4", "1", "0")
    assert (record["ChuHoSo"], record["SoDienThoai"], record["Email"]) == (
        "Nguyễn Văn An",
        "0912345678",
        "an@example.com",
    )
    assert record["TaiLieuNop"] == []  # paper presented at the counter: no file to list
    assert [(row["TrangThai"], row["ThoiDiemXuLy"]) for row in lgsp.progress] == [
        ("2", "20260302090000"),
        ("4", "20260302100000"),
    ]
    assert lgsp.progress[1]["PhongBanXuLy"] == world.one_stop.name
    # Created once (isUpdating false after TraCuuHoSo found nothing), then updated.
    assert lgsp.calls == [
        "auth",
        "TraCuuHoSo",
        "DongBoHoSoMC",
        "CapNhatTienDoHoSoMC",
        "TraCuuHoSo",
        "DongBoHoSoMC",
        "CapNhatTienDoHoSoMC",
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_outbox_rows_and_the_delivery_log_hold_no_personal_data(world, lgsp, national):
    world.dossier_in(S.IN_PROGRESS)
    run_worker()
    stored = json.dumps(
        [
            list(OutboxMessage.objects.values_list("payload", flat=True)),
            list(Delivery.objects.values_list("response_body", flat=True)),
            list(DeliveryAttempt.objects.values_list("response_excerpt", "error")),
        ],
        ensure_ascii=False,
    )
    for personal in ("Nguyễn Văn An", "0912345678", "an@example.com"):
        assert personal not in stored


def test_an_expired_session_is_renewed_by_signing_in_again(world, lgsp, national):
    world.dossier_in(S.RECEIVED)
    run_worker()
    lgsp.expire_sessions()
    dossier = world.dossier_in(S.RECEIVED, at=vn(2026, 3, 3, 9, 0))
    run_worker()
    assert lgsp.calls.count("auth") == 2
    assert dossier.code in lgsp.records
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_a_wrong_password_ends_as_a_dead_letter_that_is_replayed_once_fixed(world, lgsp, national):
    national.password = "wrong"
    national.save()
    dossier = world.dossier_in(S.RECEIVED)
    run_worker()  # the test settings retry at once: 5 refused attempts, then a dead letter
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.DEAD, 5, "login refused (01)")
    assert lgsp.records == {}

    national.password = lgsp.password
    national.save()
    call_command("sync", "replay", "--dead")
    run_worker()
    assert lgsp.records[dossier.code]["TrangThaiHoSo"] == "2"


def test_an_unmapped_procedure_is_never_sent_and_is_replayed_once_mapped(world, lgsp, national, capsys):
    local = ProcedureFactory(code="QT-HT-07")
    dossier = world.dossier_in(S.RECEIVED)
    dossier.procedure = local
    dossier.save(update_fields=["procedure"])
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.DEAD, "procedure not mapped to a national code")
    assert lgsp.calls == []  # nothing malformed left the building
    with pytest.raises(CommandError, match="1 thủ tục"):
        call_command("sync", "unmapped")
    assert "QT-HT-07" in capsys.readouterr().out

    ProcedureMapping.objects.create(procedure_code="QT-HT-07", national_code="1.000080")
    call_command("sync", "replay", "--dead")
    run_worker()
    assert lgsp.records[dossier.code]["MaTTHC"] == "1.000080"
    call_command("sync", "unmapped")
    assert "mọi thủ tục" in capsys.readouterr().out


def test_a_status_mapping_row_overrides_the_built_in_national_status(world, lgsp, national):
    StatusMapping.objects.create(local_status=S.RECEIVED, national_status=4)
    dossier = world.dossier_in(S.RECEIVED)
    run_worker()
    assert lgsp.records[dossier.code]["TrangThaiHoSo"] == "4"


def test_the_circuit_breaker_pauses_the_link_and_leaves_the_work_in_the_outbox(world, lgsp, national):
    lgsp.down = True
    for hour in range(4):
        world.dossier_in(S.RECEIVED, at=vn(2026, 3, 2, 8 + hour, 0))
    start = timezone.now()
    run_worker()
    # 3 consecutive failures (threshold) open the breaker; the 4th dossier is not tried at all.
    assert DeliveryAttempt.objects.count() == 3
    health = LinkHealth.objects.get()
    assert health.failures == 3 and health.open_until > start
    assert health.last_error == "HTTP 503"
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 4

    lgsp.down = False
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61), tick=False):
        run_worker()
    assert len(lgsp.records) == 4
    assert Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 4
    health.refresh_from_db()
    assert (health.failures, health.open_until) == (0, None)


def test_reconcile_asks_the_portal_dossier_by_dossier_through_tracuuhoso(world, lgsp, national):
    first = world.dossier_in(S.IN_PROGRESS)
    second = world.dossier_in(S.RECEIVED, at=vn(2026, 3, 2, 14, 0))
    run_worker()
    report = reconcile(endpoint=national)
    assert (report.local_total, report.remote_total, report.differences) == (2, 2, 0)

    lgsp.records[first.code]["TrangThaiHoSo"] = "9"
    del lgsp.records[second.code]
    report = reconcile(endpoint=national)
    assert report.status_mismatch == [{"code": first.code, "local": 4, "remote": 9}]
    assert report.missing_remote == [second.code]
    assert lgsp.calls[-2:] == ["TraCuuHoSo", "TraCuuHoSo"]


def test_a_supplement_request_carries_the_due_dates_before_and_after(world, lgsp, national):
    dossier = world.dossier_in(S.IN_PROGRESS)
    dossier = world.act(
        dossier_services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 3, 9, 0),
        officer=world.specialist,
        reason="Thiếu bản sao giấy chứng sinh",
        items=["Giấy chứng sinh"],
    )
    run_worker()
    assert lgsp.rejections == []
    rows = lgsp.records[dossier.code]["DanhSachHoSoBoSung"]
    assert [(row["NoiDungBoSung"], row["NgayBoSung"], row["TrangThaiBoSung"]) for row in rows] == [
        ("Thiếu bản sao giấy chứng sinh", "20260303090000", "0")
    ]
    assert rows[0]["NgayHenTraTruoc"] and rows[0]["NgayHenTraMoi"] == ""
    assert lgsp.records[dossier.code]["TrangThaiHoSo"] == "5"


def test_replaying_dead_letters_closes_the_breaker(world, lgsp, national, settings):
    settings.MOTCUA_SYNC = settings.MOTCUA_SYNC | {"MAX_ATTEMPTS": 3}
    lgsp.down = True
    dossier = world.dossier_in(S.RECEIVED)
    run_worker()
    assert Delivery.objects.get().status == DeliveryStatus.DEAD
    assert LinkHealth.objects.get().open_until is not None
    lgsp.down = False
    call_command("sync", "replay", "--dead")
    assert LinkHealth.objects.get().open_until is None
    run_worker()
    assert dossier.code in lgsp.records


def test_the_endpoint_admin_never_shows_the_lgsp_password_and_keeps_it_when_left_blank(
    world, lgsp, national, admin_client
):
    page = admin_client.get(f"/quan-tri/sync/syncendpoint/{national.pk}/change/")
    assert page.status_code == 200
    assert f'value="{lgsp.password}"' not in page.content.decode()
    form = {
        "name": national.name,
        "kind": national.kind,
        "url": national.url,
        "summary_url": "",
        "secret": "",
        "auth_url": national.auth_url,
        "username": national.username,
        "password": "",
        "unit_code": national.unit_code,
        "topics": "[]",
        "active": "on",
        "timeout_seconds": "",
        "created_at_0": "2026-03-02",
        "created_at_1": "09:00:00",
    }
    reply = admin_client.post(f"/quan-tri/sync/syncendpoint/{national.pk}/change/", form)
    assert reply.status_code == 302, reply.content.decode()[:2000]
    national.refresh_from_db()
    assert national.password == lgsp.password


def test_the_portals_procedure_list_helps_the_administrator_map_codes(world, lgsp, national, capsys):
    call_command("sync", "portal-procedures", "--endpoint", str(national.pk))
    lines = capsys.readouterr().out.splitlines()
    assert "1.000080\tĐăng ký nhận cha, mẹ, con" in lines
    assert lgsp.calls == ["auth", "LayThuTuc"]
