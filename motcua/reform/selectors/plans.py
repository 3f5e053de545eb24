"""Reads of reform plans and tasks, scoped to the officer, with overdue flags (Vietnam calendar day)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from motcua.accounts.selectors import officer_unit_ids
from motcua.units.selectors import today_in_vietnam

from ..choices import OPEN_TASK_STATUSES, FollowUpStatus, TaskStatus
from ..models import Inspection, InspectionFinding, ReformPlan, ReformTask


def overdue_q(today: datetime.date) -> Q:
    """Open tasks whose deadline day has passed (a deadline day itself is still on time)."""
    return Q(status__in=OPEN_TASK_STATUSES, due_date__lt=today)


def task_is_overdue(task: ReformTask, *, today: datetime.date | None = None) -> bool:
    return task.status in OPEN_TASK_STATUSES and task.due_date < (today or today_in_vietnam())


def task_finished_late(task: ReformTask) -> bool:
    return task.status == TaskStatus.DONE and task.completed_on is not None and task.completed_on > task.due_date


def _visible_plan_q(officer) -> Q:
    unit_ids = officer_unit_ids(officer=officer)
    involved = ReformTask.objects.filter(plan=OuterRef("pk")).filter(
        Q(lead_unit_id__in=unit_ids) | Q(cooperating_units__in=unit_ids)
    )
    return Q(managing_unit_id__in=unit_ids) | Q(unit_id__in=unit_ids) | Q(Exists(involved))


def plan_list_for_officer(*, officer, year: int | None = None) -> QuerySet[ReformPlan]:
    today = today_in_vietnam()
    plans = ReformPlan.objects.select_related("unit", "managing_unit")
    if not officer.is_superuser:
        plans = plans.filter(_visible_plan_q(officer))
    if year is not None:
        plans = plans.filter(year=year)
    return plans.annotate(
        task_count=Count("tasks", distinct=True),
        done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE), distinct=True),
        overdue_count=Count(
            "tasks", filter=Q(tasks__status__in=OPEN_TASK_STATUSES, tasks__due_date__lt=today), distinct=True
        ),
    )


def plan_get_for_officer(*, officer, pk: int) -> ReformPlan:
    return plan_list_for_officer(officer=officer).get(pk=pk)


def task_list_for_plan(*, plan: ReformPlan, only_overdue: bool = False) -> QuerySet[ReformTask]:
    tasks = (
        plan.tasks.select_related("lead_unit")
        .prefetch_related("cooperating_units", "criteria")
        .order_by("due_date", "number")
    )
    if only_overdue:
        tasks = tasks.filter(overdue_q(today_in_vietnam()))
    return tasks


def task_get_for_officer(*, officer, pk: int) -> ReformTask:
    """A task the officer may see: of a plan he can see (managing, owning or taking part in)."""
    task = ReformTask.objects.select_related("plan__managing_unit", "plan__unit", "lead_unit").get(pk=pk)
    if not officer.is_superuser and not plan_list_for_officer(officer=officer).filter(pk=task.plan_id).exists():
        raise ReformTask.DoesNotExist
    return task


def task_list_overdue_for_officer(*, officer) -> QuerySet[ReformTask]:
    """Overdue tasks the officer's units lead (what a unit must act on now)."""
    tasks = ReformTask.objects.filter(overdue_q(today_in_vietnam())).select_related("plan", "lead_unit")
    if not officer.is_superuser:
        tasks = tasks.filter(lead_unit_id__in=officer_unit_ids(officer=officer))
    return tasks.order_by("due_date")


def inspection_list_for_plan(*, plan: ReformPlan) -> QuerySet[Inspection]:
    return plan.inspections.select_related("inspected_unit").prefetch_related(
        Prefetch("findings", queryset=InspectionFinding.objects.order_by("pk"))
    )


def findings_open_overdue(*, today: datetime.date | None = None) -> QuerySet[InspectionFinding]:
    today = today or today_in_vietnam()
    return InspectionFinding.objects.filter(follow_up_status=FollowUpStatus.OPEN, follow_up_due__lt=today)
