"""Screens of the reform scorecard for the Department of Home Affairs and unit officers, under `/cai-cach/`
(until issue 14 they were the separate `cchc` app; the paths did not change). Thin: parse, call a
scorecard service or selector, render (DESIGN.md §6). Officers only: a signed-in citizen gets the console's
friendly 403, an anonymous visitor the login."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_units
from motcua.units.models import Unit
from motcua.units.selectors import today_in_vietnam

from . import access, selectors, services
from .choices import AssessmentStatus, ExternalIndex, ScoringMethod
from .errors import ScorecardError
from .external import external_index_table, external_results_import
from .loader import FrameworkError, framework_load_file, read_framework_file, shipped_framework_files
from .models import Framework
from .xlsx import ranking_workbook


def _points(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ScorecardError(_("“%(value)s” is not a number.") % {"value": text}, code="not_number") from None


@officer_required
def framework_list(request):
    frameworks = selectors.framework_list()
    own = officer_units(officer=request.user).order_by("name")
    shipped = []
    if access.is_appraiser(request.user):
        shipped = [(path.name, read_framework_file(path).name) for path in shipped_framework_files()]
    return render(
        request,
        "scorecard/frameworks.html",
        {
            "frameworks": frameworks,
            "own_units": own,
            "is_appraiser": access.is_appraiser(request.user),
            "shipped": shipped,
            "this_year": today_in_vietnam().year,
        },
    )


@officer_required
def framework_detail(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    nodes = selectors.framework_nodes(framework=framework)
    assessments = selectors.assessment_list_for_actor(actor=request.user, framework=framework)
    own = officer_units(officer=request.user).exclude(reform_assessments__framework=framework).order_by("path")
    return render(
        request,
        "scorecard/framework.html",
        {
            "framework": framework,
            "nodes": nodes,
            "assessments": assessments,
            "startable_units": own.order_by("name"),
            "is_appraiser": access.is_appraiser(request.user),
        },
    )


@officer_required
@require_POST
def assessment_open(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    unit = Unit.objects.filter(pk=request.POST.get("unit"), id__in=access.own_unit_ids(request.user)).first()
    if unit is None:
        raise Http404
    assessment = services.assessment_start(framework=framework, unit=unit)
    return redirect("scorecard:assessment", pk=assessment.pk)


@dataclass
class EntryForm:
    """What the page shows for one self-assessed sub-criterion: the values (as typed, on a failed save) and the
    error of each field, so a mistake never costs the person the other entries (issue 17)."""

    points: str = ""
    note: str = ""
    appraised: str = ""
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def _stored_form(entry) -> EntryForm:
    def text(value):
        return "" if value is None else str(value)

    return EntryForm(text(entry.self_points), entry.note, text(entry.appraised_points), entry.appraisal_reason)


def _check_range(raw: str, criterion) -> tuple[Decimal | None, str | None]:
    """Parse one typed number; the error names the allowed range (the rule of services._check_points)."""
    try:
        points = _points(raw)
    except ScorecardError as exc:
        return None, exc.message
    if points is not None and not Decimal(0) <= points <= criterion.max_points:
        maximum = number_format(criterion.max_points, decimal_pos=2, use_l10n=True)
        return None, _("Enter a number between 0 and %(max)s.") % {"max": maximum}
    return points, None


def _read_self(request, entries) -> tuple[dict[int, EntryForm], list]:
    """Every self-assessed entry as typed, with its errors; the changes to store when there is none."""
    forms, changes = {}, []
    for entry in entries:
        if entry.criterion.method != ScoringMethod.SELF_APPRAISED:
            continue
        key = entry.criterion_id
        form = EntryForm(
            points=request.POST.get(f"points-{key}", "").strip(),
            note=request.POST.get(f"note-{key}", ""),
            appraised=_stored_form(entry).appraised,
            reason=entry.appraisal_reason,
        )
        points, error = _check_range(form.points, entry.criterion)
        if error:
            form.errors["points"] = error
        elif points != entry.self_points or form.note.strip() != entry.note:
            changes.append((entry, points, form.note))
        forms[key] = form
    return forms, changes


def _read_appraisal(request, entries) -> tuple[dict[int, EntryForm], list]:
    forms, changes = {}, []
    for entry in entries:
        if entry.criterion.method != ScoringMethod.SELF_APPRAISED:
            continue
        key = entry.criterion_id
        stored = _stored_form(entry)
        form = EntryForm(
            points=stored.points,
            note=entry.note,
            appraised=request.POST.get(f"appraised-{key}", "").strip(),
            reason=request.POST.get(f"reason-{key}", ""),
        )
        forms[key] = form
        points, error = _check_range(form.appraised, entry.criterion)
        if error:
            form.errors["appraised"] = error
            continue
        reason = form.reason.strip()
        if points is None and not reason:
            continue
        if points is not None and points != entry.self_points and not reason:
            form.errors["reason"] = _("Give the reason for adjusting the points of %(code)s.") % {
                "code": entry.criterion.code
            }
            continue
        if points == entry.appraised_points and reason == entry.appraisal_reason:
            continue
        changes.append((entry, points, reason))
    return forms, changes


def _save_self(request, assessment, changes, entries) -> None:
    for entry, points, note in changes:
        services.entry_self_assess(
            assessment=assessment, criterion=entry.criterion, points=points, note=note, actor=request.user
        )
    for entry in entries:
        upload = request.FILES.get(f"evidence-{entry.criterion_id}")
        if upload is not None and entry.criterion.method == ScoringMethod.SELF_APPRAISED:
            services.evidence_attach(entry=entry, upload=upload, filename=upload.name, actor=request.user)


def _save_appraisal(request, assessment, changes) -> None:
    for entry, points, reason in changes:
        services.entry_appraise(
            assessment=assessment, criterion=entry.criterion, points=points, reason=reason, actor=request.user
        )


def _progress(assessment, entries) -> tuple[int, int]:
    """(done, total) self-assessed sub-criteria: appraised ones while the Department appraises, otherwise the ones
    the unit has scored."""
    own = [e for e in entries if e.criterion.method == ScoringMethod.SELF_APPRAISED]
    if assessment.status == AssessmentStatus.DRAFT:
        return sum(e.self_points is not None for e in own), len(own)
    return sum(e.appraised_points is not None for e in own), len(own)


def _post_assessment(request, assessment, entries, can_edit, can_appraise) -> dict[int, EntryForm] | None:
    """Store the page's entries, or return them with their errors (nothing stored) for the page to show again."""
    action = request.POST.get("action", "save")
    if not (can_edit or can_appraise):
        raise Http404
    if can_appraise and action == "return":
        services.assessment_return(
            assessment=assessment, reason=request.POST.get("return_reason", ""), actor=request.user
        )
        messages.success(request, _("The assessment was returned to the unit."))
        return None
    forms, changes = _read_self(request, entries) if can_edit else _read_appraisal(request, entries)
    if any(form.errors for form in forms.values()):
        if request.FILES:
            messages.warning(request, _("Nothing was saved: choose the evidence files again after correcting."))
        return forms
    with transaction.atomic():
        if can_edit:
            _save_self(request, assessment, changes, entries)
            if action == "submit":
                services.assessment_submit(assessment=assessment, actor=request.user)
                messages.success(request, _("The self-assessment was submitted to the Department."))
            else:
                messages.success(request, _("Saved."))
        else:
            _save_appraisal(request, assessment, changes)
            if action == "finish":
                services.assessment_finish_appraisal(assessment=assessment, actor=request.user)
                messages.success(request, _("The appraisal is finished."))
            else:
                messages.success(request, _("Saved."))
    return None


