"""Fees paid online: recorded on the dossier only from the payment platform's verified confirmation.

ND 61/2018 art 22 (fees paid online through the national public service portal's payment platform) and
QĐ 766/QĐ-TTg indicator 3.6 count a dossier as "paid online" only when the platform confirmed the payment. The
one caller is `motcua.integrations.payment.services` after checking the IPN's HMAC-SHA512 signature, merchant
code and amount (or a signed querydr answer during reconciliation); an officer cannot choose "online" as a
payment method (`processing.dossier_record_payment` refuses it) and no form or API offers it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .choices import Action, FeeStatus, PaymentMethod
from .engine import Context, apply_action
from .models import Dossier

logger = logging.getLogger("motcua.dossiers.payments")


@dataclass(frozen=True)
class VerifiedPayment:
    """What the platform confirmed (no personal data: the payer's card or account never reaches us)."""

    txn_ref: str
    platform_txn_no: str
    receipt_number: str
    amount: int


def dossier_record_online_payment(*, dossier_id: int, payment: VerifiedPayment) -> Dossier:
    """Record the fee as paid online (the dossier goes back to where it was before the payment request, the
    applicant's waiting time ends), with the platform's transaction and the e-receipt number in the history."""

    def mutate(ctx: Context) -> None:
        d = ctx.dossier
        d.fee_status, d.payment_method, d.paid_at = FeeStatus.PAID, PaymentMethod.ONLINE, ctx.now
        d.return_status = ""
        ctx.data.update(
            fee_status=d.fee_status,
            method=PaymentMethod.ONLINE,
            verified_by="payment_platform",
            txn_ref=payment.txn_ref,
            platform_txn_no=payment.platform_txn_no,
            receipt_number=payment.receipt_number,
            amount=payment.amount,
        )

    dossier, _event = apply_action(
        dossier_id=dossier_id,
        actor=None,
        action=Action.RECORD_PAYMENT,
        expected_version=None,
        mutate=mutate,
        system=True,
    )
    logger.info("dossier.paid_online", extra={"dossier_id": dossier_id})
    return dossier
