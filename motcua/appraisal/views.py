"""Screens of officer evaluation: the list of the officers the viewer may see (their own line; a unit leader's or
centre manager's whole unit) with sorting, an officer's page (figures for a period, the score and its band, the
gradings), the dossiers behind a figure, and the centre manager's grading form. Thin: parse, call one service or
selector, render. Anything outside the viewer's scope is a 404 (access.py)."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import officer_required
from motcua.accounts.models import Membership
from motcua.metrics.periods import BadPeriod, parse_period, period_label
from motcua.units.selectors import today_in_vietnam

from . import access, selectors, services
from .forms import GradingForm


def signed_in(view):
    """Anonymous visitors go to sign in; everyone signed in reaches the view, which answers 404 outside their
    scope (a citizen learns nothing about officers)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _subject_or_404(request, pk: int) -> Membership:
    try:
        return access.subject_get_for_viewer(request.user, pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def _period(request) -> tuple[str, dt.date, dt.date, str]:
    """The period of `?ky=` (2026, 2026-Q1, 2026-03 …; the current year by default) and an error message."""
    text = (request.GET.get("ky") or "").strip() or str(today_in_vietnam().year)
    try:
        start, end = parse_period(text)
    except (BadPeriod, ValueError):
        year = today_in_vietnam().year
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), _("Write the period as 2026, 2026-Q1 or 2026-03.")
    return text, start, end, ""


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return today_in_vietnam().year
    return year if 2000 <= year <= today_in_vietnam().year else today_in_vietnam().year


@officer_required
def officer_list(request):
    year = _year(request)
    sort = request.GET.get("sap-xep", "ten")
    rows = selectors.officer_rows(subjects=access.subjects_for_viewer(request.user), year=year, sort=sort)
    sorts = list(zip(selectors.SORTS, sort_names(), strict=True))
    context = {"rows": rows, "year": year, "sort": sort if sort in selectors.SORTS else "ten", "sorts": sorts}
    return render(request, "appraisal/list.html", context)


def sort_names() -> list[str]:
    """The translated labels of `selectors.SORTS`, in its order."""
    return [_("Name"), _("Dossiers handled"), _("On time"), _("Score")]


@signed_in
def officer_detail(request, pk: int):
    subject = _subject_or_404(request, pk)
    text, start, end, error = _period(request)
    figures = selectors.officer_figures(subject=subject, start=start, end=end)
    context = {
        "subject": subject,
        "figures": figures,
        "period": text,
        "period_label": period_label(start, end),
        "period_error": error,
        "gradings": selectors.gradings(subject=subject),
        "can_grade": access.can_grade(request.user, subject),
        "min_dossiers": selectors.min_dossiers(),
    }
    return render(request, "appraisal/detail.html", context, status=400 if error else 200)


@signed_in
def officer_dossiers(request, pk: int):
    subject = _subject_or_404(request, pk)
    text, start, end, error = _period(request)
    figure = request.GET.get("so-lieu", "")
    dossiers = selectors.drilldown(subject=subject, start=start, end=end, figure=figure)
    if dossiers is None or error:
        raise Http404
    context = {
        "subject": subject,
        "period": text,
        "period_label": period_label(start, end),
        "figure": figure,
        "dossiers": dossiers[:500],
    }
    return render(request, "appraisal/dossiers.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def officer_grade(request, pk: int):
    subject = _subject_or_404(request, pk)
    if not access.can_grade(request.user, subject):
        raise Http404
    year = _year(request)
    form = GradingForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grading_record(
                manager=request.user, subject=subject, year=data["year"], band=data["band"], reason=data["reason"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The grading is recorded."))
            return redirect("appraisal:detail", pk=subject.pk)
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    figures = selectors.officer_figures(subject=subject, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    if not form.is_bound and figures.band:
        form.initial["band"] = figures.band
    context = {"subject": subject, "form": form, "figures": figures, "year": year}
    return render(request, "appraisal/grade.html", context, status=400 if form.errors else 200)
