"""Yearly administrative-reform plans (kế hoạch CCHC), their tasks, progress log, evidence and inspections.

A province's plan implements the PAR master programme (Resolution 76/NQ-CP) and is scored under the PAR INDEX
criteria (Decision 876/QĐ-BNV, field 1 "công tác chỉ đạo, điều hành": plan issued, tasks done on time, inspections
held, findings followed up). Each task names its lead unit, co-operating units, expected output and deadline.
A deadline given in working days is turned into a date with the working calendar when the task is saved and
stored (`due_date`), like every other deadline in motcua.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import DeadlineKind, FindingSeverity, FollowUpStatus, PlanStatus, TaskStatus


class ReformPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reform_plans"
    )
    managing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="managed_reform_plans",
        help_text=_("The Department of Home Affairs (or the unit's own office) that manages the plan."),
    )
    title = models.CharField(_("title"), max_length=255)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reform plan")
        verbose_name_plural = _("reform plans")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="reform_plan_year_unit_unique")]

    def __str__(self) -> str:
        return self.title


class ReformTask(models.Model):
    plan = models.ForeignKey(ReformPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("number"), max_length=20, help_text=_("As numbered in the plan, e.g. II.3."))
    title = models.CharField(_("task"), max_length=500)
    criteria = models.ManyToManyField(
        "scorecard.Criterion",
        verbose_name=_("criteria served"),
        blank=True,
        related_name="reform_tasks",
        help_text=_("The PAR INDEX criteria (Decision 876/QĐ-BNV) this task helps to meet."),
    )
    lead_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="reform_tasks_led"
    )
    cooperating_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("co-operating units"), blank=True, related_name="reform_tasks_cooperating"
    )
    expected_output = models.CharField(_("expected output"), max_length=500)
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.DATE
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    due_date = models.DateField(_("deadline"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reform task")
        verbose_name_plural = _("reform tasks")
        ordering = ["plan", "due_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="reform_task_number_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="reform_task_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(deadline_kind=DeadlineKind.WORKING_DAYS)
                | (Q(start_date__isnull=False) & Q(working_days__isnull=False)),
                name="reform_task_working_days_need_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.DONE) | Q(completed_on__isnull=False),
                name="reform_task_done_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="reform_task_status_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class TaskProgressEntry(models.Model):
    """Append-only log of progress reports: rows are never changed or deleted (the audit trail of the task)."""

    task = models.ForeignKey(ReformTask, on_delete=models.CASCADE, related_name="progress_log")
    author = models.ForeignKey("accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.progress}%"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("progress reports are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("progress reports are append-only")


def evidence_path(instance: TaskEvidence, filename: str) -> str:
    """Random storage name; the uploader's file name is kept only in `name`."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    return f"reform/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.{extension}"


class TaskEvidence(models.Model):
    task = models.ForeignKey(ReformTask, on_delete=models.CASCADE, related_name="evidence")
    entry = models.ForeignKey(TaskProgressEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    """An inspection visit on reform work (kiểm tra công tác CCHC), PAR INDEX field 1."""

    plan = models.ForeignKey(
        ReformPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections"
    )
    inspected_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("inspected unit"), on_delete=models.PROTECT, related_name="+"
    )
    inspecting_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    visit_date = models.DateField(_("visit date"))
    team = models.CharField(_("inspection team"), max_length=500, blank=True)
    conclusion_number = models.CharField(_("conclusion document"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-visit_date", "pk"]

    def __str__(self) -> str:
        return f"{self.inspected_unit} {self.visit_date:%d/%m/%Y}"


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=8, choices=FindingSeverity.choices)
    recommendation = models.TextField(_("recommendation"), blank=True)
    follow_up_status = models.CharField(
        _("follow-up"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.NONE
    )
    follow_up_due = models.DateField(_("follow-up deadline"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up report"), blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(follow_up_status=FollowUpStatus.OPEN) | Q(follow_up_due__isnull=False),
                name="reform_finding_open_needs_due",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]
