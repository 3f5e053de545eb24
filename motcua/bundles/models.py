"""Bundled procedures (liên thông thủ tục hành chính): a definition of which procedures go together, and each
application of it — one `Bundle` with one component dossier per agency.

The bundle owns no state machine: its state is read off its component dossiers (`selectors.bundle_state`), and
the component dossiers are ordinary dossiers created through the dossier intake service (own steps, history,
rollups and sync). Rules and their sources: `rules.py`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import Channel

from .choices import AgencyRole

USER = settings.AUTH_USER_MODEL


class BundleDefinition(models.Model):
    """Which procedures form one bundle, its legal basis and its total limits. National groups ship as data
    (migration 0002); a province may define its own (`province` set)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    is_national = models.BooleanField(_("national group"), default=False)
    province = models.ForeignKey(
        "units.Unit",
        verbose_name=_("province (own bundle)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    total_limit_days = models.DecimalField(
        _("total limit (working days)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.5"))]
    )
    verification_limit_days = models.DecimalField(
        _("limit when verification is needed (working days)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    cutoff = models.TimeField(_("reception cut-off"), default=dt.time(15, 0))
    subject_label = models.CharField(_("label of the person concerned"), max_length=120, blank=True)
    subject_date_label = models.CharField(_("label of the date"), max_length=120, blank=True)
    subject_max_age_years = models.PositiveSmallIntegerField(
        _("maximum age of the person (years)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bundle definition")
        verbose_name_plural = _("bundle definitions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class BundleComponent(models.Model):
    """One procedure of a bundle: the catalogue code, the agency role that takes it, its time budget inside the
    bundle's total limit and the components it waits for."""

    definition = models.ForeignKey(BundleDefinition, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(_("order"))
    procedure_code = models.CharField(_("procedure code"), max_length=64)
    title = models.CharField(_("part"), max_length=255)
    role = models.CharField(_("agency role"), max_length=24, choices=AgencyRole.choices)
    budget_days = models.DecimalField(
        _("time budget (working days)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bundle component")
        verbose_name_plural = _("bundle components")
        ordering = ["definition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "order"], name="bundles_component_order_unique"),
            models.UniqueConstraint(fields=["definition", "procedure_code"], name="bundles_component_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.code}#{self.order} {self.procedure_code}"


class AgencyRoute(models.Model):
    """Which unit takes an agency role for bundles filed under `area` (the nearest area up the tree wins)."""

    area = models.ForeignKey("units.Unit", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("agency role"), max_length=24, choices=AgencyRole.choices)
    unit = models.ForeignKey("units.Unit", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("agency route")
        verbose_name_plural = _("agency routes")
        constraints = [models.UniqueConstraint(fields=["area", "role"], name="bundles_route_area_role_unique")]

    def __str__(self) -> str:
        return f"{self.area_id}:{self.role} → {self.unit_id}"


class BundleCodeCounter(models.Model):
    """Daily sequence of bundle codes per receiving unit, bumped under a row lock (like dossier codes)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="bundles_code_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"


class Bundle(models.Model):
    """One application of a bundle: the applicant's data once, the total due date, the component dossiers."""

    code = models.CharField(_("bundle code"), max_length=64, unique=True)
    definition = models.ForeignKey(
        BundleDefinition, verbose_name=_("bundle"), on_delete=models.PROTECT, related_name="bundles"
    )
    receiving_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_user = models.ForeignKey(
        USER, verbose_name=_("applicant account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    filed_by = models.ForeignKey(
        USER,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The counter officer who received the bundle, or the API client's account that filed it."),
    )
    subject_name = models.CharField(_("person concerned"), max_length=255)
    subject_date = models.DateField(_("date"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    clock_started_at = models.DateTimeField(_("clock started at"))
    due_at = models.DateTimeField(_("total due"))
    needs_verification = models.BooleanField(_("verification needed"), default=False)
    verification_reason = models.TextField(_("reason for verification"), blank=True)
    result_notified_at = models.DateTimeField(_("result notice queued at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("bundle dossier")
        verbose_name_plural = _("bundle dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["receiving_unit", "received_at"], name="bundles_receiving_received")]

    def __str__(self) -> str:
        return self.code


class BundlePart(models.Model):
    """The link from a bundle to one component dossier, with the component's planned start, budget and due."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="parts")
    component = models.ForeignKey(BundleComponent, on_delete=models.PROTECT, related_name="+")
    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("component dossier"), on_delete=models.PROTECT, related_name="bundle_part"
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    budget = models.DurationField(_("time budget (working time)"))
    planned_start_at = models.DateTimeField(_("planned start"))
    due_at = models.DateTimeField(_("part due"))

    class Meta:
        verbose_name = _("bundle part")
        verbose_name_plural = _("bundle parts")
        ordering = ["bundle", "component__order"]
        constraints = [models.UniqueConstraint(fields=["bundle", "component"], name="bundles_part_unique")]

    def __str__(self) -> str:
        return f"{self.bundle_id}/{self.component_id}"


class BundleSubmission(models.Model):
    """The one-time key of a bundle form (the portal's application, the counter's intake), given to the form when
    it is shown and claimed by inserting this row in the same transaction as the bundle, through the project's one
    idempotency rule (`core.idempotency.run_once`, like the API's `integrations.IdempotencyRecord` and the
    outreach laptop's `OutreachIntake`): a double click or a resubmitted form files one bundle, and the second
    request is shown the first one. `bundle` is empty only inside that transaction (the claim comes first)."""

    key = models.CharField(_("form key"), max_length=64)
    request_hash = models.CharField(max_length=64)
    user = models.ForeignKey(
        USER, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bundle = models.OneToOneField(
        Bundle,
        verbose_name=_("bundle dossier"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="submission",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("bundle form submission")
        verbose_name_plural = _("bundle form submissions")
        constraints = [models.UniqueConstraint(fields=["key"], name="bundles_submission_key_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.bundle_id}"
