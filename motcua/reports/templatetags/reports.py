"""Formatting for report screens: rates as percentages, links carrying the report parameters."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.formats import number_format

from motcua.metrics.figures import value_of

register = template.Library()


@register.filter
def pct(rate) -> str:
    """A share 0–1 as a percentage with one decimal (localised: 87,5 %); an em dash when there is no data."""
    if rate is None or rate == "":
        return "—"
    return f"{number_format(round(100 * float(rate), 1), 1, use_l10n=True)} %"


@register.simple_tag
def report_url(name: str, params: dict | None = None, **extra) -> str:
    """reverse(name) with `params` and `extra` as the query string (empty values dropped)."""
    query = {**(params or {}), **extra}
    query = {k: v for k, v in query.items() if v not in (None, "")}
    url = reverse(name, args=[query.pop("_arg")]) if "_arg" in query else reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag
def drill(scope: dict | None, figure: str) -> str:
    """The drill-down URL of one cell, or "" when the row has no drill-down."""
    if scope is None:
        return ""
    return report_url("reports:drilldown", scope, figure=figure)


@register.filter
def figure(figures, key: str):
    """The value of one registry figure (metrics.figures) in a `PeriodFigures`: `{{ f|figure:"online_rate" }}`."""
    return value_of(figures, key)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def zip_counts(labels, values):
    """Pairs of (label, value) for a chart's table."""
    return list(zip(labels, values, strict=False))


@register.filter
def input_label(key) -> str:
    """The Vietnamese name of a formula input ("resolved_early" → "giải quyết trước hạn"), never the code's key."""
    from motcua.metrics.indicators import INPUT_LABELS

    return str(INPUT_LABELS.get(key, key))


@register.filter
def grade_label(value) -> str:
    """A grade band's label ("weak" → "Yếu"); bands from configuration use the TT 01/2018 grade names."""
    from motcua.metrics.choices import EvaluationGrade

    return str(EvaluationGrade(value).label) if value in EvaluationGrade.values else value


@register.simple_tag(takes_context=True)
def unit_picker(context, unit):
    """The groups of the report unit picker for the signed-in person (labels translated here)."""
    from django.utils.translation import gettext

    from motcua.reports.access import picker_units

    request = context.get("request")
    if request is None or unit is None or not request.user.is_authenticated:
        return []
    labels = {
        "homes": gettext("Your units"),
        "territories": gettext("Province, communes and wards"),
        "agencies": gettext("Agencies"),
    }
    return [(labels[key], units) for key, units in picker_units(request.user, unit) if units]


@register.filter
def bundle_cell(row, column) -> str:
    """A cell of the bundles' section (`metrics.bundle_figures`): a rate in %, an average in hours with one
    decimal (localised), an em dash without data."""
    value = getattr(row, column.key)
    if column.share:
        return pct(value)
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value, 1, use_l10n=True)
    return str(value)
