"""Online payment of a dossier's fees: start, the platform's confirmation (IPN), the return page, reconciliation.

The flow of the national payment platform (VNPAY 2.1.0 contract, `protocol`): we create a payment request for
the fee due (amount in whole đồng, order number tied to the dossier code) and send the citizen's browser to the
platform; the platform calls our IPN address server to server with the signed outcome; only that verified
confirmation marks the payment paid, issues the e-receipt number and records "paid online" on the dossier
(`motcua.dossiers.payments`), once — repeated IPNs are answered "already confirmed". The return page only shows
what was confirmed. The daily reconciliation asks the platform (querydr) about every payment of the day and
lists the differences; it changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.choices import FeeStatus
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.payments import VerifiedPayment, dossier_record_online_payment

from . import protocol
from .client import PaymentClient, PaymentLinkError, pay_url
from .conf import PaymentSettings, payment_settings
from .models import Payment, PaymentStatus, ReceiptCounter

logger = logging.getLogger("motcua.integrations.payment")

NOT_PAYABLE = frozenset({S.REFUSED, S.STOPPED, S.REJECTED, S.DELIVERED, S.WITHDRAW_REQUESTED})


def payment_offered(*, dossier: Dossier, conf: PaymentSettings | None = None) -> bool:
    conf = conf or payment_settings()
    return (
        conf.configured
        and dossier.fee_status == FeeStatus.DUE
        and dossier.fee_amount > 0
        and dossier.status not in NOT_PAYABLE
    )


def _fee_lines(dossier: Dossier, amount: int) -> list[dict]:
    """The procedure's published fees when they add up to the amount requested; else the one requested line."""
    fees = [f for f in dossier.procedure.fees.all() if f.amount] if dossier.procedure_id else []
    if fees and int(sum(f.amount for f in fees)) == amount:
        return [{"name": (f.name or f.text)[:120], "amount": int(f.amount)} for f in fees]
    return [{"name": "Phí, lệ phí", "amount": amount}]


def _txn_ref(dossier: Dossier) -> str:
    attempt = Payment.objects.filter(dossier=dossier).count() + 1
    return f"{''.join(ch for ch in dossier.code if ch.isalnum())[:56]}T{attempt:02d}"


def payment_start(*, dossier: Dossier, return_url: str, ip_address: str) -> tuple[Payment, str]:
    """A new payment request for the fee due (the caller checked the applicant owns the dossier)."""
    conf = payment_settings()
    if not payment_offered(dossier=dossier, conf=conf):
        raise DossierError("no fee to pay online", code="nothing_to_pay")
    amount = int(dossier.fee_amount)
    if amount != dossier.fee_amount:
        raise DossierError("fee not in whole đồng", code="bad_amount")
    now = timezone.now()
    with transaction.atomic():
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()  # one attempt number at a time
        payment = Payment.objects.create(
            dossier=dossier,
            txn_ref=_txn_ref(dossier),
            amount=amount,
            fee_lines=_fee_lines(dossier, amount),
            order_info=protocol.ascii_text(f"Nop phi le phi ho so {dossier.code}"),
            created_at=now,
        )
    url = pay_url(
        conf,
        txn_ref=payment.txn_ref,
        amount=amount,
        order_info=payment.order_info,
        return_url=conf.return_url or return_url,
        ip_address=ip_address,
        now=now,
    )
    logger.info("payment.started", extra={"dossier_id": dossier.pk, "payment_id": payment.pk})
    return payment, url


def _receipt_number(conf: PaymentSettings, now: dt.datetime) -> str:
    year = now.astimezone(protocol.VIETNAM).year
    counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{conf.receipt_series}{year % 100:02d}-{counter.last:07d}"


def _answer(code: str, message: str) -> dict:
    return {"RspCode": code, "Message": message}


def payment_ipn(params: dict[str, str]) -> dict:
    """The platform's signed confirmation: verify, apply once, answer in the platform's codes."""
    conf = payment_settings()
    if not conf.configured or not protocol.verify(params, conf.hash_secret):
        logger.warning("payment.ipn.bad_signature")
        return _answer(protocol.BAD_SIGNATURE, "Invalid signature")
    if params.get("vnp_TmnCode") != conf.tmn_code:
        return _answer(protocol.BAD_SIGNATURE, "Invalid merchant")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(txn_ref=params.get("vnp_TxnRef", "")).first()
        if payment is None:
            return _answer(protocol.ORDER_NOT_FOUND, "Order not found")
        if params.get("vnp_Amount") != protocol.wire_amount(payment.amount):
            logger.warning("payment.ipn.wrong_amount", extra={"payment_id": payment.pk})
            return _answer(protocol.WRONG_AMOUNT, "Invalid amount")
        payment.confirmations += 1
        if payment.status != PaymentStatus.PENDING:
            payment.save(update_fields=["confirmations"])
            return _answer(protocol.ALREADY_CONFIRMED, "Order already confirmed")
        now = timezone.now()
        paid = params.get("vnp_ResponseCode") == protocol.SUCCESS and params.get("vnp_TransactionStatus") in (
            protocol.SUCCESS,
            None,
        )
        payment.status = PaymentStatus.PAID if paid else PaymentStatus.FAILED
        payment.confirmed_at = now
        payment.response_code = str(params.get("vnp_ResponseCode", ""))[:8]
        payment.platform_txn_no = str(params.get("vnp_TransactionNo", ""))[:64]
        payment.bank_code = str(params.get("vnp_BankCode", ""))[:32]
        payment.paid_at = protocol.parse_timestamp(params.get("vnp_PayDate", "")) if paid else None
        if paid:
            payment.receipt_number = _receipt_number(conf, now)
        payment.save()
    if paid:
        _apply(payment)
    logger.info("payment.confirmed", extra={"payment_id": payment.pk, "paid": paid})
    return _answer(protocol.CONFIRMED, "Confirm Success")


