"""The citizen pays a fee from the dossier page through the payment platform double and sees the outcome; the
return page shows only what the platform's signed IPN recorded, in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.choices import FeeStatus, PaymentMethod
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World, vn
from motcua.integrations.payment.models import Payment, PaymentStatus
from motcua.integrations.payment.tests.helpers import platform_double, query

from .vietnamese import english_on_page, page_text

pytestmark = pytest.mark.django_db
AT = vn(2026, 3, 2, 15, 0)


@pytest.fixture
def platform(settings):
    double = platform_double(settings)
    yield double
    double.stop()


@pytest.fixture
def owned(db):
    world = World()
    user = user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
    dossier = world.dossier_in(S.IN_PROGRESS)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=user)
    dossier = world.act(
        services.dossier_request_payment,
        dossier,
        at=vn(2026, 3, 2, 14, 0),
        officer=world.specialist,
        amount=Decimal(75000),
    )
    return user, dossier


def vietnamese_only(response) -> None:
    text, _attrs = page_text(response.content.decode())
    assert english_on_page(text) == []


def test_citizen_pays_from_the_dossier_page_and_sees_the_e_receipt(client, owned, platform):
    user, dossier = owned
    client.force_login(user)
    with time_machine.travel(AT, tick=False):
        page = client.get(f"/ca-nhan/ho-so/{dossier.code}/")
        assert b'data-testid="pay-button"' in page.content and "75.000" in page.content.decode()
        vietnamese_only(page)
        started = client.post(f"/ca-nhan/ho-so/{dossier.code}/thanh-toan/")
    assert started.status_code == 302 and started["Location"].startswith(platform.pay_url + "?")
    request = query(started["Location"])
    assert request["vnp_ReturnUrl"] == f"http://testserver/ca-nhan/ho-so/{dossier.code}/thanh-toan/ket-qua/"
    assert platform.accept(request) == ""
    with time_machine.travel(AT + dt.timedelta(minutes=2), tick=False):
        _answer, location = platform.pay(request["vnp_TxnRef"])
        back = urlsplit(location)
        outcome = client.get(f"{back.path}?{back.query}")
    assert outcome.status_code == 200
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.PAID
    assert 'data-outcome="paid"' in outcome.content.decode()
    assert payment.receipt_number in outcome.content.decode()
    vietnamese_only(outcome)
    dossier.refresh_from_db()
    assert (dossier.fee_status, dossier.payment_method) == (FeeStatus.PAID, PaymentMethod.ONLINE)
    after = client.get(f"/ca-nhan/ho-so/{dossier.code}/")
    assert b'data-testid="pay-button"' not in after.content and b'data-testid="paid-online"' in after.content


def test_a_forged_return_marks_nothing_and_says_so(client, owned, platform):
    user, dossier = owned
    client.force_login(user)
    with time_machine.travel(AT, tick=False):
        started = client.post(f"/ca-nhan/ho-so/{dossier.code}/thanh-toan/")
    request = query(started["Location"])
    platform.accept(request)
    fields = platform.result(request["vnp_TxnRef"])  # a success the platform never sent us …
    fields["vnp_Amount"] = "100"  # … and altered
    forged = client.get(f"/ca-nhan/ho-so/{dossier.code}/thanh-toan/ket-qua/", fields)
    assert forged.status_code == 400 and 'data-outcome="invalid"' in forged.content.decode()
    vietnamese_only(forged)
    genuine_but_unconfirmed = client.get(
        f"/ca-nhan/ho-so/{dossier.code}/thanh-toan/ket-qua/", platform.result(request["vnp_TxnRef"])
    )
    assert 'data-outcome="pending"' in genuine_but_unconfirmed.content.decode()  # the IPN has not come
    dossier.refresh_from_db()
    assert dossier.fee_status == FeeStatus.DUE


def test_another_citizen_cannot_pay_or_see_the_outcome(client, owned, platform):
    _user, dossier = owned
    other = user_create(username="cd-binh", password=None, kind=UserKind.CITIZEN, full_name="Trần Bình")
    client.force_login(other)
    assert client.post(f"/ca-nhan/ho-so/{dossier.code}/thanh-toan/").status_code == 404
    assert client.get(f"/ca-nhan/ho-so/{dossier.code}/thanh-toan/ket-qua/").status_code == 404
    assert Payment.objects.count() == 0


def test_the_ipn_address_answers_in_the_platforms_codes(client, owned, platform):
    assert client.get("/lien-ket/thanh-toan/ipn/", {"vnp_TxnRef": "X"}).json()["RspCode"] == "97"
    assert client.post("/lien-ket/thanh-toan/ipn/").status_code == 405
