"""SMS through SMPP 3.4 against the loopback gateway double: templates, receipts, retries, the per-phone limit,
the breaker, sign-in codes and dossier notices."""

import re
import socket

import pytest
import smpplib.client
from django.core import mail

from motcua.accounts.choices import SignInChannel
from motcua.accounts.signin import Address, SignInError, sign_in_code_send
from motcua.dossiers.choices import NotificationStatus
from motcua.dossiers.models import Notification
from motcua.dossiers.notifications import notifications_send_pending
from motcua.dossiers.tests.factories import World
from motcua.integrations import checks
from motcua.integrations.choices import SmsStatus
from motcua.integrations.models import LinkHealth, SmsMessage, SmsPart, SmsTemplate
from motcua.integrations.sms import double as smsc_codes
from motcua.integrations.sms.services import SmsRefused, sms_receipts_listen, sms_send
from motcua.integrations.sms.smpp import GatewayError

NOTICE = "Ho so {code} da duoc tiep nhan."


@pytest.fixture
def notice(db):
    return SmsTemplate.objects.create(code="received_short", pattern=NOTICE, registration="BN-2026-001")


def test_a_registered_message_is_submitted_and_its_delivery_receipt_stored(smpp, smsc, notice):
    message = sms_send(phone="0912345678", text="Ho so H22-260302-0001 da duoc tiep nhan.", template=notice.code)
    assert smsc.messages == [("84912345678", "Ho so H22-260302-0001 da duoc tiep nhan.")]
    assert smsc.binds == ["transceiver"] and smsc.errors == []
    assert smsc.receipts_acknowledged == 1  # the client answered deliver_sm with deliver_sm_resp
    message.refresh_from_db()
    assert (message.status, message.parts, message.phone_tail) == (SmsStatus.DELIVERED, 1, "678")
    assert SmsPart.objects.get(message=message).stat == "DELIVRD"
    assert not SmsMessage.objects.filter(phone_hash__contains="0912345678").exists()


def test_a_long_vietnamese_text_goes_in_ucs2_parts_the_gateway_reassembles(smpp, smsc, db):
    text = "Hồ sơ của ông/bà đã được tiếp nhận, hẹn trả kết quả ngày 09/03/2026 tại Trung tâm phục vụ hành chính công."
    SmsTemplate.objects.create(code="long", pattern="Hồ sơ của ông/bà {rest}")
    message = sms_send(phone="0987654321", text=text, template="long")
    assert smsc.messages == [("84987654321", text)]
    assert message.parts == 2 and message.status == SmsStatus.DELIVERED


def test_an_undelivered_receipt_marks_the_message_undeliverable(smpp, smsc, notice):
    smsc.outcome = "UNDELIV"
    message = sms_send(phone="0912345678", text="Ho so X da duoc tiep nhan.", template=notice.code)
    assert message.status == SmsStatus.UNDELIVERABLE


def test_a_text_that_is_not_a_registered_template_is_never_sent(smpp, smsc, notice):
    with pytest.raises(SmsRefused, match="does not match"):
        sms_send(phone="0912345678", text="Khuyen mai lon!", template=notice.code)
    with pytest.raises(SmsRefused, match="not registered"):
        sms_send(phone="0912345678", text="Ho so X da duoc tiep nhan.", template="unknown")
    assert smsc.messages == [] and smsc.binds == []


def test_the_per_phone_limit_holds_back_the_sixth_message_within_the_hour(smpp, smsc, notice):
    for n in range(5):
        sms_send(phone="0912345678", text=f"Ho so {n} da duoc tiep nhan.", template=notice.code)
    with pytest.raises(SmsRefused, match="limit"):
        sms_send(phone="0912345678", text="Ho so 6 da duoc tiep nhan.", template=notice.code)
    sms_send(phone="0987654321", text="Ho so 7 da duoc tiep nhan.", template=notice.code)  # another phone
    assert len(smsc.messages) == 6
    assert SmsMessage.objects.filter(status=SmsStatus.LIMITED).count() == 1


def test_a_refusal_is_not_retried_and_names_the_smpp_status(smpp, smsc, notice, settings):
    settings.MOTCUA_SMPP = smpp | {"PASSWORD": "wrong"}
    with pytest.raises(GatewayError) as error:
        sms_send(phone="0912345678", text="Ho so X da duoc tiep nhan.", template=notice.code)
    assert error.value.status == smsc_codes.RINVPASWD
    assert smsc.errors == [("bind", smsc_codes.RINVPASWD)]  # one try only
    assert SmsMessage.objects.get().attempts == 1


def test_an_unreachable_gateway_is_retried_then_pauses_the_link(smpp, smsc, notice, settings):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there
    settings.MOTCUA_SMPP = smpp | {"PORT": port}
    with pytest.raises(GatewayError):
        sms_send(phone="0912345678", text="Ho so X da duoc tiep nhan.", template=notice.code)
    assert SmsMessage.objects.get().attempts == 3
    assert LinkHealth.objects.get(name="sms:smpp").open_until is not None  # 3 failures = threshold
    with pytest.raises(SmsRefused, match="paused"):
        sms_send(phone="0987654321", text="Ho so Y da duoc tiep nhan.", template=notice.code)


