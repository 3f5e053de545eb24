"""The result by post through the VNPost double: the order built from the dossier, the tracking number VNPost
returns, signed status events (delivered → result returned, once), refusals, the manual fallback, the checks."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from motcua.dossiers import services
from motcua.dossiers.choices import Action, DeliveryMethod
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.errors import DossierError, DossierPermissionDenied
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.factories import World, vn
from motcua.integrations import checks
from motcua.integrations.models import LinkHealth
from motcua.integrations.post.client import LINK, VnPostClient
from motcua.integrations.post.conf import post_settings
from motcua.integrations.post.double import VnPostDouble
from motcua.integrations.post.models import Shipment, ShipmentStatus
from motcua.integrations.post.services import shipment_create
from motcua.workdays.selectors import invalidate_calendar

pytestmark = pytest.mark.django_db
AT = vn(2026, 3, 3, 9, 0)


def webhook(body: bytes, signature: str) -> int:
    return (
        Client()
        .post(
            "/lien-ket/buu-dien/trang-thai/", body, content_type="application/json", HTTP_X_VNPOST_SIGNATURE=signature
        )
        .status_code
    )


@pytest.fixture
def world(db):
    invalidate_calendar()
    yield World()
    invalidate_calendar()


@pytest.fixture
def vnpost(settings):
    double = VnPostDouble(event_call=webhook).start()
    settings.MOTCUA_VNPOST = {
        "BASE_URL": double.base_url,
        "USERNAME": double.username,
        "PASSWORD": double.password,
        "CUSTOMER_CODE": double.customer_code,
        "WEBHOOK_SECRET": double.secret,
        "SENDER_FULLNAME": "Trung tâm Phục vụ hành chính công tỉnh",
        "SENDER_TEL": "0237385000",
        "SENDER_ADDRESS": "Số 1 Đại lộ Lê Lợi, Thanh Hóa",
        "BACKOFF": 0,
    }
    yield double
    double.stop()


def ready_for_post(world):
    dossier = world.dossier_in(S.RESULT_READY)
    Dossier.objects.filter(pk=dossier.pk).update(
        result_delivery=DeliveryMethod.POST, result_address="Số 5 Lê Lợi, phường Hạc Thành, Thanh Hóa"
    )
    dossier.refresh_from_db()
    return dossier


def test_the_shipment_is_created_from_the_dossier_and_keeps_vnposts_tracking_number(world, vnpost):
    dossier = ready_for_post(world)
    with time_machine.travel(AT, tick=False):
        shipment = shipment_create(officer=world.counter, dossier=dossier)
    order = vnpost.orders[shipment.order_code]
    request = order["request"]
    assert (request["ReceiverFullname"], request["ReceiverTel"]) == ("Nguyễn Văn An", "0912345678")
    assert request["ReceiverAddress"] == "Số 5 Lê Lợi, phường Hạc Thành, Thanh Hóa"
    assert (request["CodAmountEvaluation"], request["IsReceiverPayFreight"]) == (0, False)
    assert shipment.tracking_number == order["answer"]["ItemCode"] and shipment.tracking_number.startswith("EB")
    assert (shipment.fee, shipment.status) == (16500, ShipmentStatus.CREATED)
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY  # returned only when VNPost delivers
    with pytest.raises(DossierError):
        shipment_create(officer=world.counter, dossier=dossier)  # one shipment per dossier


def test_delivered_event_returns_the_result_once_with_the_tracking_number(world, vnpost):
    dossier = ready_for_post(world)
    with time_machine.travel(AT, tick=False):
        shipment = shipment_create(officer=world.counter, dossier=dossier)
    with time_machine.travel(vn(2026, 3, 3, 15, 0), tick=False):
        assert vnpost.report(shipment.order_code, 2) == 200
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.IN_TRANSIT
    with time_machine.travel(vn(2026, 3, 4, 10, 0), tick=False):
        assert vnpost.report(shipment.order_code, 3) == 200
        assert vnpost.report(shipment.order_code, 3) == 200  # repeated: nothing more
    dossier.refresh_from_db()
    assert (dossier.status, dossier.national_status, dossier.postal_tracking) == (
        S.DELIVERED,
        10,
        shipment.tracking_number,
    )
    events = DossierEvent.objects.filter(dossier=dossier, action=Action.DELIVER)
    assert events.count() == 1
    event = events.get()
    assert event.actor_id is None and event.data["verified_by"] == "vnpost" and event.data["fee"] == 16500

    # the applicant sees it on their dossier page
    from motcua.accounts.choices import UserKind
    from motcua.accounts.services import user_create

    citizen = user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=citizen)
    browser = Client()
    browser.force_login(citizen)
    page = browser.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()
    assert shipment.tracking_number in page and "Đã phát cho người nhận" in page


def test_unsigned_altered_or_unknown_events_change_nothing(world, vnpost):
    dossier = ready_for_post(world)
    with time_machine.travel(AT, tick=False):
        shipment = shipment_create(officer=world.counter, dossier=dossier)
    body, signature = vnpost.event(shipment.order_code, 3)
    assert webhook(body, "") == 401
    assert webhook(body.replace(b'"OrderStatusId": 3', b'"OrderStatusId": 4'), signature) == 401
    other = VnPostDouble(secret="guess")
    other.orders = vnpost.orders
    assert webhook(*other.event(shipment.order_code, 3)) == 401
    shipment.refresh_from_db()
    dossier.refresh_from_db()
    assert (shipment.status, dossier.status) == (ShipmentStatus.CREATED, S.RESULT_READY)


def test_the_double_refuses_orders_that_break_the_contract(world, vnpost, settings):
    dossier = ready_for_post(world)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_phone="12345")
    dossier.refresh_from_db()
    with pytest.raises(DossierError) as refused:
        shipment_create(officer=world.counter, dossier=dossier)
    assert refused.value.code == "post_unavailable" and vnpost.refusals == ["bad phone"]
    settings.MOTCUA_VNPOST = {**settings.MOTCUA_VNPOST, "CUSTOMER_CODE": "OTHER"}
    Dossier.objects.filter(pk=dossier.pk).update(applicant_phone="0912345678")
    dossier.refresh_from_db()
    with pytest.raises(DossierError):
        shipment_create(officer=world.counter, dossier=dossier)
    assert vnpost.refusals[-1] == "unknown CustomerCode"
    assert Shipment.objects.count() == 0


def test_only_the_dossiers_counter_may_send_it(world, vnpost):
    dossier = ready_for_post(world)
    with pytest.raises(DossierPermissionDenied):
        shipment_create(officer=world.specialist, dossier=dossier)


def test_vnpost_down_retries_then_pauses_the_link(world, vnpost, settings):
    dossier = ready_for_post(world)
    vnpost.stop()
    naps = []
    with pytest.raises(DossierError) as refused:
        shipment_create(officer=world.counter, dossier=dossier, client=VnPostClient(post_settings(), sleep=naps.append))
    assert refused.value.code == "post_unavailable" and naps == [0, 0]
    link = LinkHealth.objects.get(name=LINK)
    assert (link.kind, link.failures) == ("post", 3)


def test_the_manual_fallback_needs_a_reason_kept_in_the_history(world):
    dossier = world.dossier_in(S.RESULT_READY)
    with pytest.raises(DossierError) as refused:
        world.act(
            services.dossier_deliver, dossier, at=AT, officer=world.counter, method="post", tracking_number="EB1VN"
        )
    assert refused.value.code == "manual_reason_required"
    delivered = world.act(
        services.dossier_deliver,
        dossier,
        at=AT,
        officer=world.counter,
        method="post",
        tracking_number="EB123456789VN",
        reason="Bưu điện chưa kết nối, gửi tại bưu cục",
    )
    event = DossierEvent.objects.filter(dossier=delivered, action=Action.DELIVER).get()
    assert event.reason == "Bưu điện chưa kết nối, gửi tại bưu cục" and event.data["manual_tracking"] is True
    assert event.actor_id == world.counter.pk


def test_deploy_check_refuses_the_double_and_a_half_configuration(settings, vnpost):
    assert [e.id for e in checks.check_post_link(None)] == ["motcua.E112"]
    settings.MOTCUA_VNPOST = {"USERNAME": "x"}
    assert [e.id for e in checks.check_post_link(None)] == ["motcua.E111"]
    settings.MOTCUA_VNPOST = {}
    assert [e.id for e in checks.check_post_link(None)] == ["motcua.W111"]


def test_the_configured_links_are_listed_on_the_link_health_page_before_any_call(client, vnpost, settings):
    from django.contrib.auth import get_user_model

    settings.MOTCUA_PAYMENT = {"TMN_CODE": "TINH01", "HASH_SECRET": "s"}
    admin_user = get_user_model().objects.create_superuser(username="quantri", password=None)
    client.force_login(admin_user)
    page = client.get("/quan-tri/integrations/linkhealth/")
    assert page.status_code == 200
    assert "post:vnpost" in page.content.decode() and "payment:platform" in page.content.decode()
    assert LinkHealth.objects.get(name="post:vnpost").calls == 0
