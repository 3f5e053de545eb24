"""The officer sends a ready result by post through the VNPost double from the dossier page."""

from __future__ import annotations

import pytest

from motcua.dossiers.choices import DeliveryMethod
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.models import Dossier
from motcua.integrations.post.double import VnPostDouble
from motcua.integrations.post.models import Shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def vnpost(settings):
    double = VnPostDouble().start()
    settings.MOTCUA_VNPOST = {
        "BASE_URL": double.base_url,
        "USERNAME": double.username,
        "PASSWORD": double.password,
        "CUSTOMER_CODE": double.customer_code,
        "WEBHOOK_SECRET": double.secret,
        "SENDER_FULLNAME": "Trung tâm Phục vụ hành chính công",
        "SENDER_TEL": "0237385000",
        "SENDER_ADDRESS": "Số 1 Đại lộ Lê Lợi, Thanh Hóa",
    }
    yield double
    double.stop()


def test_the_counter_sends_the_result_through_vnpost_and_sees_the_tracking_number(client, world, vnpost):
    dossier = world.dossier_in(S.RESULT_READY)
    Dossier.objects.filter(pk=dossier.pk).update(
        result_delivery=DeliveryMethod.POST, result_address="Số 5 Lê Lợi, phường Hạc Thành, Thanh Hóa"
    )
    client.force_login(world.counter)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert b'data-testid="ship-button"' in page.content
    sent = client.post(f"/can-bo/ho-so/{dossier.code}/gui-buu-dien/")
    assert sent.status_code == 302
    shipment = Shipment.objects.get()
    page = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert shipment.tracking_number in page.content.decode()
    assert b'data-testid="ship-button"' not in page.content
    assert vnpost.orders[shipment.order_code]["request"]["ReceiverFullname"] == "Nguyễn Văn An"


def test_without_the_link_there_is_no_ship_button_and_a_post_is_refused(client, world, settings):
    settings.MOTCUA_VNPOST = {}
    dossier = world.dossier_in(S.RESULT_READY)
    client.force_login(world.counter)
    assert b'data-testid="ship-button"' not in client.get(f"/can-bo/ho-so/{dossier.code}/").content
    assert client.post(f"/can-bo/ho-so/{dossier.code}/gui-buu-dien/").status_code == 400
    assert Shipment.objects.count() == 0
