"""One online payment attempt of a dossier's fees and its outcome as the platform confirmed it.

`status` moves from `pending` only on a verified IPN (signature, merchant, amount checked) or on a verified
querydr answer during reconciliation; the dossier's "paid online" follows the same verified confirmation
(`motcua.dossiers.payments.dossier_record_online_payment`). No personal data: the payer's card or account is
never sent to us, and the order text carries only the dossier code.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the payment platform")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Not paid")


class Payment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="online_payments"
    )
    txn_ref = models.CharField(_("order number"), max_length=64, unique=True)  # vnp_TxnRef
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    fee_lines = models.JSONField(_("fee lines"), default=list)
    order_info = models.CharField(_("order text"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at (platform)"), null=True, blank=True)  # vnp_PayDate
    platform_txn_no = models.CharField(_("platform transaction number"), max_length=64, blank=True)
    bank_code = models.CharField(_("bank"), max_length=32, blank=True)
    response_code = models.CharField(_("platform answer"), max_length=8, blank=True)
    receipt_number = models.CharField(_("e-receipt number"), max_length=32, blank=True)
    confirmations = models.PositiveSmallIntegerField(_("confirmations received"), default=0)
    applied = models.BooleanField(_("recorded on the dossier"), default=False)

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~models.Q(receipt_number=""), name="payment_receipt_unique"
            ),
            models.CheckConstraint(condition=models.Q(status__in=PaymentStatus.values), name="payment_status_valid"),
        ]

    def __str__(self) -> str:
        return self.txn_ref


class ReceiptCounter(models.Model):
    """Per-year sequence of e-receipt numbers (row-locked while a number is taken)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}:{self.last}"
