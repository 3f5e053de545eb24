"""Building the query strings of report links (drill-down from any cell, Excel, other views)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from motcua.metrics.choices import Grouping


def row_scope(*, unit, by: str, key, field=None, procedure=None) -> dict | None:
    """The drill-down scope of one row of `period_report_grouped(unit=unit, by=by, …)`: a child unit's subtree,
    the parent's own dossiers, a field or a procedure code (filters of the whole report kept). None for the
    row of procedures without a field (the drill-down has no filter for it)."""
    if by == Grouping.FIELD and key is None:
        return None
    scope = {"unit": unit.pk}
    if field:
        scope["field"] = field
    if procedure:
        scope["procedure"] = procedure
    if by == Grouping.UNIT:
        scope["unit"] = key
        if key == unit.pk:
            scope["own"] = "1"
    elif by == Grouping.FIELD:
        scope["field"] = key
    else:
        scope["procedure"] = key
    return scope


def url_with(name: str, **params) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{reverse(name)}?{urlencode(clean)}" if clean else reverse(name)
