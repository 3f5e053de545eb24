"""Indicator pages (definition citing the source, value with its inputs) and the Decision 766 index page.
Values come from `motcua.metrics.indicators` and `motcua.metrics.index766`; nothing is computed here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from motcua.core.replica import replica_reads
from motcua.metrics import at_risk, basis, drilldown
from motcua.metrics.index766 import BadConfig, index766
from motcua.metrics.indicators import INDICATORS, indicator_definitions, indicator_values

from ..forms import PeriodForm
from .period import PAGE_SIZE, _bad_params, _require_officer, _unit


def _period_inputs(request, template: str):
    form = PeriodForm(request.GET or {})
    if not form.is_valid():
        return None, _bad_params(request, form, template)
    return (form, _unit(request, form), form.cleaned_data["period_obj"]), None


@login_required
@replica_reads
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
@replica_reads
def indicator_detail(request, ident: str):
    """The definition page of one indicator: formula, source (legal citation), inputs, and its value for the
    unit and period with the inputs behind it. A drillable indicator (`metrics.basis.DRILLABLE`) lists the
    dossiers of its numerator or denominator (`?part=`), produced by the rule that computes the figure."""
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
    base = {"unit": unit.pk, **period.query()}
    context = {"form": form, "unit": unit, "period": period, "definition": definition, "value": value, "base": base}
    part = request.GET.get("part", "")
    if ident in basis.DRILLABLE:
        context["drillable"] = True
        context["parts"] = [
            (basis.NUMERATOR, value.numerator or 0, base | {"_arg": ident, "part": basis.NUMERATOR}),
            (basis.DENOMINATOR, value.denominator or 0, base | {"_arg": ident, "part": basis.DENOMINATOR}),
        ]
    if part and ident in basis.DRILLABLE and part in basis.PARTS:
        ids = basis.dossier_ids(ident, part, unit=unit, start=period.start, end=period.end)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        figure = value.numerator if part == basis.NUMERATOR else value.denominator
        context |= {
            "part": part,
            "count": len(ids),
            "cell": int(figure or 0),
            "page": page,
            "dossiers": drilldown.dossiers_for_list(dossier_ids=list(page.object_list)),
            "page_query": base | {"_arg": ident, "part": part},
        }
    return render(request, "reports/indicator.html", context)


@login_required
@replica_reads
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


@login_required
@replica_reads
def at_risk_page(request):
    """Points at risk: the open dossiers of the unit (one the person may see) that will cost Decision 766 points
    in the period if nothing is done, most points first, each with the indicator and the action that recovers
    them (`metrics.at_risk`, which documents the estimate)."""
    _require_officer(request)
    inputs, error = _period_inputs(request, "reports/at_risk.html")
    if error:
        return error
    form, unit, period = inputs
    raw = request.GET.get("within", "") or str(at_risk.DEFAULT_WITHIN_DAYS)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_WITHIN_DAYS:
        return render(
            request,
            "reports/at_risk.html",
            {"form": form, "unit": unit, "bad_within": True, "within_field": True},
            status=400,
        )
    try:
        result = at_risk.points_at_risk(
            unit=unit, start=period.start, end=period.end, now=period.now, within_days=int(raw)
        )
    except BadConfig as exc:
        return render(request, "reports/at_risk.html", {"form": form, "unit": unit, "config_error": str(exc)})
    page = Paginator(result.items, PAGE_SIZE).get_page(request.GET.get("page"))
    base = {"unit": unit.pk, **period.query()}
    return render(
        request,
        "reports/at_risk.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "result": result,
            "page": page,
            "within": int(raw),
            "within_field": True,
            "base": base,
            "page_query": base | {"within": raw},
        },
    )


MAX_WITHIN_DAYS = 30
