"""Reform-index frameworks as versioned data, and the assessments scored against them.

A framework (PAR INDEX 876/QĐ-BNV, a province-internal index, PCI…) is a tree of `Criterion` rows — fields,
criteria, sub-criteria — each with its maximum points, scoring method and optional weight; one version per code
and year, because MoHA changes the criteria between years (1149/QĐ-BNV 2020, 876/QĐ-BNV 2022). An `Assessment`
is one unit's score sheet for one framework: self-assessed points with evidence, appraised points with a reason,
imported survey points (876/QĐ-BNV: only appraised and survey points count). Every change of points is also
appended to `AssessmentEvent`, which is never updated.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from .choices import Aggregation, AssessmentStatus, ExternalIndex, HistoryVerb, NodeLevel, ScoringMethod

POINTS = {"max_digits": 7, "decimal_places": 2}
DEFAULT_GROUPS = {"A": 90, "B": 80, "C": 70}


def province_key(name: str) -> str:
    """Accent- and prefix-insensitive key so that 'Tỉnh Quảng Ninh', 'Quảng Ninh' and 'Quang Ninh' match."""
    folded = fold(name)
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    return " ".join(folded.replace("-", " ").split())


def default_groups() -> dict:
    return dict(DEFAULT_GROUPS)


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=60, help_text=_("Stable code shared by the yearly versions."))
    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    version = models.CharField(_("version"), max_length=60, blank=True, help_text=_("e.g. 876/QĐ-BNV"))
    aggregation = models.CharField(_("aggregation"), max_length=16, choices=Aggregation.choices)
    scale = models.DecimalField(_("scale"), default=100, **POINTS)
    groups = models.JSONField(
        _("group thresholds"),
        default=default_groups,
        help_text=_('Lower bound in percent per group, e.g. {"A": 90, "B": 80, "C": 70}.'),
    )
    source = models.TextField(_("source"), blank=True)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(
        _("results published at"),
        null=True,
        blank=True,
        help_text=_("Until publication a unit sees only its own assessment."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("index framework")
        verbose_name_plural = _("index frameworks")
        ordering = ["-year", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="scorecard_framework_one_per_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Criterion(models.Model):
    """A node of a framework: a field (lĩnh vực), criterion (tiêu chí) or sub-criterion (tiêu chí thành phần).

    Other apps (reform plans, tasks) link to this model to say which criterion a task serves.
    """

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=16, choices=NodeLevel.choices)
    code = models.CharField(_("code"), max_length=40, help_text=_("Dotted number, e.g. 3.2.1"))
    name = models.CharField(_("name"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    method = models.CharField(
        _("scoring method"), max_length=16, choices=ScoringMethod.choices, default=ScoringMethod.SELF_APPRAISED
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=4, null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    guidance = models.TextField(_("guidance"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    unverified = models.BooleanField(
        _("unverified"), default=False, help_text=_("Points or wording not confirmed by a cited public text.")
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="scorecard_criterion_unique_code"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="scorecard_criterion_max_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Assessment(models.Model):
    """One unit's score sheet for one framework-year (self-assessment → appraisal, 876/QĐ-BNV)."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reform_assessments"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["framework", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "unit"], name="scorecard_assessment_one_per_unit"),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="scorecard_assessment_status_valid"
            ),
        ]
        permissions = [
            ("appraise_assessment", _("Can appraise reform assessments (Department of Home Affairs)")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.framework}"


class Entry(models.Model):
    """Points of one leaf node in one assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="entries"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+")
    self_points = models.DecimalField(_("self-assessed points"), null=True, blank=True, **POINTS)
    note = models.TextField(_("note"), blank=True)
    appraised_points = models.DecimalField(_("appraised points"), null=True, blank=True, **POINTS)
    appraisal_reason = models.TextField(_("appraisal reason"), blank=True)
    imported_points = models.DecimalField(_("survey points"), null=True, blank=True, **POINTS)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment entry")
        verbose_name_plural = _("assessment entries")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="scorecard_entry_unique"),
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(appraised_points__isnull=True) | Q(appraised_points__gte=0))
                & (Q(imported_points__isnull=True) | Q(imported_points__gte=0)),
                name="scorecard_entry_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.criterion.code}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Random stored name: an evidence file's own name may say things that do not belong in a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"scorecard/{instance.entry.assessment_id}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class AssessmentEvent(models.Model):
    """Append-only history of an assessment: who changed which points, from what to what, and why."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="events"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    verb = models.CharField(_("action"), max_length=16, choices=HistoryVerb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    from_points = models.DecimalField(_("from"), null=True, blank=True, **POINTS)
    to_points = models.DecimalField(_("to"), null=True, blank=True, **POINTS)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment} {self.verb} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Assessment history is append-only.")
        super().save(*args, **kwargs)


class ExternalIndexResult(models.Model):
    """A published result of an external index (PAR INDEX, SIPAS, PAPI, PCI, DDCI) for one province and year."""

    index = models.CharField(_("index"), max_length=8, choices=ExternalIndex.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.CharField(_("province"), max_length=120)
    province_key = models.CharField(max_length=120, editable=False, db_index=True)
    # Published tables sometimes give a rank without the value (issue 15): the value is then unknown (None).
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("published rank"), null=True, blank=True)
    components = models.JSONField(_("components"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=500)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("external index result")
        verbose_name_plural = _("external index results")
        ordering = ["index", "-year", "rank", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["index", "year", "province_key"], name="scorecard_external_unique_province_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year} {self.province}: {self.value}"

    def save(self, *args, **kwargs):
        self.province_key = province_key(self.province)
        super().save(*args, **kwargs)


class IndexTarget(models.Model):
    """The province's own target for an external index in a year (e.g. PAR INDEX ≥ 90%, group A)."""

    index = models.CharField(_("index"), max_length=8, choices=ExternalIndex.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.CharField(_("province"), max_length=120)
    province_key = models.CharField(max_length=120, editable=False, db_index=True)
    value = models.DecimalField(_("target value"), max_digits=9, decimal_places=4)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("index target")
        verbose_name_plural = _("index targets")
        constraints = [
            models.UniqueConstraint(fields=["index", "year", "province_key"], name="scorecard_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year} {self.province} ≥ {self.value}"

    def save(self, *args, **kwargs):
        self.province_key = province_key(self.province)
        super().save(*args, **kwargs)
