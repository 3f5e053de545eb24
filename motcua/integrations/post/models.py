"""One postal shipment of a dossier's result: created through VNPost (tracking number returned by VNPost) or,
as a fallback, typed by an officer with a reason. No personal data here: the receiver is read from the dossier
when the order is sent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    CREATED = "created", _("Shipment created")
    ACCEPTED = "accepted", _("Accepted by the post office")
    IN_TRANSIT = "in_transit", _("On the way")
    DELIVERED = "delivered", _("Delivered to the applicant")
    FAILED = "failed", _("Delivery attempt failed")
    RETURNED = "returned", _("Returned to the agency")


class Shipment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="shipments"
    )
    order_code = models.CharField(_("order code"), max_length=64, unique=True)  # OrderCode sent to VNPost
    vnpost_order_id = models.CharField(_("VNPost order id"), max_length=64, blank=True)
    tracking_number = models.CharField(_("postal tracking number"), max_length=64, blank=True, db_index=True)
    fee = models.PositiveBigIntegerField(_("postage (đồng)"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    events = models.PositiveSmallIntegerField(_("status events received"), default=0)

    class Meta:
        verbose_name = _("postal shipment")
        verbose_name_plural = _("postal shipments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ShipmentStatus.values), name="shipment_status_valid")
        ]

    def __str__(self) -> str:
        return self.order_code
