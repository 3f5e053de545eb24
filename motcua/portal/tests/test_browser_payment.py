"""A citizen pays a fee as a person would: the pay button on the dossier page, the payment platform double's
page, back on the return page with the e-receipt number — the IPN travels over HTTP to the live server."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.choices import FeeStatus, PaymentMethod
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.integrations.payment.double import PaymentDouble
from motcua.integrations.payment.models import Payment

from .test_browser_citizen import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_pays_the_fee_through_the_platform_on_a_phone(live_server, phone_page, client, screenshot, settings):
    platform = PaymentDouble(ipn_url=f"{live_server.url}/lien-ket/thanh-toan/ipn/").start()
    settings.MOTCUA_PAYMENT = {
        "TMN_CODE": platform.tmn_code,
        "HASH_SECRET": platform.hash_secret,
        "PAY_URL": platform.pay_url,
        "API_URL": platform.api_url,
    }
    try:
        world = World()
        user = user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
        dossier = world.dossier_in(S.IN_PROGRESS)
        Dossier.objects.filter(pk=dossier.pk).update(applicant_user=user)
        dossier.refresh_from_db()
        services.dossier_request_payment(
            officer=world.specialist, dossier=dossier, expected_version=dossier.version, amount=Decimal(75000)
        )
        sign_in(phone_page, live_server, client, user)
        phone_page.goto(f"{live_server.url}/ca-nhan/ho-so/{dossier.code}/")
        button = phone_page.get_by_test_id("pay-button")
        button.wait_for()
        screenshot(phone_page, "payment-dossier-phone")
        button.focus()
        phone_page.keyboard.press("Enter")  # the keyboard, as a person using one would

        phone_page.get_by_role("button", name="Thanh toán").wait_for()
        assert "75,000" in phone_page.content()
        screenshot(phone_page, "payment-platform-double-phone")
        phone_page.get_by_role("button", name="Thanh toán").click()

        outcome = phone_page.get_by_test_id("payment-outcome")
        outcome.wait_for()
        assert outcome.get_attribute("data-outcome") == "paid"
        payment = Payment.objects.get()
        assert phone_page.get_by_test_id("receipt-number").inner_text() == payment.receipt_number
        screenshot(phone_page, "payment-return-phone")
        dossier.refresh_from_db()
        assert (dossier.fee_status, dossier.payment_method) == (FeeStatus.PAID, PaymentMethod.ONLINE)
        assert platform.ipn_answers == [{"RspCode": "00", "Message": "Confirm Success"}]
    finally:
        platform.stop()
