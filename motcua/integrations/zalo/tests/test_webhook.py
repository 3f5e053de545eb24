"""Zalo's delivery event through our webhook address: signature per Zalo's webhook rules, stored per message."""

import hashlib
import json

import pytest
from django.test import Client

from motcua.integrations import checks
from motcua.integrations.choices import SmsStatus
from motcua.integrations.models import SmsTemplate
from motcua.integrations.zalo.double import ZnsDouble
from motcua.integrations.zalo.services import zns_send
from motcua.integrations.zalo.webhook import event_signature

TEXT = "Hồ sơ H22.10-260302-0001 đã được tiếp nhận, hẹn trả ngày 09/03/2026."
OA_SECRET = "oa-secret"


@pytest.fixture
def sent(settings, db):
    with ZnsDouble(templates={"301234": {"ma_ho_so": 30, "ngay_hen": 10}}) as zalo:
        settings.MOTCUA_ZALO = {
            "APP_ID": zalo.app_id,
            "SECRET_KEY": zalo.secret_key,
            "OA_SECRET_KEY": OA_SECRET,
            "REFRESH_TOKEN": zalo.refresh_token,
            "OAUTH_URL": zalo.oauth_url,
            "API_URL": zalo.api_url,
        }
        SmsTemplate.objects.create(
            code="received",
            pattern="Hồ sơ {ma_ho_so} đã được tiếp nhận, hẹn trả ngày {ngay_hen}.",
            zns_template_id="301234",
        )
        yield zns_send(phone="0912345678", text=TEXT, template="received")


def event(message, *, timestamp="1772420400000"):
    body = {
        "app_id": "4321",
        "event_name": "user_received_message",
        "message": {"msg_id": message.sms_parts.get().gateway_id, "delivery_time": timestamp},
        "timestamp": timestamp,
    }
    return json.dumps(body).encode()


def post(body: bytes, signature: str):
    return Client().post(
        "/lien-ket/zalo/su-kien/", body, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=signature
    )


def test_the_signature_is_sha256_of_app_id_body_timestamp_and_oa_secret_as_zalo_publishes():
    """developers.zalo.me webhook rules: mac = sha256(appId + data + timeStamp + OAsecretKey)."""
    body = b'{"timestamp":"1"}'
    expected = hashlib.sha256(b"4321" + body + b"1" + b"oa-secret").hexdigest()
    assert event_signature(app_id="4321", body=body, timestamp="1", oa_secret_key="oa-secret") == "mac=" + expected


def test_a_signed_delivery_event_marks_the_message_delivered_once(sent):
    body = event(sent)
    signature = event_signature(app_id="4321", body=body, timestamp="1772420400000", oa_secret_key=OA_SECRET)
    assert post(body, signature).status_code == 200
    assert post(body, signature).status_code == 200  # Zalo repeats events: same outcome
    sent.refresh_from_db()
    assert sent.status == SmsStatus.DELIVERED
    assert sent.sms_parts.get().stat == "DELIVRD"


def test_an_unsigned_or_altered_event_is_refused_and_changes_nothing(sent):
    body = event(sent)
    good = event_signature(app_id="4321", body=body, timestamp="1772420400000", oa_secret_key=OA_SECRET)
    assert post(body, "").status_code == 401
    assert post(body.replace(b"1772420400000", b"1772420400001"), good).status_code == 401
    wrong_key = event_signature(app_id="4321", body=body, timestamp="1772420400000", oa_secret_key="guess")
    assert post(body, wrong_key).status_code == 401
    assert post(b"not json", good).status_code == 400
    sent.refresh_from_db()
    assert sent.status == SmsStatus.SUBMITTED


def test_deploy_check_wants_the_oa_secret_with_the_zalo_channel(settings):
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.integrations.zalo.services.ZaloChannel"
    settings.MOTCUA_ZALO = {"APP_ID": "1", "SECRET_KEY": "s", "REFRESH_TOKEN": "r"}
    assert [e.id for e in checks.check_zalo_webhook(None)] == ["motcua.E110"]
    settings.MOTCUA_ZALO = {**settings.MOTCUA_ZALO, "OA_SECRET_KEY": "k"}
    assert checks.check_zalo_webhook(None) == []