@officer_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for_actor(actor=request.user, pk=pk)
    if assessment is None:
        raise Http404
    entries = selectors.assessment_entries(assessment=assessment)
    can_edit = access.can_self_assess(request.user, assessment)
    can_appraise = access.can_appraise(request.user, assessment)
    forms = None
    if request.method == "POST":
        try:
            forms = _post_assessment(request, assessment, entries, can_edit, can_appraise)
        except ScorecardError as exc:
            # A rule only the service knows (e.g. a missing point on submit): keep what was typed on the page.
            messages.error(request, exc.message)
            forms = (_read_self if can_edit else _read_appraisal)(request, entries)[0] if request.POST else None
        if forms is None:
            return redirect("scorecard:assessment", pk=assessment.pk)
    nodes = selectors.framework_nodes(framework=assessment.framework)
    self_score = selectors.assessment_score(assessment=assessment, basis=selectors.SELF, nodes=nodes, entries=entries)
    official = selectors.assessment_score(assessment=assessment, nodes=nodes, entries=entries)
    by_node = {entry.criterion_id: entry for entry in entries}
    shown = forms or {}
    rows = [
        (
            node,
            by_node.get(node.id),
            shown.get(node.id) or (_stored_form(by_node[node.id]) if node.id in by_node else None),
        )
        for node in nodes
    ]
    errors = [(node, form) for node, _entry, form in rows if form is not None and form.errors]
    first = next(iter(errors), None)
    done, total = _progress(assessment, entries)
    return render(
        request,
        "scorecard/assessment.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "rows": rows,
            "errors": errors,
            "first_error_node": first[0].pk if first else None,
            "first_error_field": next(iter(first[1].errors)) if first else "",
            "self_score": self_score,
            "official": official,
            "can_edit": can_edit,
            "can_appraise": can_appraise,
            "is_appraised": assessment.status == AssessmentStatus.APPRAISED,
            "progress_done": done,
            "progress_total": total,
            "history": selectors.assessment_history(assessment=assessment)[:200],
        },
        status=400 if errors else 200,
    )


