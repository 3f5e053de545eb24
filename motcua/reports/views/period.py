"""Report screens for leaders and officers: dashboard, period report with drill-down, Excel. Thin: parse the
parameters, check the unit is visible to the user, call metrics selectors, render (DESIGN.md §6). No figure is
computed here: every number comes from `motcua.metrics`."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.catalog.models import Field
from motcua.core.replica import replica_reads
from motcua.metrics import drilldown
from motcua.metrics.bundle_figures import AGENCY_COLUMNS, COLUMNS, bundle_report_for_filters
from motcua.metrics.choices import Grouping
from motcua.metrics.figures import columns as figure_columns
from motcua.metrics.figures import groups as figure_groups
from motcua.metrics.figures import tiles as figure_tiles
from motcua.metrics.indicators import INDICATORS
from motcua.metrics.periods import parse_period
from motcua.metrics.selectors import period_report, period_report_grouped
from motcua.metrics.targets import targets_with_gaps
from motcua.metrics.xlsx import write_period_xlsx

from .. import access
from ..forms import PeriodForm, ReportForm
from ..params import row_scope, url_with

PAGE_SIZE = 50


def _require_officer(request):
    if not access.can_see_reports(request.user):
        raise Http404


def _unit(request, form):
    """The unit asked for (visible to the user; remembered for the next report page), else the one chosen
    earlier in the session, else the unit the person is responsible for (`access.responsible_unit`)."""
    pk = form.cleaned_data.get("unit") if form.is_valid() else request.GET.get("unit")
    if pk:
        unit = access.unit_for_report(request.user, pk)
        access.remember_unit(request, unit)
        return unit
    unit = access.remembered_unit(request) or access.responsible_unit(request.user)
    if unit is None:
        raise Http404
    return unit


def _bad_params(request, form, template: str, unit=None):
    return render(request, template, {"form": form, "unit": unit, "bad_params": True}, status=400)


def _months(start: dt.date, end: dt.date, limit: int = 12) -> list[tuple[dt.date, dt.date]]:
    """Calendar months of the trend: those of the period, or the 12 months up to its end for a shorter one."""
    last = dt.date(end.year, end.month, 1)
    months = []
    cursor = last
    while len(months) < limit:
        first, final = parse_period(f"{cursor.year}-{cursor.month:02d}")
        months.append((first, min(final, end)))
        if cursor <= start.replace(day=1) and len(months) >= 2:
            break
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


@login_required
@replica_reads
def dashboard(request):
    """Province overview or unit page: figures of the period, trend, channel mix, on-time by unit, overdue
    ageing, and the units falling behind with links to the dossiers behind them."""
    _require_officer(request)
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return _bad_params(request, form, "reports/dashboard.html")
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
    unit = _unit(request, form)
    period = form.cleaned_data["period_obj"]
    now = period.now
    figures = period_report(unit=unit, start=period.start, end=period.end, now=now)
    rows, _total = period_report_grouped(unit=unit, start=period.start, end=period.end, by=Grouping.UNIT, now=now)
    trend = [
        (first, period_report(unit=unit, start=first, end=last, now=now))
        for first, last in _months(period.start, period.end)
    ]
    ageing = drilldown.overdue_ageing(unit=unit, day=period.end, now=now)
    base = {"unit": unit.pk, **period.query()}
    unit_rows = [
        {
            "row": row,
            "scope": {**base, **row_scope(unit=unit, by=Grouping.UNIT, key=row.key)},
            "child": row.key != unit.pk,
        }
        for row in rows
    ]
    behind = sorted(
        (r for r in unit_rows if r["row"].figures.resolved["late"] or r["row"].figures.in_progress["overdue"]),
        key=lambda r: (-(r["row"].figures.resolved["late"] + r["row"].figures.in_progress["overdue"]), r["row"].label),
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "figures": figures,
            "base": base,
            "unit_rows": unit_rows,
            "behind": behind,
            "trend": trend,
            "ageing": ageing,
            "chart_data": _chart_data(figures, unit_rows, trend, ageing),
            "tiles": figure_tiles(),  # the registry rows with a tile place (metrics.figures)
            "parents": access.visible_units(request.user).filter(pk=unit.parent_id),
            "targets_behind": [
                {"gap": g, "definition": INDICATORS[g.indicator]}
                for g in targets_with_gaps(unit=unit, year=period.end.year)
                if g.behind
            ],
        },
    )


def _chart_data(figures, unit_rows, trend, ageing) -> dict:
    """The series the charts draw — the same values the tables under them show."""

    def pct(rate):
        return None if rate is None else round(100 * rate, 1)

    return {
        "trend": {
            "labels": [f"{first:%m/%Y}" for first, _f in trend],
            "received": [f.received["total"] for _d, f in trend],
            "resolved": [f.resolved["total"] for _d, f in trend],
            "on_time": [pct(f.on_time_rate) for _d, f in trend],
            "names": [_("Received"), _("Resolved"), _("On-time rate (%)")],
        },
        "channels": {
            "labels": [_("Online"), _("At the counter"), _("By post")],
            "values": [figures.received["online"], figures.received["counter"], figures.received["post"]],
        },
        "units": {
            "labels": [r["row"].label for r in unit_rows],
            "values": [pct(r["row"].figures.on_time_rate) for r in unit_rows],
            "name": _("On-time rate (%)"),
        },
        "ageing": {
            "labels": [_age_label(b) for b in ageing],
            "values": [b.count for b in ageing],
            "name": _("Overdue dossiers"),
        },
    }


def _age_label(bucket) -> str:
    if bucket.high is None:
        return _("over %(days)s days") % {"days": bucket.low - 1}
    return _("%(low)s–%(high)s days") % {"low": bucket.low, "high": bucket.high}


def _report_inputs(request):
    form = ReportForm(request.GET or {})
    if not form.is_valid():
        return form, None
    unit = _unit(request, form)
    field_pk = form.cleaned_data.get("field")
    field = Field.objects.filter(pk=field_pk).first() if field_pk else None
    if field_pk and field is None:
        raise Http404
    return form, {
        "unit": unit,
        "period": form.cleaned_data["period_obj"],
        "by": form.cleaned_data["by"],
        "field": field,
        "procedure": form.cleaned_data.get("procedure") or None,
    }


@login_required
@replica_reads
def period_report_page(request):
    """The period report of a unit (rolled up its tree), by child unit, field or procedure; every number links
    to the dossiers behind it."""
    _require_officer(request)
    form, inputs = _report_inputs(request)
    if inputs is None:
        return _bad_params(request, form, "reports/period_report.html")
    unit, period, by = inputs["unit"], inputs["period"], inputs["by"]
    field, procedure = inputs["field"], inputs["procedure"]
    rows, total = period_report_grouped(
        unit=unit, start=period.start, end=period.end, by=by, field=field, procedure=procedure, now=period.now
    )
    filters = {"field": field.pk if field else None, "procedure": procedure}
    base = {"unit": unit.pk, **period.query()}
    table = []
    for row in rows:
        scope = row_scope(unit=unit, by=by, key=row.key, **filters)
        table.append({"row": row, "scope": {**base, **scope} if scope else None})
    total_scope = {**base, **{k: v for k, v in filters.items() if v}}
    return render(
        request,
        "reports/period_report.html",
        {
            "form": form,
            "unit": unit,
            "period": period,
            "by": by,
            "by_label": Grouping(by).label,
            "groupings": Grouping.choices,
            "field": field,
            "procedure": procedure,
            "table": table,
            "total": total,
            "total_scope": total_scope,
            "base": base,
            "filters": filters,
            "xlsx_url": url_with("reports:period_report_xlsx", **base, by=by, **filters),
            # The columns of the table: the registry's figures shown on screen (metrics.figures).
            "table_groups": figure_groups("table"),
            "table_figures": figure_columns("table"),
            # Bundled procedures (liên thông): their own section, by bundle group (not split by the rows above;
            # left out under a field or procedure filter, which a bundle does not have).
            "bundles": _bundles(unit, period, field, procedure),
            "bundle_columns": COLUMNS,
            "agency_columns": AGENCY_COLUMNS,
        },
    )


def _bundles(unit, period, field, procedure):
    return bundle_report_for_filters(
        unit=unit, start=period.start, end=period.end, field=field, procedure=procedure, now=period.now
    )


@login_required
@replica_reads
def period_report_xlsx(request):
    """The same report as an Excel file laid out like the official tables (metrics.xlsx)."""
    _require_officer(request)
    form, inputs = _report_inputs(request)
    if inputs is None:
        return _bad_params(request, form, "reports/period_report.html")
    unit, period, by = inputs["unit"], inputs["period"], inputs["by"]
    rows, total = period_report_grouped(
        unit=unit,
        start=period.start,
        end=period.end,
        by=by,
        field=inputs["field"],
        procedure=inputs["procedure"],
        now=period.now,
    )
    stated = _("Period: %(period)s") % {"period": period.label}
    if period.as_of_label:
        stated = f"{stated} · {period.as_of_label}"
    with tempfile.TemporaryDirectory() as tmp:
        path = write_period_xlsx(
            Path(tmp) / "report.xlsx",
            title=_("Report on the handling of administrative procedures"),
            unit_name=unit.name,
            period=stated,
            row_header=str(Grouping(by).label),
            rows=rows,
            total=total,
            bundles=_bundles(unit, period, inputs["field"], inputs["procedure"]),
        )
        content = path.read_bytes()
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if period.text:
        name = f"bao-cao-{unit.code}-{period.text}{'-nd09' if period.cutoff == 'nd09' else ''}.xlsx"
    else:
        name = f"bao-cao-{unit.code}-{period.start.isoformat()}_{period.end.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@replica_reads
def drilldown_page(request):
    """The list of dossiers behind one number of a report: same unit scope, period, filters and figure."""
    _require_officer(request)
    form = ReportForm(request.GET or {})
    figure = request.GET.get("figure", "")
    if not form.is_valid() or figure not in drilldown.FIGURES:
        return _bad_params(request, form, "reports/drilldown.html")
    unit = _unit(request, form)
    period = form.cleaned_data["period_obj"]
    field_pk, procedure = form.cleaned_data.get("field"), form.cleaned_data.get("procedure") or None
    field = Field.objects.filter(pk=field_pk).first() if field_pk else None
    if field_pk and field is None:
        raise Http404
    own = request.GET.get("own") == "1"
    scope = {"unit": unit, "field": field, "procedure": procedure, "include_descendants": not own}
    ids = drilldown.dossier_ids_behind(start=period.start, end=period.end, figure=figure, now=period.now, **scope)
    cell = drilldown.figure_value(period_report(start=period.start, end=period.end, now=period.now, **scope), figure)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    dossiers = drilldown.dossiers_for_list(dossier_ids=list(page.object_list))
    held = []
    if figure in ("resolved_late", "in_progress_overdue"):
        at = min(period.now, drilldown.end_of_day(period.end))
        held = drilldown.late_steps_by_unit(dossier_ids=ids, at=at)
    query = {"unit": unit.pk, **period.query(), "figure": figure, "field": field_pk, "procedure": procedure}
    if own:
        query["own"] = "1"
    return render(
        request,
        "reports/drilldown.html",
        {
            "form": form,
            "unit": unit,
            "own": own,
            "period": period,
            "figure": figure,
            "figure_label": drilldown.FIGURES[figure],
            "field": field,
            "procedure": procedure,
            "count": len(ids),
            "cell": cell,
            "page": page,
            "dossiers": dossiers,
            "held": held,
            "query": {k: v for k, v in query.items() if v not in (None, "")},
            "report_url": url_with("reports:period_report", unit=unit.pk, **period.query()),
        },
    )
