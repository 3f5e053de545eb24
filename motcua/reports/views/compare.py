"""Rankings of child units by an indicator (with the minimum sample), targets with their gaps, and the
TT 01/2018 evaluation. Every figure comes from `motcua.metrics` (ranking, targets, evaluation)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from motcua.core.replica import replica_reads
from motcua.metrics.choices import EvaluationGrade
from motcua.metrics.commitments import commitment_rates
from motcua.metrics.evaluation import evaluation_for_unit
from motcua.metrics.indicators import INDICATORS, indicator_definitions
from motcua.metrics.ranking import DEFAULT_MIN_SAMPLE, ranking
from motcua.metrics.targets import targets_with_gaps

from ..forms import PeriodForm
from .indicators import _period_inputs
from .period import _bad_params, _require_officer, _unit


class RankingForm(PeriodForm):
    indicator = forms.ChoiceField(label=_("Indicator"), required=False, choices=())
    min_sample = forms.IntegerField(label=_("Minimum sample"), required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(d.id, d.name) for d in indicator_definitions()]


@login_required
@replica_reads
def ranking_page(request):
    """Child units of the unit ranked by one indicator; units under the minimum sample listed apart with a note
    (DESIGN.md §4: a unit with three dossiers must not top the table)."""
    _require_officer(request)
    form = RankingForm(request.GET or {})
    if not form.is_valid():
        return _bad_params(request, form, "reports/ranking.html")
    unit = _unit(request, form)
    period = form.cleaned_data["period_obj"]
    indicator = form.cleaned_data.get("indicator") or "on_time_rate"
    min_sample = form.cleaned_data.get("min_sample") or DEFAULT_MIN_SAMPLE
    result = ranking(parent_unit=unit, indicator=indicator, start=period.start, end=period.end, min_sample=min_sample)
    commitment_rows, commitment_total = commitment_rates(unit=unit, start=period.start, end=period.end)
    return render(
        request,
        "reports/ranking.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "ranking": result,
            "commitment_rows": commitment_rows,
            "commitment_total": commitment_total,
            "definition": INDICATORS[indicator],
            "indicators": indicator_definitions(),
            "min_sample": min_sample,
            "base": {"unit": unit.pk, **period.query()},
        },
    )


@login_required
@replica_reads
def targets_page(request):
    """The unit's targets for the period's year with the value so far and the gap; warnings where it is
    behind."""
    _require_officer(request)
    inputs, error = _period_inputs(request, "reports/targets.html")
    if error:
        return error
    form, unit, period = inputs
    year = period.end.year
    gaps = targets_with_gaps(unit=unit, year=year)
    return render(
        request,
        "reports/targets.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "year": year,
            "gaps": [{"gap": g, "definition": INDICATORS[g.indicator]} for g in gaps],
            "behind": [g for g in gaps if g.behind],
            "base": {"unit": unit.pk, **period.query()},
        },
    )


@login_required
@replica_reads
def evaluation_page(request):
    """TT 01/2018/TT-VPCP art 13–15: the nine indices of the unit for the dossiers finished in the period."""
    _require_officer(request)
    inputs, error = _period_inputs(request, "reports/evaluation.html")
    if error:
        return error
    form, unit, period = inputs
    result = evaluation_for_unit(unit=unit, start=period.start, end=period.end)
    labels = dict(EvaluationGrade.choices)
    return render(
        request,
        "reports/evaluation.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "evaluation": result,
            "grade": labels.get(result.grade),
            "estimated_grade": labels.get(result.estimated_grade),
            "base": {"unit": unit.pk, **period.query()},
        },
    )