def _ranking_or_404(request, framework):
    rows = selectors.ranking_for_actor(actor=request.user, framework=framework)
    if rows is None:
        raise Http404
    return rows


@officer_required
def results(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    rows = _ranking_or_404(request, framework)
    selected = next(
        (row for row in rows if str(row.assessment.pk) == request.GET.get("don-vi")), rows[0] if rows else None
    )
    return render(
        request,
        "scorecard/results.html",
        {
            "framework": framework,
            "rows": rows,
            "selected": selected,
            "lost": selected.score.lost_points()[:15] if selected else [],
            "fields": [f.node for f in rows[0].score.fields] if rows else [],
            "previous": selectors.previous_framework(framework=framework),
            "is_appraiser": access.is_appraiser(request.user),
        },
    )


@officer_required
def results_print(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    rows = _ranking_or_404(request, framework)
    return render(request, "scorecard/print.html", {"framework": framework, "rows": rows})


@officer_required
def results_xlsx(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    rows = _ranking_or_404(request, framework)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="chi-so-cchc-{framework.code}-{framework.year}.xlsx"'
    ranking_workbook(framework, rows).save(response)
    return response


@officer_required
@require_POST
def survey_import(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV file."))
        return redirect("scorecard:framework", pk=pk)
    try:
        report = services.survey_points_import(framework=framework, content=upload.read(), actor=request.user)
    except ScorecardError as exc:
        messages.error(request, exc.message)
        return redirect("scorecard:framework", pk=pk)
    for error in report.errors[:20]:
        messages.error(request, error)
    if not report.errors:
        messages.success(request, _("%(count)s survey points imported.") % {"count": report.imported})
    return redirect("scorecard:framework", pk=pk)


@officer_required
@require_POST
def publish(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    try:
        services.framework_publish(framework=framework, actor=request.user)
        messages.success(request, _("The results are published to every unit."))
    except ScorecardError as exc:
        messages.error(request, exc.message)
    return redirect("scorecard:results", pk=pk)


@officer_required
def external(request):
    index = request.GET.get("chi-so", ExternalIndex.PAR)
    if index not in ExternalIndex.values:
        index = ExternalIndex.PAR
    report = None
    if request.method == "POST":
        if not access.is_appraiser(request.user):
            raise Http404
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ScorecardError(_("Choose a CSV file."))
            report = external_results_import(content=upload.read(), default_source=request.POST.get("source", ""))
            if not report.errors:
                messages.success(request, _("%(count)s results imported.") % {"count": report.imported})
        except ScorecardError as exc:
            messages.error(request, exc.message)
    table = external_index_table(index=index)
    return render(
        request,
        "scorecard/external.html",
        {
            "table": table,
            "index": index,
            "indices": ExternalIndex.choices,
            "report": report,
            "is_appraiser": access.is_appraiser(request.user),
        },
    )


@officer_required
@require_POST
def framework_load(request):
    """The Department loads a shipped framework for an evaluation year (e.g. this year's PAR INDEX round)."""
    if not access.is_appraiser(request.user):
        raise Http404
    files = {path.name: path for path in shipped_framework_files()}
    path = files.get(request.POST.get("file", ""))
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if path is None or not 2000 <= year <= 2100:
        messages.error(request, _("Choose a framework and a year between 2000 and 2100."))
        return redirect("scorecard:frameworks")
    try:
        framework = framework_load_file(path=path, year=year)
    except FrameworkError as exc:
        messages.error(request, " ".join(exc.errors))
        return redirect("scorecard:frameworks")
    messages.success(request, _("%(name)s %(year)s loaded.") % {"name": framework.name, "year": framework.year})
    return redirect("scorecard:framework", pk=framework.pk)
