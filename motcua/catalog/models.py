"""The procedure catalogue: administrative procedures (TTHC) as published, one row per version.

A dossier points at the exact `Procedure` version it was received under, so a later change of time limit or fees
never rewrites the rules an old dossier was judged by (ND 61/2018 art. 19: the time limit is the one published
when the dossier was received). Writes go through `services.procedure_upsert`; reads through `selectors`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import BudgetUnit, Channel, LimitChannel, OnlineLevel, StepRole, TimeUnit, UnitKind


class Field(models.Model):
    """Lĩnh vực — the subject area a procedure belongs to (e.g. "Hộ tịch")."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=40, blank=True)
    search_name = models.CharField(_("search name"), max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.name


class LifeEvent(models.Model):
    """A life event (sự kiện) citizens browse by, e.g. "Khai sinh" — groups procedures across fields."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    search_name = models.CharField(_("search name"), max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """One version of an administrative procedure; `valid_to` is null for the current version.

    Levels and channels are booleans (not M2M) so list pages filter them with one indexed column on SQLite and
    PostgreSQL alike; `levels` and `channels` give them back as lists. `time_limit_value`/`time_limit_unit` hold
    the general time limit (the `all` row, else the counter row, else the first published) for due-date
    computation and list pages; the per-channel rows are in `time_limits`.
    """

    code = models.CharField(_("procedure code"), max_length=40, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    name = models.TextField(_("name"))
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field"))
    level_ministry = models.BooleanField(_("ministry level"), default=False)
    level_province = models.BooleanField(_("province level"), default=False)
    level_commune = models.BooleanField(_("commune level"), default=False)
    level_other = models.BooleanField(_("other agency"), default=False)
    procedure_type = models.CharField(_("procedure type"), max_length=255, blank=True)
    decision_number = models.CharField(_("publishing decision"), max_length=100, blank=True)
    applicants = models.TextField(_("applicants"), blank=True)
    implementing_agency = models.TextField(_("implementing agency"), blank=True)
    competent_agency = models.TextField(_("competent agency"), blank=True)
    coordinating_agency = models.TextField(_("coordinating agency"), blank=True)
    reception_address = models.TextField(_("reception address"), blank=True)
    steps_text = models.TextField(_("steps"), blank=True)
    requirements_text = models.TextField(_("requirements and conditions"), blank=True)
    result_text = models.TextField(_("result"), blank=True)
    online_level = models.CharField(
        _("online level"), max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    channel_counter = models.BooleanField(_("at the counter"), default=True)
    channel_online = models.BooleanField(_("online"), default=False)
    channel_post = models.BooleanField(_("by post"), default=False)
    boundary_free = models.BooleanField(_("boundary-free reception"), default=False)
    time_limit_value = models.DecimalField(_("time limit"), max_digits=8, decimal_places=2, null=True, blank=True)
    time_limit_unit = models.CharField(_("time limit unit"), max_length=16, choices=TimeUnit.choices, blank=True)
    life_events = models.ManyToManyField(
        LifeEvent, blank=True, related_name="procedures", verbose_name=_("life events")
    )
    source = models.CharField(_("source"), max_length=40, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # provenance of the parsed fields (see importers.national.PARSED_FIELDS): the export's texts as published,
    # the parser's confidence per field, why it is unsure; needs_review = some field is uncertain
    source_raw = models.JSONField(_("source text"), default=dict, blank=True, editable=False)
    parse_confidence = models.JSONField(_("parse confidence"), default=dict, blank=True, editable=False)
    review_notes = models.JSONField(_("review notes"), default=dict, blank=True, editable=False)
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="catalog_procedure_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="catalog_procedure_one_current"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="catalog_procedure_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["valid_to", "field"], name="catalog_proc_current_field")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def levels(self) -> list[str]:
        return [code for code in ("ministry", "province", "commune", "other") if getattr(self, f"level_{code}")]

    @property
    def channels(self) -> list[str]:
        return [code for code in Channel.values if getattr(self, f"channel_{code}")]

    def time_limit_for(self, channel: str) -> ProcedureTimeLimit | None:
        """The time limit for a submission channel: its own row if published, else the general one."""
        rows = list(self.time_limits.all())
        for wanted in (channel, LimitChannel.ALL):
            for row in rows:
                if row.channel == wanted:
                    return row
        return rows[0] if rows else None

    def legal_limit(self, channel: str) -> tuple[Decimal, str] | None:
        """(value, unit) of the legal time limit for `channel`: its published row (`time_limit_for`), else the
        procedure's general limit; None when the procedure publishes none. What a service commitment must be
        shorter than, and what the public commitments list shows beside it."""
        row = self.time_limit_for(channel)
        value, unit = (row.value, row.unit) if row else (self.time_limit_value, self.time_limit_unit)
        return (value, unit) if value and unit else None


class ProcedureTimeLimit(models.Model):
    """Thời hạn giải quyết for one channel (a procedure may publish a shorter limit online)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="time_limits")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    channel = models.CharField(_("channel"), max_length=16, choices=LimitChannel.choices, default=LimitChannel.ALL)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.value.normalize():f} {self.get_unit_display()}"


