"""Writes of reform plans: tasks, progress reports with evidence (append-only), inspections and follow-ups.

Deadlines in working days are turned into dates with the working calendar (Labour Code 2019 art. 112 holidays,
official swapped days) and stored, as DESIGN.md §2 asks of every deadline.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.dossiers.errors import DocumentRejected
from motcua.dossiers.services import check_upload
from motcua.units.selectors import today_in_vietnam
from motcua.workdays.selectors import get_calendar

from ..access import can_manage_plan, can_report_task, is_member
from ..choices import DeadlineKind, FollowUpStatus, TaskStatus
from ..models import Inspection, InspectionFinding, ReformPlan, ReformTask, TaskEvidence, TaskProgressEntry

logger = logging.getLogger(__name__)
MAX_EVIDENCE_FILES = 10


def working_days_deadline(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` ("trong N ngày làm việc kể từ ngày …": the start day is not
    counted). Zero days means the start day itself."""
    if days < 0 or days > 2000:
        raise ValidationError(_("The number of working days must be between 0 and 2,000."))
    calendar = get_calendar()
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


@transaction.atomic
def plan_create(
    *,
    actor,
    year: int,
    unit,
    managing_unit,
    title: str,
    document_number: str = "",
    document_date: datetime.date | None = None,
) -> ReformPlan:
    plan = ReformPlan(
        year=year,
        unit=unit,
        managing_unit=managing_unit,
        title=title.strip(),
        document_number=document_number.strip(),
        document_date=document_date,
    )
    if not can_manage_plan(actor, plan):
        raise PermissionDenied
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def task_create(
    *,
    actor,
    plan: ReformPlan,
    number: str,
    title: str,
    lead_unit,
    expected_output: str,
    due_date: datetime.date | None = None,
    start_date: datetime.date | None = None,
    working_days: int | None = None,
    cooperating_units: Iterable = (),
    criteria: Iterable = (),
) -> ReformTask:
    """Add a task to a plan (the managing unit only). Give either `due_date`, or `start_date` + `working_days`."""
    if not can_manage_plan(actor, plan):
        raise PermissionDenied
    if working_days is not None:
        if start_date is None:
            raise ValidationError(_("A deadline in working days needs a start date."))
        kind = DeadlineKind.WORKING_DAYS
        due_date = working_days_deadline(start_date, working_days)
    elif due_date is None:
        raise ValidationError(_("Give a deadline: a date, or a start date and a number of working days."))
    else:
        kind = DeadlineKind.DATE
    task = ReformTask(
        plan=plan,
        number=number.strip(),
        title=title.strip(),
        lead_unit=lead_unit,
        expected_output=expected_output.strip(),
        deadline_kind=kind,
        start_date=start_date,
        working_days=working_days,
        due_date=due_date,
    )
    task.full_clean()
    task.save()
    task.cooperating_units.set(list(cooperating_units))
    task.criteria.set(list(criteria))
    return task


@dataclass(frozen=True)
class EvidenceUpload:
    file: File
    name: str


@transaction.atomic
def task_report_progress(
    *,
    actor,
    task: ReformTask,
    progress: int,
    status: str,
    note: str = "",
    files: Sequence[EvidenceUpload] = (),
) -> TaskProgressEntry:
    """The lead unit reports progress: one append-only log row, the task's current figures, evidence files.

    Reaching "done" sets progress to 100 % and the completion date (Vietnam calendar day); files are checked
    (PDF/JPEG/PNG by content, size limit) and stored under random names with their SHA-256.
    """
    task = ReformTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if not can_report_task(actor, task):
        raise PermissionDenied
    if status not in TaskStatus.values:
        raise ValidationError(_("Unknown status."))
    if not 0 <= int(progress) <= 100:
        raise ValidationError(_("Progress must be between 0 and 100 %."))
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationError(_("At most %(count)s files at a time.") % {"count": MAX_EVIDENCE_FILES})
    if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED) and not can_manage_plan(actor, task.plan):
        raise ValidationError(_("The task is closed; ask the managing unit to reopen it."))
    progress = 100 if status == TaskStatus.DONE else int(progress)
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload.file, filename=upload.name)))
        except DocumentRejected as error:
            raise ValidationError(f"{upload.name}: {error}") from None
    entry = TaskProgressEntry.objects.create(task=task, author=actor, progress=progress, status=status, note=note)
    for upload, facts in checked:
        evidence = TaskEvidence(
            task=task,
            entry=entry,
            name=upload.name[:255],
            content_type=facts.content_type,
            size=facts.size,
            sha256=facts.sha256,
            uploaded_by=actor,
        )
        evidence.file.save(upload.name, upload.file, save=False)
        evidence.save()
    task.progress = progress
    task.status = status
    task.completed_on = today_in_vietnam() if status == TaskStatus.DONE else None
    task.save(update_fields=["progress", "status", "completed_on", "updated_at"])
    logger.info("reform.task.progress", extra={"task": task.pk, "status": status, "progress": progress})
    return entry


@dataclass(frozen=True)
class FindingInput:
    description: str
    severity: str
    recommendation: str = ""
    follow_up_due: datetime.date | None = None


@transaction.atomic
def inspection_record(
    *,
    actor,
    plan: ReformPlan,
    inspected_unit,
    visit_date: datetime.date,
    team: str = "",
    summary: str = "",
    conclusion_number: str = "",
    findings: Sequence[FindingInput] = (),
) -> Inspection:
    """Record an inspection visit by the plan's managing unit, with its findings; a finding with a follow-up
    deadline opens a follow-up that the inspected unit must report on."""
    if not can_manage_plan(actor, plan):
        raise PermissionDenied
    inspection = Inspection.objects.create(
        plan=plan,
        inspected_unit=inspected_unit,
        inspecting_unit=plan.managing_unit,
        visit_date=visit_date,
        team=team.strip(),
        summary=summary.strip(),
        conclusion_number=conclusion_number.strip(),
    )
    for item in findings:
        finding = InspectionFinding(
            inspection=inspection,
            description=item.description.strip(),
            severity=item.severity,
            recommendation=item.recommendation.strip(),
            follow_up_status=FollowUpStatus.OPEN if item.follow_up_due else FollowUpStatus.NONE,
            follow_up_due=item.follow_up_due,
        )
        finding.full_clean(exclude=["inspection"])
        finding.save()
    return inspection


@transaction.atomic
def finding_follow_up_report(*, actor, finding: InspectionFinding, note: str) -> InspectionFinding:
    """The inspected unit (or the inspecting one) reports the follow-up done."""
    finding = InspectionFinding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    inspection = finding.inspection
    if not (is_member(actor, inspection.inspected_unit_id) or is_member(actor, inspection.inspecting_unit_id)):
        raise PermissionDenied
    if finding.follow_up_status != FollowUpStatus.OPEN:
        raise ValidationError(_("This finding has no open follow-up."))
    if not note.strip():
        raise ValidationError(_("Describe what was done."))
    finding.follow_up_status = FollowUpStatus.DONE
    finding.follow_up_done_on = today_in_vietnam()
    finding.follow_up_note = note.strip()
    finding.save(update_fields=["follow_up_status", "follow_up_done_on", "follow_up_note"])
    return finding
