"""Screens of the reform scorecard for the Department of Home Affairs and unit officers. Thin: parse, call a
scorecard service or selector, render (DESIGN.md §6). Officers only: a signed-in citizen gets the console's
friendly 403, an anonymous visitor the login."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_units
from motcua.scorecard import access, selectors, services
from motcua.scorecard.choices import AssessmentStatus, ExternalIndex, ScoringMethod
from motcua.scorecard.errors import ScorecardError
from motcua.scorecard.external import external_index_table, external_results_import
from motcua.scorecard.loader import FrameworkError, framework_load_file, read_framework_file, shipped_framework_files
from motcua.scorecard.models import Framework
from motcua.units.models import Unit
from motcua.units.selectors import today_in_vietnam

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
        "cchc/frameworks.html",
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
        "cchc/framework.html",
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
    return redirect("cchc:assessment", pk=assessment.pk)


def _save_self(request, assessment, entries) -> None:
    for entry in entries:
        if entry.criterion.method != ScoringMethod.SELF_APPRAISED:
            continue
        key = str(entry.criterion_id)
        points = _points(request.POST.get(f"points-{key}", ""))
        note = request.POST.get(f"note-{key}", "")
        if points != entry.self_points or note.strip() != entry.note:
            services.entry_self_assess(
                assessment=assessment, criterion=entry.criterion, points=points, note=note, actor=request.user
            )
        upload = request.FILES.get(f"evidence-{key}")
        if upload is not None:
            services.evidence_attach(entry=entry, upload=upload, filename=upload.name, actor=request.user)


def _save_appraisal(request, assessment, entries) -> None:
    for entry in entries:
        if entry.criterion.method != ScoringMethod.SELF_APPRAISED:
            continue
        key = str(entry.criterion_id)
        raw = request.POST.get(f"appraised-{key}", "")
        reason = request.POST.get(f"reason-{key}", "")
        points = _points(raw)
        if points is None and not reason.strip():
            continue
        if points == entry.appraised_points and reason.strip() == entry.appraisal_reason:
            continue
        services.entry_appraise(
            assessment=assessment, criterion=entry.criterion, points=points, reason=reason, actor=request.user
        )


@officer_required
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for_actor(actor=request.user, pk=pk)
    if assessment is None:
        raise Http404
    entries = selectors.assessment_entries(assessment=assessment)
    can_edit = access.can_self_assess(request.user, assessment)
    can_appraise = access.can_appraise(request.user, assessment)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if can_edit:
                _save_self(request, assessment, entries)
                if action == "submit":
                    services.assessment_submit(assessment=assessment, actor=request.user)
                    messages.success(request, _("The self-assessment was submitted to the Department."))
                else:
                    messages.success(request, _("Saved."))
            elif can_appraise:
                if action == "return":
                    services.assessment_return(
                        assessment=assessment, reason=request.POST.get("return_reason", ""), actor=request.user
                    )
                    messages.success(request, _("The assessment was returned to the unit."))
                else:
                    _save_appraisal(request, assessment, entries)
                    if action == "finish":
                        services.assessment_finish_appraisal(assessment=assessment, actor=request.user)
                        messages.success(request, _("The appraisal is finished."))
                    else:
                        messages.success(request, _("Saved."))
            else:
                raise Http404
        except ScorecardError as exc:
            messages.error(request, exc.message)
        return redirect("cchc:assessment", pk=assessment.pk)
    nodes = selectors.framework_nodes(framework=assessment.framework)
    self_score = selectors.assessment_score(assessment=assessment, basis=selectors.SELF, nodes=nodes, entries=entries)
    official = selectors.assessment_score(assessment=assessment, nodes=nodes, entries=entries)
    by_node = {entry.criterion_id: entry for entry in entries}
    return render(
        request,
        "cchc/assessment.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "rows": [(node, by_node.get(node.id)) for node in nodes],
            "self_score": self_score,
            "official": official,
            "can_edit": can_edit,
            "can_appraise": can_appraise,
            "is_appraised": assessment.status == AssessmentStatus.APPRAISED,
            "history": selectors.assessment_history(assessment=assessment)[:200],
        },
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
        "cchc/results.html",
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
    return render(request, "cchc/print.html", {"framework": framework, "rows": rows})


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
        return redirect("cchc:framework", pk=pk)
    try:
        report = services.survey_points_import(framework=framework, content=upload.read(), actor=request.user)
    except ScorecardError as exc:
        messages.error(request, exc.message)
        return redirect("cchc:framework", pk=pk)
    for error in report.errors[:20]:
        messages.error(request, error)
    if not report.errors:
        messages.success(request, _("%(count)s survey points imported.") % {"count": report.imported})
    return redirect("cchc:framework", pk=pk)


@officer_required
@require_POST
def publish(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    try:
        services.framework_publish(framework=framework, actor=request.user)
        messages.success(request, _("The results are published to every unit."))
    except ScorecardError as exc:
        messages.error(request, exc.message)
    return redirect("cchc:results", pk=pk)


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
        "cchc/external.html",
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
        return redirect("cchc:frameworks")
    try:
        framework = framework_load_file(path=path, year=year)
    except FrameworkError as exc:
        messages.error(request, " ".join(exc.errors))
        return redirect("cchc:frameworks")
    messages.success(request, _("%(name)s %(year)s loaded.") % {"name": framework.name, "year": framework.year})
    return redirect("cchc:framework", pk=framework.pk)