def _apply(payment: Payment) -> None:
    """Record the verified payment on the dossier; a dossier that can no longer take it (closed meanwhile, or
    paid at the counter) keeps `applied` False and shows in the reconciliation."""
    try:
        with transaction.atomic():
            dossier_record_online_payment(
                dossier_id=payment.dossier_id,
                payment=VerifiedPayment(
                    txn_ref=payment.txn_ref,
                    platform_txn_no=payment.platform_txn_no,
                    receipt_number=payment.receipt_number,
                    amount=payment.amount,
                ),
            )
            Payment.objects.filter(pk=payment.pk).update(applied=True)
    except DossierError as error:
        logger.warning("payment.not_applied", extra={"payment_id": payment.pk, "code": getattr(error, "code", "")})


def payment_for_return(*, params: dict[str, str], dossier: Dossier) -> Payment | None:
    """The return page: the payment named by a correctly signed redirect, if it belongs to `dossier`. The state
    shown is the one the IPN recorded; the redirect itself changes nothing (the citizen's browser could forge a
    success if the page trusted it without the signature, and could drop it entirely)."""
    conf = payment_settings()
    if not conf.configured or not protocol.verify(params, conf.hash_secret):
        return None
    return Payment.objects.filter(txn_ref=params.get("vnp_TxnRef", ""), dossier=dossier).first()


@dataclass
class ReconciliationRow:
    txn_ref: str
    dossier_code: str
    local_status: str
    platform_status: str
    local_amount: int
    platform_amount: int | None
    problems: list[str] = field(default_factory=list)


@dataclass
class ReconciliationReport:
    day: dt.date
    rows: list[ReconciliationRow]
    unreachable: bool = False

    @property
    def mismatches(self) -> list[ReconciliationRow]:
        return [row for row in self.rows if row.problems]


def payment_reconcile(*, day: dt.date, client: PaymentClient | None = None) -> ReconciliationReport:
    """Compare every payment created on `day` (Vietnam time) with the platform's record (querydr)."""
    conf = payment_settings()
    client = client or PaymentClient(conf)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=protocol.VIETNAM)
    payments = Payment.objects.filter(created_at__gte=start, created_at__lt=start + dt.timedelta(days=1))
    rows, unreachable = [], False
    for payment in payments.select_related("dossier").order_by("created_at", "pk"):
        row = ReconciliationRow(
            txn_ref=payment.txn_ref,
            dossier_code=payment.dossier.code,
            local_status=payment.status,
            platform_status="",
            local_amount=payment.amount,
            platform_amount=None,
        )
        rows.append(row)
        if unreachable:
            row.problems.append("platform_unreachable")
            continue
        try:
            answer = client.query(
                txn_ref=payment.txn_ref,
                order_info=payment.order_info,
                transaction_date=protocol.timestamp(payment.created_at),
                now=timezone.now(),
            )
        except PaymentLinkError as error:
            unreachable = error.unreachable
            row.problems.append("platform_unreachable" if error.unreachable else "query_refused")
            continue
        row.problems.extend(_compare(payment, answer, row))
    report = ReconciliationReport(day=day, rows=rows, unreachable=unreachable)
    logger.info("payment.reconciled", extra={"rows": len(rows), "mismatches": len(report.mismatches)})
    return report


def _compare(payment: Payment, answer: dict, row: ReconciliationRow) -> list[str]:
    if answer.get("vnp_ResponseCode") == "91":  # the platform has no such transaction
        row.platform_status = "unknown"
        return ["missing_on_platform"] if payment.status == PaymentStatus.PAID else []
    if answer.get("vnp_ResponseCode") != protocol.SUCCESS:
        row.platform_status = "error"
        return ["query_refused"]
    platform_paid = answer.get("vnp_TransactionStatus") == protocol.SUCCESS
    row.platform_status = PaymentStatus.PAID if platform_paid else PaymentStatus.FAILED
    try:
        row.platform_amount = int(answer.get("vnp_Amount", "0")) // 100
    except ValueError:
        row.platform_amount = None
    problems = []
    if platform_paid and payment.status != PaymentStatus.PAID:
        problems.append("paid_on_platform_only")
    if not platform_paid and payment.status == PaymentStatus.PAID:
        problems.append("paid_locally_only")
    if platform_paid and row.platform_amount != payment.amount:
        problems.append("amount_differs")
    if payment.status == PaymentStatus.PAID and answer.get("vnp_TransactionNo") != payment.platform_txn_no:
        problems.append("transaction_number_differs")
    if payment.status == PaymentStatus.PAID and not payment.applied:
        problems.append("not_recorded_on_dossier")
    return problems
