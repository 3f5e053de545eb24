"""Online payment of fees through the payment platform double (VNPAY 2.1.0 contract): request, signed IPN,
idempotence, refusals, e-receipt, the dossier's history, reconciliation, the deployment check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
import time_machine

from motcua.dossiers import services
from motcua.dossiers.choices import Action, FeeStatus, PaymentMethod
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import vn
from motcua.integrations import checks
from motcua.integrations.models import LinkHealth
from motcua.integrations.payment import protocol
from motcua.integrations.payment.client import LINK, PaymentClient
from motcua.integrations.payment.conf import payment_settings
from motcua.integrations.payment.models import Payment, PaymentStatus
from motcua.integrations.payment.services import payment_ipn, payment_reconcile, payment_start

from .helpers import ipn_through_django, pay_online, query

pytestmark = pytest.mark.django_db
AT = vn(2026, 3, 2, 15, 0)


def awaiting_payment(world, amount=50000):
    dossier = world.dossier_in(S.IN_PROGRESS)
    return world.act(
        services.dossier_request_payment,
        dossier,
        at=vn(2026, 3, 2, 14, 0),
        officer=world.specialist,
        amount=Decimal(amount),
    )


def test_the_signed_string_is_the_sorted_url_encoded_parameters_as_vnpay_documents():
    """VNPAY 2.1.0 (sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html): parameters sorted by name,
    `name=value` URL-encoded with `+` for spaces, joined by `&`, the hash fields left out; HMAC-SHA512 hex."""
    params = {"vnp_TxnRef": "A1", "vnp_Amount": "1000000", "vnp_OrderInfo": "Nop phi ho so", "vnp_SecureHash": "x"}
    assert protocol.hash_data(params) == "vnp_Amount=1000000&vnp_OrderInfo=Nop+phi+ho+so&vnp_TxnRef=A1"
    import hashlib
    import hmac

    expected = hmac.new(b"k", protocol.hash_data(params).encode(), hashlib.sha512).hexdigest()
    assert protocol.sign(params, "k") == expected and len(expected) == 128
    assert protocol.wire_amount(50000) == "5000000"  # đồng × 100
    assert protocol.ascii_text("Nộp phí hồ sơ Đăng ký") == "Nop phi ho so Dang ky"


def test_paying_through_the_platform_records_paid_online_once_with_an_e_receipt(world, platform):
    dossier = awaiting_payment(world)
    assert dossier.status == S.AWAITING_PAYMENT
    payment, answer, location = pay_online(platform, dossier, at=AT)
    request = platform.orders[payment.txn_ref]["request"]
    assert (request["vnp_Amount"], request["vnp_CurrCode"], request["vnp_Locale"]) == ("5000000", "VND", "vn")
    assert request["vnp_TxnRef"].startswith("".join(ch for ch in dossier.code if ch.isalnum()))
    assert dossier.code in request["vnp_OrderInfo"].replace(" ", "") or "ho so" in request["vnp_OrderInfo"]
    assert request["vnp_CreateDate"] == "20260302150000"  # GMT+7, yyyyMMddHHmmss
    assert answer == {"RspCode": "00", "Message": "Confirm Success"}
    assert (payment.status, payment.applied, payment.amount) == (PaymentStatus.PAID, True, 50000)
    assert payment.receipt_number == "BL26-0000001"
    assert payment.fee_lines == [{"name": "Phí, lệ phí", "amount": 50000}]
    dossier.refresh_from_db()
    assert (dossier.fee_status, dossier.payment_method, dossier.status) == (
        FeeStatus.PAID,
        PaymentMethod.ONLINE,
        S.IN_PROGRESS,  # back where it was before the payment request
    )
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert (event.action, event.actor_id) == (Action.RECORD_PAYMENT, None)
    assert event.data["verified_by"] == "payment_platform"
    assert (event.data["receipt_number"], event.data["txn_ref"]) == (payment.receipt_number, payment.txn_ref)
    assert location.startswith("http://testserver/ket-qua/?") and protocol.verify(query(location), "double-secret")

    # the platform repeats the IPN (it does until it gets an answer): no second event, no second receipt
    again = ipn_through_django(platform.result(payment.txn_ref))
    assert again["RspCode"] == protocol.ALREADY_CONFIRMED
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.RECORD_PAYMENT).count() == 1
    payment.refresh_from_db()
    assert (payment.confirmations, payment.receipt_number) == (2, "BL26-0000001")


def test_forged_or_altered_confirmations_change_nothing(world, platform):
    dossier = awaiting_payment(world)
    with time_machine.travel(AT, tick=False):
        payment, url = payment_start(dossier=dossier, return_url="http://testserver/r/", ip_address="")
    assert platform.accept(query(url)) == ""
    fields = platform.result(payment.txn_ref)
    altered = {**fields, "vnp_Amount": "100"}  # signature no longer matches
    assert payment_ipn(altered)["RspCode"] == protocol.BAD_SIGNATURE
    assert payment_ipn({k: v for k, v in fields.items() if k != "vnp_SecureHash"})["RspCode"] == "97"
    cheaper = {**fields, "vnp_Amount": "100"}
    cheaper["vnp_SecureHash"] = protocol.sign(cheaper, platform.hash_secret)  # signed, but not our amount
    assert payment_ipn(cheaper)["RspCode"] == protocol.WRONG_AMOUNT
    unknown = {**fields, "vnp_TxnRef": "NOPE01"}
    unknown["vnp_SecureHash"] = protocol.sign(unknown, platform.hash_secret)
    assert payment_ipn(unknown)["RspCode"] == protocol.ORDER_NOT_FOUND
    other_merchant = {**fields, "vnp_TmnCode": "OTHER"}
    other_merchant["vnp_SecureHash"] = protocol.sign(other_merchant, platform.hash_secret)
    assert payment_ipn(other_merchant)["RspCode"] == protocol.BAD_SIGNATURE
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert (payment.status, dossier.fee_status, dossier.payment_method) == (PaymentStatus.PENDING, FeeStatus.DUE, "")


def test_a_cancelled_payment_leaves_the_fee_due_and_can_be_tried_again(world, platform):
    dossier = awaiting_payment(world)
    first, answer, _location = pay_online(platform, dossier, at=AT, outcome="24")
    assert answer["RspCode"] == "00" and first.status == PaymentStatus.FAILED and first.receipt_number == ""
    dossier.refresh_from_db()
    assert (dossier.fee_status, dossier.status) == (FeeStatus.DUE, S.AWAITING_PAYMENT)
    second, _answer, _location = pay_online(platform, dossier, at=AT + dt.timedelta(minutes=5))
    assert second.txn_ref.endswith("T02") and second.status == PaymentStatus.PAID


def test_the_double_refuses_requests_that_break_the_contract(world, platform):
    dossier = awaiting_payment(world)
    with time_machine.travel(AT, tick=False):
        _payment, url = payment_start(dossier=dossier, return_url="http://testserver/r/", ip_address="")
    params = query(url)
    assert platform.accept({**params, "vnp_Amount": "5000001"}) == "70"  # altered after signing
    missing = {k: v for k, v in params.items() if k not in ("vnp_ReturnUrl", "vnp_SecureHash")}
    missing["vnp_SecureHash"] = protocol.sign(missing, platform.hash_secret)
    assert platform.accept(missing) == "03"
    odd = {**params, "vnp_Amount": "5000050"}
    odd["vnp_SecureHash"] = protocol.sign(odd, platform.hash_secret)
    assert platform.accept(odd) == "03"  # not whole đồng
    assert platform.accept(params) == ""
    assert platform.accept(params) == "94"  # the same order number twice
    assert urlsplit(url).path == "/paymentv2/vpcpay.html"


def test_an_officer_cannot_mark_a_fee_paid_online(world):
    dossier = awaiting_payment(world)
    with pytest.raises(DossierError) as refused:
        world.act(services.dossier_record_payment, dossier, at=AT, officer=world.counter, method=PaymentMethod.ONLINE)
    assert refused.value.code == "online_needs_platform"
    paid = world.act(services.dossier_record_payment, dossier, at=AT, officer=world.counter, method="cash")
    assert (paid.fee_status, paid.payment_method) == (FeeStatus.PAID, PaymentMethod.CASH)


def test_only_the_payment_services_call_the_online_payment_recorder():
    """'Paid online' has one writer: no other module calls the dossier service or assigns the online method."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    assigns = re.compile(r"\.payment_method\s+=\s+(PaymentMethod\.ONLINE|[\"']online[\"'])")
    writers = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "dossier_record_online_payment(" in text or assigns.search(text):
            writers.add(str(path.relative_to(root)))
    assert writers == {"integrations/payment/services.py", "dossiers/payments.py"}


def test_reconciliation_lists_what_differs_from_the_platform(world, platform):
    dossier = awaiting_payment(world)
    paid_ok, _a, _l = pay_online(platform, dossier, at=AT)
    other = awaiting_payment(world)
    with time_machine.travel(AT + dt.timedelta(minutes=1), tick=False):
        lost, url = payment_start(dossier=other, return_url="http://testserver/r/", ip_address="")
    assert platform.accept(query(url)) == ""
    platform.ipn_call = lambda fields: {}  # the IPN never reaches us …
    platform.pay(lost.txn_ref)  # … but the payer paid
    with time_machine.travel(vn(2026, 3, 3, 1, 0), tick=False):
        report = payment_reconcile(day=dt.date(2026, 3, 2), client=PaymentClient(payment_settings(), sleep=lambda s: 0))
    rows = {row.txn_ref: row for row in report.rows}
    assert rows[paid_ok.txn_ref].problems == [] and rows[paid_ok.txn_ref].platform_amount == 50000
    assert rows[lost.txn_ref].problems == ["paid_on_platform_only"]
    assert [row.txn_ref for row in report.mismatches] == [lost.txn_ref]
    lost.refresh_from_db()
    assert lost.status == PaymentStatus.PENDING  # the report changes nothing
    assert platform.queries[0]["vnp_Command"] == "querydr"


def test_reconciliation_with_the_platform_down_retries_then_reports_it(world, platform):
    dossier = awaiting_payment(world)
    pay_online(platform, dossier, at=AT)
    platform.stop()
    naps = []
    with time_machine.travel(vn(2026, 3, 3, 1, 0), tick=False):
        report = payment_reconcile(day=dt.date(2026, 3, 2), client=PaymentClient(payment_settings(), sleep=naps.append))
    assert report.unreachable and report.rows[0].problems == ["platform_unreachable"]
    assert naps == [0, 0]  # 3 attempts, backoff between them (0 s in tests)
    link = LinkHealth.objects.get(name=LINK)
    assert (link.kind, link.errors, link.failures) == ("payment", 3, 3)


def test_deploy_check_refuses_the_double_and_a_half_configuration(settings, platform):
    assert [e.id for e in checks.check_payment_link(None)] == ["motcua.E109"]
    settings.MOTCUA_PAYMENT = {"TMN_CODE": "X"}
    assert [e.id for e in checks.check_payment_link(None)] == ["motcua.E108"]
    settings.MOTCUA_PAYMENT = {}
    assert [e.id for e in checks.check_payment_link(None)] == ["motcua.W108"]
    settings.MOTCUA_PAYMENT = {
        "TMN_CODE": "TINH01",
        "HASH_SECRET": "s",
        "PAY_URL": "https://pay.vnpay.vn/vpcpay.html",
        "API_URL": "https://merchant.vnpay.vn/merchant_webapi/api/transaction",
    }
    assert checks.check_payment_link(None) == []


def test_no_pay_offer_without_a_fee_due_or_a_configured_platform(world, settings):
    from motcua.integrations.payment.services import payment_offered

    dossier = world.dossier_in(S.IN_PROGRESS)
    settings.MOTCUA_PAYMENT = {"TMN_CODE": "T", "HASH_SECRET": "s"}
    assert not payment_offered(dossier=dossier)  # no fee requested
    dossier = awaiting_payment(world)
    assert payment_offered(dossier=dossier)
    settings.MOTCUA_PAYMENT = {}
    assert not payment_offered(dossier=dossier)
    with pytest.raises(DossierError):
        payment_start(dossier=dossier, return_url="http://testserver/r/", ip_address="")
    assert Payment.objects.count() == 0


def test_the_reconcile_command_prints_the_mismatches_and_fails(world, platform, capsys):
    from django.core.management import call_command

    dossier = awaiting_payment(world)
    with time_machine.travel(AT, tick=False):
        payment, url = payment_start(dossier=dossier, return_url="http://testserver/r/", ip_address="")
    platform.accept(query(url))
    platform.ipn_call = lambda fields: {}
    platform.pay(payment.txn_ref)
    with time_machine.travel(vn(2026, 3, 3, 1, 0), tick=False), pytest.raises(SystemExit) as failed:
        call_command("payment", "reconcile")  # yesterday, Vietnam time
    assert failed.value.code == 1
    out = capsys.readouterr().out
    assert f"{payment.txn_ref}\t{dossier.code}\tpending\tpaid\t50000\t50000\tpaid_on_platform_only" in out
