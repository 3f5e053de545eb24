"""Outreach sessions (tiếp nhận lưu động): a one-stop centre's officers receive dossiers away from its premises,
in a hamlet or village of a commune, on a planned day and time window, for a planned list of procedures.

Source: no stored legal text of the project describes outreach reception (the shared reference folder has no
passage on "lưu động"); the feature follows issue 21 part 6. The reception itself is the ordinary counter
reception of the one-stop unit (ND 61/2018 art 17; ND 118/2025 from 1/7/2025), made through
`dossiers.services.dossier_receive_at_counter`: same code, receipt, clock, history, rollups and sync.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import SessionStatus


class OutreachSession(models.Model):
    centre = models.ForeignKey(
        "units.Unit", verbose_name=_("one-stop unit"), on_delete=models.PROTECT, related_name="outreach_sessions"
    )
    commune = models.ForeignKey("units.Unit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place (hamlet, village)"), max_length=255)
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers"), related_name="+")
    procedures = models.ManyToManyField("catalog.Procedure", verbose_name=_("services offered"), related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        ordering = ["-day", "-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="outreach_session_window"),
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="outreach_session_status"),
        ]
        indexes = [models.Index(fields=["centre", "day"], name="outreach_session_centre_day")]

    def __str__(self) -> str:
        return f"{self.place} — {self.day:%d/%m/%Y}"


class OutreachIntake(models.Model):
    """A dossier received at a session (the link dossier ↔ session) and the idempotency record of the request
    that created it: the key is claimed by inserting this row in the same transaction as the intake, like the
    API's `integrations.IdempotencyRecord`, so a replayed submission returns the same dossier and never writes
    twice. `dossier` is empty only inside that transaction (the claim comes before the write)."""

    session = models.ForeignKey(
        OutreachSession, verbose_name=_("outreach session"), on_delete=models.PROTECT, related_name="intakes"
    )
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="outreach_intake",
        null=True,
        blank=True,
    )
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT)
    key = models.CharField(_("idempotency key"), max_length=64)
    request_hash = models.CharField(max_length=64)
    response_body = models.JSONField(default=dict)
    from_queue = models.BooleanField(_("sent from the offline queue"), default=False)
    filled_at = models.DateTimeField(_("filled in at (laptop clock)"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier received at an outreach session")
        verbose_name_plural = _("dossiers received at outreach sessions")
        ordering = ["received_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["key"], name="outreach_intake_key_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.key}"
