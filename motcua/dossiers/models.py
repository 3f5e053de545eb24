"""Dossiers (hồ sơ TTHC), their append-only history, steps, documents and notifications.

Only `motcua.dossiers.services` writes these rows; `status` changes only through `engine.apply_action`,
which appends a `DossierEvent` in the same transaction (DESIGN.md §2: the history is the source of truth).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    CLOSED,
    NATIONAL_STATUS,
    Action,
    Channel,
    DeliveryMethod,
    DocumentKind,
    DossierStatus,
    FeeStatus,
    NotificationChannel,
    NotificationStatus,
    Outcome,
    PaymentMethod,
    StepKind,
    StepOutcome,
    SupplementPhase,
    event_label,
)

USER = settings.AUTH_USER_MODEL
# Open: not closed (choices.CLOSED) — the inbox's work queues read only these (partial indexes on Dossier).
OPEN_STATES = sorted(set(DossierStatus.values) - CLOSED)


class DossierCodeCounter(models.Model):
    """Daily sequence of dossier codes per receiving unit (TT 01/2018 art 19), bumped under a row lock."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="dossiers_code_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class RegisterCounter(models.Model):
    """Continuous numbering of the dossier register (form 07, Sổ theo dõi hồ sơ) per unit and year."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="dossiers_register_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.last}"


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=64, unique=True)
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    receiving_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="dossiers_received"
    )
    current_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("current unit"), on_delete=models.PROTECT, related_name="dossiers_held"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=24, choices=DossierStatus.choices, db_index=True)
    return_status = models.CharField(max_length=24, choices=DossierStatus.choices, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=0, help_text=_("Sequence of the last event."))

    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_user = models.ForeignKey(
        USER, verbose_name=_("applicant account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who handed the dossier in on the applicant's behalf (người được ủy quyền / người nộp thay), printed in the
    # authorised-person block of form 01 (TT 03/2025/TT-VPCP Appendix I, Mẫu số 01). Empty: the applicant filed
    # it in person. `submitter_authorisation` is the reference of the authorisation paper, when there is one.
    submitter_name = models.CharField(_("submitted by (on behalf of the applicant)"), max_length=255, blank=True)
    submitter_id_number = models.CharField(_("submitter's identity number"), max_length=20, blank=True)
    submitter_phone = models.CharField(_("submitter's phone"), max_length=20, blank=True)
    submitter_authorisation = models.CharField(_("authorisation document"), max_length=255, blank=True)
    subject = models.TextField(_("request"), blank=True)
    # Stated at intake and printed on the receipt (form 01): how the applicant collects the result, where a
    # postal result is sent, and how many sets of the dossier were handed in (TT 01/2018 form 01).
    result_delivery = models.CharField(
        _("result collected"), max_length=16, choices=DeliveryMethod.choices, default=DeliveryMethod.COUNTER
    )
    result_address = models.CharField(_("address for the result"), max_length=500, blank=True)
    sets_count = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    # A dossier filed elsewhere (national public service portal, a ministry system) arrives through the API with
    # that system's own code; the local code is still assigned here (TT 01/2018 art 19), status changes go back.
    external_system = models.CharField(_("source system"), max_length=64, blank=True)
    external_code = models.CharField(_("code in the source system"), max_length=64, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    register_year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("register number"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    time_limit_value = models.DecimalField(_("time limit"), max_digits=8, decimal_places=2, null=True, blank=True)
    time_limit_unit = models.CharField(_("time limit unit"), max_length=16, blank=True)
    clock_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True)
    legal_due_at = models.DateTimeField(_("legal due date"), null=True, blank=True)
    due_at = models.DateTimeField(_("due date"), null=True, blank=True, db_index=True)
    transfer_due_at = models.DateTimeField(_("transfer due"), null=True, blank=True)
    # A service commitment shorter than the legal limit (catalog.ServiceCommitment), snapshotted at intake like
    # the legal limit; `committed_due_at` is computed by the same clock rules as `due_at` (docs/domain/deadlines.md
    # §10). Empty when no commitment applied. The 766 and portal figures never read these.
    commitment = models.ForeignKey(
        "catalog.ServiceCommitment",
        verbose_name=_("service commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    committed_limit_value = models.DecimalField(
        _("committed time limit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    committed_limit_unit = models.CharField(_("committed time limit unit"), max_length=16, blank=True)
    committed_due_at = models.DateTimeField(_("committed due date"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    waiting_time = models.DurationField(_("waiting time (working time)"), default=timedelta(0))
    processing_started_at = models.DateTimeField(_("appraisal started at"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    supplement_phase = models.CharField(max_length=16, choices=SupplementPhase.choices, blank=True)
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    assigned_officer = models.ForeignKey(
        USER, verbose_name=_("assigned officer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivery_method = models.CharField(_("delivery"), max_length=16, choices=DeliveryMethod.choices, blank=True)
    postal_tracking = models.CharField(_("postal tracking number"), max_length=64, blank=True)

    fee_amount = models.DecimalField(_("fee due"), max_digits=16, decimal_places=2, default=0)
    fee_status = models.CharField(_("fee status"), max_length=16, choices=FeeStatus.choices, default=FeeStatus.NONE)
    payment_method = models.CharField(_("payment method"), max_length=16, choices=PaymentMethod.choices, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DossierStatus.values), name="dossiers_status_valid"),
            models.UniqueConstraint(
                fields=["external_system", "external_code"],
                condition=~Q(external_code=""),
                name="dossiers_external_code_unique",
            ),
            models.UniqueConstraint(
                fields=["receiving_unit", "register_year", "register_number"],
                condition=Q(register_number__isnull=False),
                name="dossiers_register_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["current_unit", "status"], name="dossiers_current_status"),
            models.Index(fields=["receiving_unit", "status"], name="dossiers_receiving_status"),
            # The inbox's "all" tab reads like a register, newest first (ORDER BY created_at DESC, id DESC LIMIT 25):
            # walked backwards, this index yields the first page without sorting every visible dossier.
            models.Index(fields=["created_at", "id"], name="dossiers_created_order"),
            # The inbox's "waiting", "due soon" and "overdue" tabs: a status set, then a due_at range.
            models.Index(fields=["status", "due_at"], name="dossiers_status_due"),
            # The inbox's work queues (every tab but "all") read only open dossiers of the officer's units, received
            # there or held there: partial indexes of the open states, whose size is the caseload, not the
            # history (issue 20 item 2; the closed dossiers of past years are not in them).
            models.Index(
                fields=["receiving_unit", "status", "due_at"],
                condition=Q(status__in=OPEN_STATES),
                name="dossiers_receiving_open_due",
            ),
            models.Index(
                fields=["current_unit", "status", "due_at"],
                condition=Q(status__in=OPEN_STATES),
                name="dossiers_current_open_due",
            ),
        ]
        # PostgreSQL also has `dossiers_search_trgm`, a trigram GIN index on search_text (migration 0010,
        # created only there, so it is not declared here).

    def __str__(self) -> str:
        return self.code

    @property
    def national_status(self) -> int:
        return int(NATIONAL_STATUS[self.status])

    @property
    def phone_last4(self) -> str:
        digits = "".join(ch for ch in self.applicant_phone if ch.isdigit())
        return digits[-4:]


class EventQuerySet(models.QuerySet["DossierEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("dossier events are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("dossier events are append-only")


class DossierEvent(models.Model):
    """One entry of the dossier history (immutable): who did what, where, when, why, from which state to which."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=24, choices=DossierStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=DossierStatus.choices)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    # Tamper evidence (motcua.dossiers.audit): SHA-256 of the previous event's hash and this event's content.
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("dossier events are append-only")

    @property
    def action_label(self) -> str:
        """What the history shows for this event: `choices.event_label` (a counter part sent on by the one-stop
        unit is not an online filing, ND 61/2018 art 19.5)."""
        return event_label(self.action, self.data)


