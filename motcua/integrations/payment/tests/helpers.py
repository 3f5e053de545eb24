"""Helpers for tests that pay through the payment platform double (also used by the 766 indicator 3.6 tests)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import time_machine
from django.test import Client
from django.urls import reverse

from motcua.integrations.payment.double import PaymentDouble
from motcua.integrations.payment.services import payment_start


def ipn_through_django(params: dict) -> dict:
    """The double's IPN delivered to our real IPN view (through Django's test client, same database)."""
    return Client().get(reverse("links:payment_ipn"), params).json()


def platform_double(settings) -> PaymentDouble:
    platform = PaymentDouble(ipn_call=ipn_through_django).start()
    settings.MOTCUA_PAYMENT = {
        "TMN_CODE": platform.tmn_code,
        "HASH_SECRET": platform.hash_secret,
        "PAY_URL": platform.pay_url,
        "API_URL": platform.api_url,
        "TIMEOUT": 2,
        "BACKOFF": 0,
    }
    return platform


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def pay_online(platform: PaymentDouble, dossier, *, at, outcome: str = "00"):
    """The citizen starts a payment, the platform accepts the request, the payer pays (00) or cancels (24)."""
    with time_machine.travel(at, tick=False):
        payment, url = payment_start(dossier=dossier, return_url="http://testserver/ket-qua/", ip_address="10.0.0.9")
        assert platform.accept(query(url)) == ""
        answer, location = platform.pay(payment.txn_ref, response_code=outcome)
    payment.refresh_from_db()
    return payment, answer, location
