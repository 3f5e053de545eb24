"""Zalo ZNS against the loopback double: template parameters, token refresh, refusals, delivery event."""

import pytest

from motcua.integrations import checks
from motcua.integrations.choices import SmsStatus
from motcua.integrations.models import SmsMessage, SmsTemplate, ZaloToken
from motcua.integrations.sms.services import SmsRefused
from motcua.integrations.zalo import double as zalo_codes
from motcua.integrations.zalo.client import ZaloError
from motcua.integrations.zalo.double import ZnsDouble
from motcua.integrations.zalo.services import zns_delivered, zns_send

TEXT = "Hồ sơ H22.10-260302-0001 đã được tiếp nhận, hẹn trả ngày 09/03/2026."


@pytest.fixture
def zalo():
    with ZnsDouble(templates={"301234": {"ma_ho_so": 30, "ngay_hen": 10}}) as double:
        yield double


@pytest.fixture
def configured(settings, zalo, db):
    settings.MOTCUA_ZALO = {
        "APP_ID": zalo.app_id,
        "SECRET_KEY": zalo.secret_key,
        "REFRESH_TOKEN": zalo.refresh_token,
        "OAUTH_URL": zalo.oauth_url,
        "API_URL": zalo.api_url,
        "TIMEOUT": 2,
    }
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.integrations.zalo.services.ZaloChannel"
    return SmsTemplate.objects.create(
        code="received",
        pattern="Hồ sơ {ma_ho_so} đã được tiếp nhận, hẹn trả ngày {ngay_hen}.",
        zns_template_id="301234",
    )


def test_a_notice_is_sent_as_the_approved_template_with_its_parameters(configured, zalo):
    message = zns_send(phone="0912345678", text=TEXT, template="received")
    assert zalo.sent == [
        {
            "phone": "84912345678",
            "template_id": "301234",
            "template_data": {"ma_ho_so": "H22.10-260302-0001", "ngay_hen": "09/03/2026"},
            "tracking_id": f"motcua-{message.pk}",
        }
    ]
    assert (message.channel, message.status) == ("zalo", SmsStatus.SUBMITTED)
    assert zalo.refreshes == 1  # no access token yet: the stored refresh token bought the first one


def test_the_single_use_refresh_token_is_rotated_and_kept(configured, zalo):
    zns_send(phone="0912345678", text=TEXT, template="received")
    token = ZaloToken.objects.get()
    assert token.refresh_token == zalo.refresh_token != "first-refresh"
    zalo.expire_access_token()  # Zalo answers -124: the client refreshes once and repeats
    zns_send(phone="0987654321", text=TEXT, template="received")
    assert zalo.refreshes == 2 and zalo.errors == [zalo_codes.TOKEN_INVALID]
    assert len(zalo.sent) == 2


def test_a_text_that_matches_no_approved_template_is_not_sent(configured, zalo):
    with pytest.raises(SmsRefused):
        zns_send(phone="0912345678", text="Khuyến mãi lớn!", template="received")
    assert zalo.sent == []


def test_a_parameter_longer_than_approved_is_refused_by_zalo(configured, zalo):
    with pytest.raises(ZaloError) as error:
        zns_send(phone="0912345678", text=TEXT.replace("09/03/2026", "ngày chín tháng ba"), template="received")
    assert error.value.code == zalo_codes.PARAMETER_INVALID
    assert SmsMessage.objects.get().status == SmsStatus.FAILED


def test_the_delivery_event_marks_the_message_delivered(configured, zalo):
    message = zns_send(phone="0912345678", text=TEXT, template="received")
    zns_delivered(message_id=message.sms_parts.get().gateway_id)
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED


def test_deploy_check_names_missing_zalo_settings(configured, settings):
    assert checks.check_message_channel(None) == []
    settings.MOTCUA_ZALO = {}
    [error] = checks.check_message_channel(None)
    assert error.id == "motcua.E105"