def test_late_receipts_are_read_on_a_receiver_bind(smpp, smsc, notice, settings):
    settings.MOTCUA_SMPP = smpp | {"RECEIPT_WAIT": 0}
    smsc.send_receipts = True
    message = sms_send(phone="0912345678", text="Ho so X da duoc tiep nhan.", template=notice.code)
    # The transceiver bind did not wait: the receipt arrived on it but was not read; a gateway keeps such
    # receipts for the next receiver bind, as the double does with submit on a transmitter.
    assert message.status == SmsStatus.SUBMITTED
    part = SmsPart.objects.get(message=message)
    smsc.pending_receipts.append(smsc._receipt(part.gateway_id, source="84912345678"))
    assert sms_receipts_listen(seconds=0.5) >= 1
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED
    assert smsc.binds[-1] == "receiver"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"source_addr": "OTHER"}, smsc_codes.RINVSRCADR),
        ({"source_addr_ton": 1}, smsc_codes.RINVSRCTON),
        ({"destination_addr": "0912345678"}, smsc_codes.RINVDSTADR),
        ({"dest_addr_npi": 0}, smsc_codes.RINVDSTNPI),
        ({"registered_delivery": 0}, smsc_codes.RINVREGDLVFLG),
        ({"esm_class": 0x40}, smsc_codes.RINVESMCLASS),  # UDHI set without a concatenation header
    ],
)
def test_the_double_refuses_malformed_submit_sm(smsc, change, status):
    client = smpplib.client.Client("127.0.0.1", smsc.port, timeout=2, allow_unknown_opt_params=True)
    client.connect()
    try:
        client.bind_transceiver(system_id="motcua", password="s3cret")
        values = {
            "source_addr_ton": 5,
            "source_addr_npi": 0,
            "source_addr": "UBND-TINH",
            "dest_addr_ton": 1,
            "dest_addr_npi": 1,
            "destination_addr": "84912345678",
            "short_message": b"Ho so X",
            "registered_delivery": 1,
        } | change
        client.send_message(**values)
        reply = client.read_pdu()
        assert (reply.command, int(reply.status)) == ("submit_sm_resp", status)
    finally:
        client.disconnect()
    assert smsc.messages == []


def test_the_double_refuses_submit_before_bind(smsc):
    with socket.create_connection(("127.0.0.1", smsc.port), timeout=2) as sock:
        body = b"\x00\x05\x00UBND-TINH\x00\x01\x0184912345678\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x02hi"
        sock.sendall((16 + len(body)).to_bytes(4, "big") + bytes.fromhex("00000004 00000000 00000001") + body)
        reply = sock.recv(16)
    assert int.from_bytes(reply[8:12], "big") == smsc_codes.RINVBNDSTS


def test_a_phone_sign_in_code_arrives_at_the_gateway(smpp, smsc, db, django_capture_on_commit_callbacks):
    from django.utils.translation import gettext

    pattern = gettext(
        "Your sign-in code is %(code)s. It is valid for %(minutes)s minutes. Never give it to anyone."
    ) % {"code": "{code}", "minutes": "{minutes}"}
    SmsTemplate.objects.create(code="sign_in_code", pattern=pattern)
    with django_capture_on_commit_callbacks(execute=True):
        sign_in_code_send(address=Address(SignInChannel.PHONE, "0912345678"))
    [(destination, text)] = smsc.messages
    assert destination == "84912345678"
    assert re.search(r"\b\d{6}\b", text)
    assert SmsMessage.objects.get().template == "sign_in_code"


def test_a_sign_in_code_that_cannot_be_sent_is_a_clear_error_not_a_crash(
    smpp, smsc, db, django_capture_on_commit_callbacks
):
    # no registered template for sign_in_code
    with pytest.raises(SignInError) as error, django_capture_on_commit_callbacks(execute=True):
        sign_in_code_send(address=Address(SignInChannel.PHONE, "0912345678"))
    assert error.value.code == "not_delivered"


def test_a_dossier_notice_goes_out_by_sms_and_email(smpp, smsc, db):
    world = World()
    # The "received" notice: its subject line, then the appointment line (notifications._text).
    SmsTemplate.objects.create(code="received", pattern="{subject}\n{due}")
    dossier = world.receive()
    assert notifications_send_pending() == 2  # the worker's duty (dossiers.notifications)
    assert [destination for destination, _text in smsc.messages] == ["84912345678"]
    assert dossier.code in smsc.messages[0][1]
    rows = dict(Notification.objects.filter(dossier=dossier).values_list("channel", "status"))
    assert rows == {"email": NotificationStatus.SENT, "sms": NotificationStatus.SENT}
    assert len(mail.outbox) == 1


def test_deploy_check_accepts_a_configured_smpp_channel_and_names_missing_settings(smpp, settings):
    assert checks.check_message_channel(None) == []
    settings.MOTCUA_SMPP = {}
    [error] = checks.check_message_channel(None)
    assert error.id == "motcua.E102" and "MOTCUA_SMPP_HOST" in error.msg
