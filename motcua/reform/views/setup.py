"""Entry screens of the Department (Sở Nội vụ): create and edit a plan and its tasks, record inspection visits
(own list with Excel), create a survey round and a contest round. Scoped like the other reform screens: only
members of the managing/organising unit reach them, anyone else gets a 404 (citizens a 403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.access import officer_required
from motcua.accounts.models import User
from motcua.accounts.selectors import officer_unit_ids, officer_units
from motcua.scorecard.models import Criterion
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import today_in_vietnam

from .. import selectors, services
from ..access import can_manage_plan
from ..forms import FindingFormSet, InspectionForm, PlanForm, RoundForm, SurveyForm, TaskForm
from ..models import ReformPlan, Survey
from ..xlsx import inspection_workbook
from .plans import _plan_or_404, _task_or_404

LEGACY_KINDS = (UnitKind.LEGACY_PROVINCE, UnitKind.LEGACY_DISTRICT)


def _add_errors(form, error: ValidationError) -> None:
    """Put a model/service ValidationError on the form: field errors on their field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _own_units(user):
    return officer_units(officer=user).order_by("name")


def territory_units(units):
    """Every current unit in the provinces (or top units) of `units`: the choices for lead, co-operating,
    inspected and surveyed units."""
    roots = {unit.ancestor_codes[0] if unit.ancestor_codes else unit.code for unit in units}
    paths = Unit.objects.filter(code__in=roots).values_list("path", flat=True)
    query = Unit.objects.none()
    for path in paths:
        query = query | Unit.objects.filter(path__startswith=path)
    return query.exclude(kind__in=LEGACY_KINDS).filter(valid_to__isnull=True).order_by("path")


def _plan_units(managing_units):
    codes = {code for unit in managing_units for code in (*unit.ancestor_codes, unit.code)}
    return Unit.objects.filter(code__in=codes).order_by("depth", "name")


def _criteria_for(year: int):
    criteria = Criterion.objects.select_related("framework").order_by("framework__code", "position")
    years = list(criteria.filter(framework__year__lte=year).values_list("framework__year", flat=True).distinct())
    return criteria.filter(framework__year=max(years)) if years else criteria.none()


def _managed_plan_or_404(request, pk) -> ReformPlan:
    plan = _plan_or_404(request, pk)
    if not can_manage_plan(request.user, plan):
        raise Http404
    return plan


