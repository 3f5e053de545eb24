"""Screens of reform plans: list, plan with tasks (overdue flagged), task with progress log and evidence,
Excel export and printable summary. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_unit_ids
from motcua.dossiers.services import file_response
from motcua.units.selectors import today_in_vietnam

from .. import selectors, services
from ..access import can_manage_plan, can_report_task, is_member
from ..forms import FollowUpForm, ProgressForm
from ..models import InspectionFinding, ReformPlan, ReformTask, TaskEvidence
from ..xlsx import plan_workbook


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _task_rows(plan, *, only_overdue=False):
    today = today_in_vietnam()
    return [
        {
            "task": task,
            "overdue": selectors.task_is_overdue(task, today=today),
            "late": selectors.task_finished_late(task),
        }
        for task in selectors.task_list_for_plan(plan=plan, only_overdue=only_overdue)
    ]


@officer_required
def plan_list(request):
    year = _int(request.GET.get("nam"))
    plans = selectors.plan_list_for_officer(officer=request.user, year=year)
    overdue = selectors.task_list_overdue_for_officer(officer=request.user)[:50]
    context = {
        "plans": plans,
        "overdue": overdue,
        "year": year,
        "can_create": bool(officer_unit_ids(officer=request.user)),
    }
    return render(request, "reform/plan_list.html", context)


def _plan_or_404(request, pk):
    try:
        return selectors.plan_get_for_officer(officer=request.user, pk=pk)
    except ReformPlan.DoesNotExist:
        raise Http404 from None


@officer_required
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    only_overdue = request.GET.get("qua-han") == "1"
    context = {
        "plan": plan,
        "rows": _task_rows(plan, only_overdue=only_overdue),
        "only_overdue": only_overdue,
        "inspections": selectors.inspection_list_for_plan(plan=plan),
        "can_manage": can_manage_plan(request.user, plan),
        "today": today_in_vietnam(),
    }
    return render(request, "reform/plan_detail.html", context)


@officer_required
def plan_print(request, pk: int):
    plan = _plan_or_404(request, pk)
    rows = _task_rows(plan)
    context = {
        "plan": plan,
        "rows": rows,
        "overdue_rows": [r for r in rows if r["overdue"]],
        "inspections": selectors.inspection_list_for_plan(plan=plan),
        "today": today_in_vietnam(),
    }
    return render(request, "reform/plan_print.html", context)


@officer_required
def plan_xlsx(request, pk: int):
    plan = _plan_or_404(request, pk)
    content = plan_workbook(plan=plan, rows=_task_rows(plan))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-cchc-{plan.year}-{plan.pk}.xlsx"'
    return response


def _task_or_404(request, pk):
    try:
        return selectors.task_get_for_officer(officer=request.user, pk=pk)
    except ReformTask.DoesNotExist:
        raise Http404 from None


@officer_required
def task_detail(request, pk: int):
    task = _task_or_404(request, pk)
    may_report = can_report_task(request.user, task)
    form = ProgressForm(initial={"progress": task.progress, "status": task.status})
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = [services.EvidenceUpload(file=f, name=f.name) for f in request.FILES.getlist("files")]
            try:
                services.task_report_progress(
                    actor=request.user,
                    task=task,
                    progress=form.cleaned_data["progress"],
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    files=uploads,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect("reform:task_detail", pk=task.pk)
    context = {
        "task": task,
        "form": form,
        "may_report": may_report,
        "can_manage": can_manage_plan(request.user, task.plan),
        "overdue": selectors.task_is_overdue(task),
        "late": selectors.task_finished_late(task),
        "log": task.progress_log.select_related("author").prefetch_related("files"),
    }
    return render(request, "reform/task_detail.html", context)


@officer_required
def evidence_download(request, pk: int, evidence_pk: int):
    task = _task_or_404(request, pk)
    try:
        evidence = TaskEvidence.objects.get(pk=evidence_pk, task=task)
    except TaskEvidence.DoesNotExist:
        raise Http404 from None
    return file_response(evidence, filename=evidence.name)


@officer_required
def finding_follow_up(request, pk: int):
    if request.method != "POST":
        raise Http404
    try:
        finding = InspectionFinding.objects.select_related("inspection").get(pk=pk)
    except InspectionFinding.DoesNotExist:
        raise Http404 from None
    inspection = finding.inspection
    if not (
        is_member(request.user, inspection.inspected_unit_id) or is_member(request.user, inspection.inspecting_unit_id)
    ):
        raise Http404
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.finding_follow_up_report(actor=request.user, finding=finding, note=form.cleaned_data["note"])
            messages.success(request, _("Follow-up recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Describe what was done."))
    if inspection.plan_id:
        return redirect("reform:plan_detail", pk=inspection.plan_id)
    return redirect("reform:plan_list")
