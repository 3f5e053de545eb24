"""Survey screens: officer list and results (+ Excel), paper entry, CSV import with a validation report, and the
public anonymous questionnaire behind an open or one-time link (rate-limited per client address)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_unit_ids
from motcua.core.ratelimit import Limit, client_ip, is_limited, record_attempt

from .. import selectors, services
from ..forms import ImportForm
from ..models import Survey

PUBLIC_LIMIT = Limit(attempts=20, window_seconds=3600)


def _survey_or_404(request, pk) -> Survey:
    try:
        return selectors.survey_get_for_officer(officer=request.user, pk=pk)
    except Survey.DoesNotExist:
        raise Http404 from None


def _answers_from(post, structure) -> dict[int, str]:
    return {q.pk: post.get(f"q{q.pk}", "") for _element, questions in structure for q in questions}


FIVE_LEVELS = (
    _lazy("Very dissatisfied"),
    _lazy("Dissatisfied"),
    _lazy("Neutral"),
    _lazy("Satisfied"),
    _lazy("Very satisfied"),
)


def _scale(survey: Survey) -> list[tuple[int, str]]:
    """Scale labels as configured; a 5-point scale without labels gets the SIPAS five levels."""
    labels = list(survey.scale_labels or []) or (list(FIVE_LEVELS) if survey.scale_max == 5 else [])
    return [
        (point, labels[point - 1] if point <= len(labels) else str(point)) for point in range(1, survey.scale_max + 1)
    ]


@officer_required
def survey_list(request):
    context = {
        "surveys": selectors.survey_list_for_officer(officer=request.user),
        "can_create": bool(officer_unit_ids(officer=request.user)),
    }
    return render(request, "reform/survey_list.html", context)


@officer_required
def survey_results(request, pk: int):
    survey = _survey_or_404(request, pk)
    results = selectors.survey_results(survey=survey)
    if request.GET.get("xuat") == "xlsx":
        from ..xlsx import survey_workbook

        response = HttpResponse(
            survey_workbook(results=results),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{survey.code}.xlsx"'
        return response

    def cells(row):
        return [row.elements.get(e.pk) for e in results.elements] + [row.indices.get(i.pk) for i in results.indices]

    context = {
        "survey": survey,
        "results": results,
        "unit_rows": [(row, cells(row)) for row in results.units],
        "province_rows": [(row, cells(row)) for row in results.provinces],
        "total_cells": cells(results.total),
        "targets": survey.targets.select_related("unit"),
    }
    return render(request, "reform/survey_results.html", context)


@officer_required
def survey_enter(request, pk: int):
    survey = _survey_or_404(request, pk)
    structure = selectors.survey_structure(survey)
    targets = list(survey.targets.select_related("unit"))
    errors: list[str] = []
    if request.method == "POST":
        target = next((t for t in targets if str(t.pk) == request.POST.get("target")), None)
        if target is None:
            errors.append(_("Choose the unit the form is about."))
        else:
            try:
                services.survey_response_enter(
                    actor=request.user,
                    survey=survey,
                    unit=target.unit,
                    answers=_answers_from(request.POST, structure),
                    form_number=request.POST.get("form_number", "")[:40],
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(request, _("Form saved. Enter the next one."))
                return redirect("reform:survey_enter", pk=survey.pk)
    context = {"survey": survey, "structure": structure, "targets": targets, "scale": _scale(survey), "errors": errors}
    return render(request, "reform/survey_enter.html", context)


@officer_required
def survey_import(request, pk: int):
    survey = _survey_or_404(request, pk)
    report = None
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 20 * 1024 * 1024:
                form.add_error("file", _("The file is too large."))
            else:
                try:
                    report = services.survey_responses_import(
                        actor=request.user, survey=survey, data=upload.read(), dry_run=form.cleaned_data["dry_run"]
                    )
                except ValidationError as error:
                    form.add_error("file", error)
    codes = [q.code for _e, questions in selectors.survey_structure(survey) for q in questions]
    context = {"survey": survey, "form": form, "report": report, "header": ",".join(["unit", "form", *codes])}
    return render(request, "reform/survey_import.html", context)


@never_cache
def survey_public(request, token: str):
    """The anonymous questionnaire. No account, no personal data; a spent or unknown link gets a plain page."""
    link = services.survey_link_resolve(token)
    if link is None or link.target.survey.status != "open":
        return render(request, "reform/survey_closed.html", status=404)
    survey = link.target.survey
    structure = selectors.survey_structure(survey)
    errors: list[str] = []
    if request.method == "POST":
        address = client_ip(request)
        if is_limited("reform-survey", address, limit=PUBLIC_LIMIT):
            return render(request, "reform/survey_closed.html", {"limited": True}, status=429)
        record_attempt("reform-survey", address, limit=PUBLIC_LIMIT)
        try:
            services.survey_response_submit_online(token=token, answers=_answers_from(request.POST, structure))
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            return render(request, "reform/survey_thanks.html", {"survey": survey})
    context = {
        "survey": survey,
        "unit": link.target.unit,
        "structure": structure,
        "scale": _scale(survey),
        "errors": errors,
    }
    return render(request, "reform/survey_public.html", context)