@officer_required
def plan_create(request):
    own = list(_own_units(request.user))
    if not own:
        raise Http404
    form = PlanForm(
        request.POST or None,
        managing_units=_own_units(request.user),
        plan_units=_plan_units(own),
        initial={"year": today_in_vietnam().year, "managing_unit": own[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=request.user,
                year=data["year"],
                unit=data["unit"],
                managing_unit=data["managing_unit"],
                title=data["title"],
                document_number=data["document_number"],
                document_date=data["document_date"],
            )
            if data["status"] != plan.status:
                services.plan_update(
                    actor=request.user,
                    plan=plan,
                    title=plan.title,
                    status=data["status"],
                    document_number=plan.document_number,
                    document_date=plan.document_date,
                )
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied:
            form.add_error("managing_unit", _("You are not a member of this unit."))
        else:
            messages.success(request, _("The plan was created. Add its tasks."))
            return redirect("reform:plan_detail", pk=plan.pk)
    return render(request, "reform/plan_form.html", {"form": form, "plan": None})


@officer_required
def plan_edit(request, pk: int):
    plan = _managed_plan_or_404(request, pk)
    initial = {
        "title": plan.title,
        "document_number": plan.document_number,
        "document_date": plan.document_date,
        "status": plan.status,
    }
    form = PlanForm(
        request.POST or None,
        managing_units=Unit.objects.none(),
        plan_units=Unit.objects.none(),
        editing=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("reform:plan_detail", pk=plan.pk)
    return render(request, "reform/plan_form.html", {"form": form, "plan": plan})


def _task_form(request, plan, *, initial=None):
    return TaskForm(
        request.POST or None,
        units=territory_units([plan.unit]),
        criteria=_criteria_for(plan.year),
        initial=initial,
    )


@officer_required
def task_create(request, pk: int):
    plan = _managed_plan_or_404(request, pk)
    form = _task_form(request, plan, initial={"deadline_kind": "date"})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, plan=plan, **form.service_kwargs())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Task %(number)s added.") % {"number": task.number})
            if "another" in request.POST:
                return redirect("reform:task_create", pk=plan.pk)
            return redirect("reform:plan_detail", pk=plan.pk)
    return render(request, "reform/task_form.html", {"form": form, "plan": plan, "task": None})


@officer_required
def task_edit(request, pk: int):
    task = _task_or_404(request, pk)
    if not can_manage_plan(request.user, task.plan):
        raise Http404
    initial = {
        "number": task.number,
        "title": task.title,
        "criteria": list(task.criteria.values_list("pk", flat=True)),
        "lead_unit": task.lead_unit_id,
        "cooperating_units": list(task.cooperating_units.values_list("pk", flat=True)),
        "expected_output": task.expected_output,
        "deadline_kind": task.deadline_kind,
        "due_date": task.due_date,
        "start_date": task.start_date,
        "working_days": task.working_days,
    }
    form = _task_form(request, task.plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, **form.service_kwargs())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("reform:task_detail", pk=task.pk)
    return render(request, "reform/task_form.html", {"form": form, "plan": task.plan, "task": task})


@officer_required
def inspection_list(request, pk: int):
    plan = _plan_or_404(request, pk)
    inspections = list(selectors.inspection_list_for_plan(plan=plan))
    today = today_in_vietnam()
    findings = [f for i in inspections for f in i.findings.all()]
    context = {
        "plan": plan,
        "inspections": inspections,
        "today": today,
        "can_manage": can_manage_plan(request.user, plan),
        "open_count": sum(1 for f in findings if f.follow_up_status == "open"),
        "late_count": sum(1 for f in findings if f.follow_up_status == "open" and f.follow_up_due < today),
        "finding_count": len(findings),
    }
    return render(request, "reform/inspection_list.html", context)


@officer_required
def inspection_xlsx(request, pk: int):
    plan = _plan_or_404(request, pk)
    content = inspection_workbook(plan=plan, inspections=selectors.inspection_list_for_plan(plan=plan))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="kiem-tra-cchc-{plan.year}-{plan.pk}.xlsx"'
    return response


@officer_required
def inspection_create(request, pk: int):
    plan = _managed_plan_or_404(request, pk)
    data = request.POST or None
    form = InspectionForm(data, units=territory_units([plan.unit]), initial={"visit_date": today_in_vietnam()})
    findings = FindingFormSet(data, prefix="findings")
    if request.method == "POST" and form.is_valid() and findings.is_valid():
        items = [
            services.FindingInput(
                description=row["description"],
                severity=row["severity"],
                recommendation=row.get("recommendation", ""),
                follow_up_due=row.get("follow_up_due"),
            )
            for row in findings.cleaned_data
            if row and (row.get("description") or "").strip()
        ]
        try:
            services.inspection_record(actor=request.user, plan=plan, findings=items, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The inspection visit was recorded."))
            return redirect("reform:inspection_list", pk=plan.pk)
    return render(request, "reform/inspection_form.html", {"form": form, "findings": findings, "plan": plan})


@officer_required
def survey_create(request):
    own = _own_units(request.user)
    if not own.exists():
        raise Http404
    form = SurveyForm(
        request.POST or None,
        organizers=own,
        units=territory_units(list(own)),
        surveys=Survey.objects.filter(organizer__in=own).order_by("-year", "code"),
        initial={"year": today_in_vietnam().year, "organizer": own.first().pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The survey was created as a draft. Open it when the forms go out."))
            return redirect("reform:survey_results", pk=survey.pk)
    return render(request, "reform/survey_form.html", {"form": form})


@officer_required
def round_create(request):
    own = _own_units(request.user)
    if not own.exists():
        raise Http404
    judges = (
        User.objects.filter(
            is_active=True, memberships__unit__in=territory_units(list(own)), memberships__is_active=True
        )
        .distinct()
        .order_by("full_name", "username")
    )
    form = RoundForm(
        request.POST or None,
        organizers=own,
        judges=judges,
        initial={"year": today_in_vietnam().year, "organizer": own.first().pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The contest was created as a draft; open it for submissions when ready."))
            return redirect("reform:round_detail", pk=contest.pk)
    return render(request, "reform/round_form.html", {"form": form})


@officer_required
def survey_status(request, pk: int):
    """Open or close a survey round (organising unit only): open surveys take online and paper answers."""
    if request.method != "POST":
        raise Http404
    survey = Survey.objects.select_related("organizer").filter(pk=pk).first()
    if survey is None or survey.organizer_id not in officer_unit_ids(officer=request.user):
        raise Http404
    try:
        services.survey_set_status(actor=request.user, survey=survey, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey is now: %(status)s.") % {"status": survey.get_status_display()})
    return redirect("reform:survey_results", pk=survey.pk)
