"""Outbound synchronisation: the transactional outbox, endpoints, per-endpoint deliveries and their log, and the
officer reminders the worker sends.

An `OutboxMessage` is written in the same transaction as each `DossierEvent` (DESIGN.md §2), so a status change
is synchronised if and only if it was committed. The worker fans each message out into one `Delivery` per
subscribed endpoint and sends them in order per dossier; `claimed_by`/`lease_until` make sure that two workers
never send the same row at the same time (see `claims.py`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DeliveryStatus, EndpointKind, OutboxStatus, ReminderKind, ReminderStatus, Topic


class SyncEndpoint(models.Model):
    """A receiver of dossier events: the national public service portal (DVCQG) or an integrator's webhook."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=EndpointKind.choices)
    url = models.URLField(_("URL"), max_length=500)
    summary_url = models.URLField(
        _("summary URL"), max_length=500, blank=True, help_text=_("Where the receiver reports its counts.")
    )
    secret = models.CharField(
        _("signing secret"), max_length=128, blank=True, help_text=_("Key of the HMAC-SHA256 signature header.")
    )
    # The national portal through the LGSP/NGSP (motcua.integrations.dvcqg): `url` is the service URL.
    auth_url = models.URLField(_("LGSP sign-in URL"), max_length=500, blank=True)
    username = models.CharField(_("LGSP user"), max_length=100, blank=True)
    password = models.CharField(_("LGSP password"), max_length=200, blank=True)
    unit_code = models.CharField(
        _("agency code on the portal (madonvi)"), max_length=64, blank=True, help_text=_("MaDinhDanhDV")
    )
    topics = models.JSONField(_("topics"), default=list, blank=True, help_text=_("Empty: every topic."))
    active = models.BooleanField(_("active"), default=True)
    timeout_seconds = models.FloatField(_("timeout (seconds)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("sync endpoint")
        verbose_name_plural = _("sync endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == EndpointKind.NATIONAL_PORTAL:
            # An edit may leave the write-only password blank: the admin keeps the stored one.
            required = ["auth_url", "username", "unit_code"] + (["password"] if self._state.adding else [])
            missing = [name for name in required if not getattr(self, name)]
            if missing:
                raise ValidationError({name: _("Required for the national portal.") for name in missing})

    def wants(self, topic: str) -> bool:
        return not self.topics or topic in self.topics


class Leased(models.Model):
    """Rows a worker claims for a while: `claimed_by` and `lease_until` are set by one atomic UPDATE."""

    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)

    class Meta:
        abstract = True


class OutboxMessage(Leased):
    """One dossier event to synchronise; `payload` is the national portal's field mapping (see payload.py)."""

    uuid = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_messages"
    )
    event = models.OneToOneField(
        "dossiers.DossierEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="outbox_message"
    )
    seq = models.PositiveIntegerField(_("sequence"), default=0)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "id"], name="sync_outbox_status"),
            models.Index(fields=["dossier", "seq"], name="sync_outbox_dossier_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.dossier_id}#{self.seq}"


class Delivery(Leased):
    """One message to one endpoint, with its retries; `dead` once the maximum number of attempts failed."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(SyncEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    # Copied from the message so the "earlier delivery still open" check needs no join.
    dossier_id_copy = models.BigIntegerField(null=True, blank=True, editable=False)
    seq = models.PositiveIntegerField(_("sequence"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["message", "endpoint"], name="sync_delivery_unique")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sync_delivery_due"),
            models.Index(fields=["endpoint", "dossier_id_copy", "seq"], name="sync_delivery_order"),
        ]

    def __str__(self) -> str:
        return f"{self.message} → {self.endpoint}"


class DeliveryAttempt(models.Model):
    """The delivery log: every HTTP attempt with its outcome (no payload copy, no personal data)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveIntegerField(_("attempt"))
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.response_status is not None and 200 <= self.response_status < 300


class Reminder(models.Model):
    """A due-soon or overdue reminder to the officers holding a dossier: at most one per dossier and day
    (the unique constraint is the lock that keeps two workers from both sending it)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField(_("day (Vietnam)"))
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=ReminderStatus.choices)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day", "dossier"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "day"], name="sync_reminder_once_a_day"),
            models.CheckConstraint(condition=Q(kind__in=ReminderKind.values), name="sync_reminder_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.day} {self.kind}"