class ProcedureFee(models.Model):
    """Phí, lệ phí as published; `amount` is null when the text gives no single figure (e.g. set by the province)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    channel = models.CharField(_("channel"), max_length=16, choices=LimitChannel.choices, default=LimitChannel.ALL)
    name = models.CharField(_("name"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    text = models.TextField(_("text as published"), blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return self.text or self.name


class RequiredDocument(models.Model):
    """Thành phần hồ sơ — one document of the dossier, with how many originals and copies are required."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.TextField(_("name"))
    form = models.TextField(_("form or template"), blank=True)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    group = models.CharField(_("group or case"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name[:120]

    @property
    def forms(self) -> list[str]:
        """The form files of the row (several are stored as "a.docx | b.pdf")."""
        return [form for form in self.form.split(" | ") if form]


class ProcedureResult(models.Model):
    """Kết quả giải quyết with its national result code (`KQ.…`)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.TextField(_("name"))
    code = models.CharField(_("result code"), max_length=60, blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.name[:120]} ({self.code})" if self.code else self.name[:120]


class LegalBasis(models.Model):
    """Căn cứ pháp lý — one legal document the procedure rests on."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_basis")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    number = models.CharField(_("number"), max_length=120, blank=True)
    title = models.TextField(_("title"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal basis")

    def __str__(self) -> str:
        return self.number or self.title[:120]


class ProcessStep(models.Model):
    """One step of the procedure's process template (quy trình nội bộ): who does it and its time budget.

    The budgets of the steps sum to the time limit (ND 61/2018 art. 20; TT 01/2018 process control sheet);
    steps sharing a `parallel_group` run at the same time and count once.
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="process_steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=32, choices=StepRole.choices, default=StepRole.SPECIALIST)
    unit_kind = models.CharField(_("unit kind"), max_length=32, choices=UnitKind.choices, default=UnitKind.OTHER)
    budget_value = models.DecimalField(_("time budget"), max_digits=8, decimal_places=2, default=Decimal("0"))
    budget_unit = models.CharField(
        _("budget unit"), max_length=16, choices=BudgetUnit.choices, default=BudgetUnit.WORKING_DAYS
    )
    parallel_group = models.CharField(_("parallel group"), max_length=40, blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ReviewField(models.TextChoices):
    """Parsed fields a reviewer can correct (the tables of the national export that need parsing)."""

    DOCUMENTS = "documents", _("Required documents")
    LEGAL_BASIS = "legal_basis", _("Legal basis")
    FEES = "fees", _("Fees")


class ProcedureCorrection(models.Model):
    """A reviewer's correction of one parsed field of a procedure, tied to the source text it corrects.

    Re-importing the same source text re-applies it (the correction survives); when the source text changes
    (its SHA-256 differs from `source_hash`), the import keeps the new parse, marks the correction
    `source_changed` and puts the procedure back in the review queue.
    """

    code = models.CharField(_("procedure code"), max_length=40)
    field = models.CharField(_("parsed field"), max_length=20, choices=ReviewField.choices)
    rows = models.JSONField(_("corrected rows"), default=list)
    source_hash = models.CharField(max_length=64)
    source_changed = models.BooleanField(_("source changed since"), default=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now=True)

    class Meta:
        verbose_name = _("procedure correction")
        verbose_name_plural = _("procedure corrections")
        constraints = [models.UniqueConstraint(fields=["code", "field"], name="catalog_correction_code_field")]

    def __str__(self) -> str:
        return f"{self.code} · {self.get_field_display()}"


class ProcedureReview(Procedure):
    """The review queue: current procedures with a field the parser is unsure of (admin only)."""

    class Meta:
        proxy = True
        verbose_name = _("procedure to review")
        verbose_name_plural = _("procedures to review")


class ServiceCommitment(models.Model):
    """A committed time limit (thời gian cam kết): a province or a unit publicly commits to return the result of a
    procedure sooner than the legal limit (e.g. household business registration within 4 working hours).

    The legal limit stays the one published for the procedure (`ProcedureTimeLimit`, ND 63/2010 art. 8(2): the
    time limit is a component of the published procedure; ND 61/2018 art. 19: a dossier is judged by it). A
    commitment is the provincial People's Committee's own decision to cut the time in its territory (the
    "rút ngắn thời gian giải quyết" decisions the provinces publish; Open Zaak's `servicenorm` beside the legal
    `doorlooptijd`, anchors §4): it never replaces the legal limit, it is measured beside it. It is keyed by
    procedure **code** so it follows the procedure across catalogue versions; it applies to dossiers received
    in `scope` or any unit below it (a province commits for its communes; a commune's own row wins), for one
    channel or `all`, from `valid_from` until `valid_to`. Writes go through `services.commitment_set`, which
    refuses a commitment that is not shorter than the legal limit.
    """

    procedure_code = models.CharField(_("procedure code"), max_length=40, db_index=True)
    scope = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="service_commitments", verbose_name=_("committing unit")
    )
    channel = models.CharField(_("channel"), max_length=16, choices=LimitChannel.choices, default=LimitChannel.ALL)
    value = models.DecimalField(_("committed time"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=BudgetUnit.choices, default=BudgetUnit.WORKING_DAYS)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    decision_issuer = models.CharField(_("issued by"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["procedure_code", "scope", "channel", "-valid_from"]
        verbose_name = _("service commitment")
        verbose_name_plural = _("service commitments")
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="catalog_commitment_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="catalog_commitment_valid_range",
            ),
            models.UniqueConstraint(
                fields=["procedure_code", "scope", "channel", "valid_from"], name="catalog_commitment_one_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_code} · {self.get_channel_display()}: {self.value.normalize():f} {self.get_unit_display()}"


class ServiceCommitmentChange(models.Model):
    """One change of a service commitment, append-only (who, when, what, the row as it was after the change).

    A commitment is a public promise to citizens made by decision of the People's Committee; who recorded or ended
    it, and when, must be answerable later (ND 61/2018 art 32(1): the one-stop unit publishes and is accountable
    for its service; the project's rule "every change audited", DESIGN §7). Written only by
    `services.commitment_set` / `services.commitment_end` in the same transaction as the change; never updated.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Recorded")
        REPLACED = "replaced", _("Replaced by a newer commitment")
        ENDED = "ended", _("Ended")

    commitment = models.ForeignKey(
        ServiceCommitment, verbose_name=_("service commitment"), on_delete=models.PROTECT, related_name="changes"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("at"), db_index=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    snapshot = models.JSONField(_("commitment after the change"), default=dict)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("change of a service commitment")
        verbose_name_plural = _("changes of service commitments")

    def __str__(self) -> str:
        return f"{self.commitment_id}:{self.action}"
