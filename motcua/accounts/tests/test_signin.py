"""Citizen sign-in with a one-time code: hashing, expiry, tries, send limits, delivery, account creation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from motcua.accounts.choices import SignInChannel, UserKind
from motcua.accounts.models import SignInCode, User
from motcua.accounts.signin import SignInError, parse_address, sign_in_code_send, sign_in_code_verify
from motcua.dossiers.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)  # codes are delivered on commit

START = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
SIGNIN, VERIFY = "/tai-khoan/ma-mot-lan/", "/tai-khoan/ma-mot-lan/xac-nhan/"


class RecordingChannel:
    sent: list[dict] = []
    name = "sms"

    def send(self, *, phone, text, template, dossier_id):
        RecordingChannel.sent.append({"phone": phone, "text": text, "template": template})


@pytest.fixture
def sms(settings):
    RecordingChannel.sent = []
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.accounts.tests.test_signin.RecordingChannel"
    return RecordingChannel.sent


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def emailed_code() -> str:
    return code_in(mail.outbox[-1].body)


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize(
    ("raw", "channel", "value"),
    [
        ("An.Nguyen@Example.com ", SignInChannel.EMAIL, "an.nguyen@example.com"),
        ("0912 345 678", SignInChannel.PHONE, "0912345678"),
        ("+84 912.345.678", SignInChannel.PHONE, "0912345678"),
        ("84912345678", SignInChannel.PHONE, "0912345678"),
    ],
)
def test_addresses_are_normalised(raw, channel, value):
    address = parse_address(raw)

    assert (address.channel, address.value) == (channel, value)


@pytest.mark.parametrize("raw", ["", "abc", "12345", "an@", "0912 345 67a", "٠٩١٢٣٤٥٦٧٨"])
def test_bad_addresses_are_refused(raw):
    with pytest.raises(SignInError):
        parse_address(raw)


def test_code_is_emailed_and_only_its_hash_is_stored():
    address = parse_address("an@example.com")

    row = sign_in_code_send(address=address)

    code = emailed_code()
    assert mail.outbox[0].to == ["an@example.com"]
    assert len(code) == 6
    stored = SignInCode.objects.get(pk=row.pk)
    assert code not in (stored.code_hash, stored.salt)
    assert "an@example.com" not in stored.address_hash


def test_code_for_a_phone_goes_through_the_message_channel(sms):
    sign_in_code_send(address=parse_address("0912345678"))

    assert len(sms) == 1
    assert sms[0]["phone"] == "0912345678"
    assert sms[0]["template"] == "sign_in_code"
    assert mail.outbox == []


def test_first_sign_in_creates_a_citizen_account_and_the_next_reuses_it():
    address = parse_address("binh@example.com")
    sign_in_code_send(address=address)
    first = sign_in_code_verify(address=address, code=emailed_code())
    sign_in_code_send(address=address)

    second = sign_in_code_verify(address=address, code=emailed_code())

    assert first.pk == second.pk
    assert first.kind == UserKind.CITIZEN
    assert first.email == "binh@example.com"
    assert not first.has_usable_password()


def test_an_officer_with_the_same_email_is_not_signed_in_by_code():
    officer = OfficerFactory(email="canbo@example.com")
    address = parse_address("canbo@example.com")
    sign_in_code_send(address=address)

    user = sign_in_code_verify(address=address, code=emailed_code())

    assert user.pk != officer.pk
    assert user.kind == UserKind.CITIZEN


def test_a_code_works_only_once():
    address = parse_address("an@example.com")
    sign_in_code_send(address=address)
    code = emailed_code()
    sign_in_code_verify(address=address, code=code)

    with pytest.raises(SignInError) as error:
        sign_in_code_verify(address=address, code=code)

    assert error.value.code == "expired"


def test_a_code_expires_after_ten_minutes():
    address = parse_address("an@example.com")
    with time_machine.travel(START, tick=False):
        sign_in_code_send(address=address)
    code = emailed_code()

    with (
        time_machine.travel(START + dt.timedelta(minutes=10, seconds=1), tick=False),
        pytest.raises(SignInError) as error,
    ):
        sign_in_code_verify(address=address, code=code)

    assert error.value.code == "expired"


def test_five_wrong_codes_kill_the_code_even_the_right_one_after():
    address = parse_address("an@example.com")
    sign_in_code_send(address=address)
    code = emailed_code()
    wrong = other_than(code)
    codes = []
    for _attempt in range(5):
        with pytest.raises(SignInError) as error:
            sign_in_code_verify(address=address, code=wrong)
        codes.append(error.value.code)

    with pytest.raises(SignInError) as error:
        sign_in_code_verify(address=address, code=code)

    assert codes == ["wrong_code"] * 4 + ["too_many_attempts"]
    assert error.value.code == "expired"
    assert SignInCode.objects.get().attempts == 5


def test_a_new_code_replaces_the_previous_one():
    address = parse_address("an@example.com")
    sign_in_code_send(address=address)
    old = emailed_code()
    sign_in_code_send(address=address)
    new = emailed_code()

    with pytest.raises(SignInError):
        sign_in_code_verify(address=address, code=old)

    assert sign_in_code_verify(address=address, code=new).kind == UserKind.CITIZEN


@override_settings(MOTCUA_SIGNIN_SEND_LIMIT=(3, 900))
def test_sends_to_one_address_are_limited():
    address = parse_address("an@example.com")
    for _send in range(3):
        sign_in_code_send(address=address)

    with pytest.raises(SignInError) as error:
        sign_in_code_send(address=address)

    assert error.value.code == "send_limited"
    assert len(mail.outbox) == 3


@override_settings(MOTCUA_SIGNIN_CLIENT_SEND_LIMIT=(2, 3600))
def test_sends_from_one_client_are_limited_across_addresses():
    sign_in_code_send(address=parse_address("a@example.com"), client="10.0.0.1")
    sign_in_code_send(address=parse_address("b@example.com"), client="10.0.0.1")

    with pytest.raises(SignInError):
        sign_in_code_send(address=parse_address("c@example.com"), client="10.0.0.1")
    sign_in_code_send(address=parse_address("c@example.com"), client="10.0.0.2")


def test_sign_in_pages_log_the_citizen_in_and_keep_the_address_out_of_urls(client):
    response = client.post(SIGNIN, {"address": "an@example.com", "next": "/tra-cuu/"})
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    page = client.get(VERIFY).content.decode()
    assert "a***@example.com" in page
    assert "an@example.com" not in page

    response = client.post(VERIFY, {"code": emailed_code()})

    # a first sign-in asks for the person's name first, then goes on to where they were going
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/thong-tin-ca-nhan/?next=%2Ftra-cuu%2F"
    assert User.objects.get(email="an@example.com").kind == UserKind.CITIZEN
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="an@example.com").pk
    response = client.post("/tai-khoan/thong-tin-ca-nhan/", {"full_name": " Nguyễn  Văn An ", "next": "/tra-cuu/"})
    assert response["Location"] == "/tra-cuu/"
    assert User.objects.get(email="an@example.com").display_name() == "Nguyễn Văn An"


def test_the_profile_refuses_a_bad_id_number_with_a_vietnamese_message_and_keeps_the_rest(client):
    user = User.objects.create(username="cd-abc", kind=UserKind.CITIZEN)
    client.force_login(user)
    response = client.post(
        "/tai-khoan/thong-tin-ca-nhan/",
        {"full_name": "Trần Thị Bình", "id_number": "12345", "phone": "0912 345 678", "address": "Số 2 Lê Lợi"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Số định danh có 12 chữ số (chứng minh nhân dân cũ có 9 chữ số)." in page
    assert 'value="Số 2 Lê Lợi"' in page
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in page
    assert 'id="id_id_number_error"' in page and 'id="id_id_number_helptext"' in page
    user.refresh_from_db()
    assert (user.full_name, user.display_name()) == ("", "Công dân")


def test_sign_in_refuses_an_offsite_next_url(client):
    client.post(SIGNIN, {"address": "an@example.com", "next": "https://evil.example/"})

    response = client.post(VERIFY, {"code": emailed_code()})

    assert not response["Location"].startswith("https://evil.example")


def test_wrong_code_on_the_page_says_so(client):
    client.post(SIGNIN, {"address": "an@example.com"})
    code = emailed_code()

    response = client.post(VERIFY, {"code": other_than(code)})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_verify_page_without_a_pending_sign_in_goes_back_to_step_one(client):
    response = client.get(VERIFY)

    assert response.status_code == 302
    assert response["Location"] == SIGNIN


def test_officer_password_login_still_works(client):
    officer = OfficerFactory()
    officer.set_password("mat-khau-dai-123")
    officer.save()

    response = client.post("/tai-khoan/dang-nhap/", {"username": officer.username, "password": "mat-khau-dai-123"})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == officer.pk
