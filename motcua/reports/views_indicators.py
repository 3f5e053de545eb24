"""Indicator pages (definition citing the source, value with its inputs) and the Decision 766 index page.
Values come from `motcua.metrics.indicators` and `motcua.metrics.index766`; nothing is computed here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from motcua.metrics.index766 import BadConfig, index766
from motcua.metrics.indicators import INDICATORS, indicator_definitions, indicator_values

from .forms import PeriodForm
from .views import _bad_params, _require_officer, _unit


def _period_inputs(request, template: str):
    form = PeriodForm(request.GET or {})
    if not form.is_valid():
        return None, _bad_params(request, form, template)
    return (form, _unit(request, form), form.cleaned_data["period_obj"]), None


@login_required
def indicator_list(request):
    _require_officer(request)
    inputs, error = _period_inputs(request, "reports/indicators.html")
    if error:
        return error
    form, unit, period = inputs
    values = indicator_values(unit=unit, start=period.start, end=period.end)
    rows = [{"definition": d, "value": values.get(d.id)} for d in indicator_definitions()]
    return render(
        request,
        "reports/indicators.html",
        {"form": form, "unit": unit, "period": period, "rows": rows, "base": {"unit": unit.pk, **period.query()}},
    )


@login_required
def indicator_detail(request, ident: str):
    """The definition page of one indicator: formula, source (legal citation), inputs, and its value for the
    unit and period with the inputs behind it."""
    _require_officer(request)
    definition = INDICATORS.get(ident)
    if definition is None:
        raise Http404
    inputs, error = _period_inputs(request, "reports/indicator.html")
    if error:
        return error
    form, unit, period = inputs
    value = indicator_values(unit=unit, start=period.start, end=period.end, replay=ident == "portal_on_time_rate")[
        ident
    ]
    return render(
        request,
        "reports/indicator.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "definition": definition,
            "value": value,
            "base": {"unit": unit.pk, **period.query()},
        },
    )


@login_required
def index766_page(request):
    """Decision 766/QĐ-TTg index: groups, and for each indicator the formula, the inputs, the value and the
    points (configuration: motcua/metrics/index766.yaml)."""
    _require_officer(request)
    inputs, error = _period_inputs(request, "reports/index766.html")
    if error:
        return error
    form, unit, period = inputs
    try:
        result = index766(unit=unit, start=period.start, end=period.end)
    except BadConfig as exc:  # a broken configuration file is the operator's to fix, not a 500
        return render(request, "reports/index766.html", {"form": form, "unit": unit, "config_error": str(exc)})
    return render(
        request,
        "reports/index766.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "index": result,
            "base": {"unit": unit.pk, **period.query()},
        },
    )