class DossierStep(models.Model):
    """The dossier's stay in one unit (reception, processing, consultation) with its own budget and due date."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    seq = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=16, choices=StepKind.choices)
    group = models.PositiveSmallIntegerField(_("group"), default=0)
    is_lead = models.BooleanField(_("lead unit"), default=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=255, blank=True)
    officer = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    budget = models.DurationField(_("time budget (working time)"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    waiting_time = models.DurationField(_("waiting time (working time)"), default=timedelta(0))
    working_time = models.DurationField(_("working time used"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=StepOutcome.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_step_seq_unique")]
        indexes = [models.Index(fields=["unit", "finished_at"], name="dossiers_step_unit_open")]

    def __str__(self) -> str:
        return f"{self.dossier_id} step {self.seq} @ {self.unit_id}"

    @property
    def is_open(self) -> bool:
        return self.finished_at is None


def document_path(instance: DossierDocument, filename: str) -> str:
    """Non-guessable storage path; the original file name is kept only in the `name` column."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    token = secrets.token_urlsafe(24)
    return f"dossiers/{timezone.now():%Y/%m}/{token}.{extension}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    event = models.ForeignKey(DossierEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.COMPONENT)
    required_document = models.ForeignKey(
        "catalog.RequiredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    digitised = models.BooleanField(_("digitised"), default=False)
    result_code = models.CharField(_("e-result code"), max_length=80, blank=True)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["result_code"], condition=~Q(result_code=""), name="dossiers_document_result_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """Every message sent (or not) to an applicant; the recipient address is not copied here."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(DossierEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=16, choices=NotificationChannel.choices)
    template = models.CharField(_("template"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel}:{self.template}"
