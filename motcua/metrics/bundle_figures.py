"""The bundled procedures' section of the period report (liên thông, issue 21 part 2): per bundle group, bundles
received, finished, finished within the total limit (and the rate), open and overdue at the end; per agency, the
average working time attributed to it. Read from the stored counters only (`bundle_rollup`), for the bundles
received by the unit and every unit below it, so a year is a few grouped reads whatever the number of bundles.

The columns are one registry (`COLUMNS`, `AGENCY_COLUMNS`), read by the HTML section
(`templates/reports/_bundles.html`), the Excel sheet (`xlsx.write_bundle_sheet`), the API
(`api.schemas.BundleReportOut`) and the plain-text report (`motcua report period`).

On time: finished at or before the bundle's total due moment — the total limit of QĐ 296/QĐ-VPCP of 12/6/2024
and ND 63/2024/NĐ-CP (at most 3 working days, 5 when verification is needed, for the national groups; as
`bundles.rules` cites them) from the clock start after the 15:00 cut-off. Overdue: still open at the moment the
stock is measured with its total due moment passed (the rule of the dossiers' stock, `selectors.stock_moment`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.bundles.choices import AgencyRole
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants

from .models import BundleAgencyRollup, BundleDailyRollup, BundleMetricState, BundleOpenStock
from .selectors import StockMoment, stock_moment

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Column:
    """One column of the section: `key` (attribute of the row, API field), its header, a rate (0–1, shown in %)
    or a count / an average in working hours."""

    key: str
    label: StrOrPromise
    share: bool = False
    css: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("received", _("Bundles received")),
    Column("finished", _("Bundles finished")),
    Column("finished_on_time", _("Finished within the total limit")),
    Column("on_time_rate", _("On-time rate"), share=True),
    Column("open", _("Open at the end")),
    Column("overdue", _("Overdue, still open"), css="rp-late"),
)
AGENCY_COLUMNS: tuple[Column, ...] = (
    Column("parts", _("Parts finished")),
    Column("average_hours", _("Average time (working hours)")),
    Column("average_budget_hours", _("Average budget (working hours)")),
    Column("over_budget", _("Over budget"), css="rp-late"),
)


@dataclass
class GroupFigures:
    """One bundle group (or the total: `code` empty)."""

    code: str
    name: str
    received: int = 0
    finished: int = 0
    finished_on_time: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Finished within the total limit / finished; None when none finished (never a made-up 0 % or 100 %)."""
        return round(self.finished_on_time / self.finished, 4) if self.finished else None

    def add(self, other: GroupFigures) -> None:
        for name in ("received", "finished", "finished_on_time", "open", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, **{c.key: getattr(self, c.key) for c in COLUMNS}}


@dataclass
class AgencyFigures:
    """The time attributed to one agency (its role in the bundle and its unit) over the bundles finished."""

    role: str
    agency: str
    parts: int = 0
    used_seconds: int = 0
    budget_seconds: int = 0
    over_budget: int = 0

    @property
    def role_label(self) -> str:
        return str(AgencyRole(self.role).label) if self.role in AgencyRole.values else self.role

    @property
    def average_hours(self) -> float | None:
        return round(self.used_seconds / self.parts / 3600, 1) if self.parts else None

    @property
    def average_budget_hours(self) -> float | None:
        return round(self.budget_seconds / self.parts / 3600, 1) if self.parts else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "role_label": self.role_label,
            "agency": self.agency,
            **{c.key: getattr(self, c.key) for c in AGENCY_COLUMNS},
        }


@dataclass
class BundleReport:
    groups: list[GroupFigures] = field(default_factory=list)
    units: list[GroupFigures] = field(default_factory=list)  # by child unit: `code` is the unit's pk
    total: GroupFigures = field(default_factory=lambda: GroupFigures("", ""))
    agencies: list[AgencyFigures] = field(default_factory=list)
    as_of: dt.datetime | None = None

    @property
    def empty(self) -> bool:
        return not self.groups and not self.agencies

    def as_dict(self) -> dict[str, Any]:
        """The API's `bundles` field."""
        return {
            "groups": [g.as_dict() for g in self.groups],
            "units": [
                {"unit": int(g.code), "name": g.name, **{c.key: getattr(g, c.key) for c in COLUMNS}} for g in self.units
            ],
            "total": {c.key: getattr(self.total, c.key) for c in COLUMNS},
            "agencies": [a.as_dict() for a in self.agencies],
        }


def _sum(name: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(name, filter=condition), 0)


def _scoped(model: type[_M], unit: Unit) -> QuerySet[_M]:
    return model._default_manager.filter(unit_id__in=unit_descendants(unit, include_self=True).values("pk"))


def _overdue_now(unit: Unit, moment: StockMoment) -> list[tuple[str, str]]:
    """Measured at now: the (unit path, group code) of each open bundle due today whose due moment has passed;
    [] for a past period."""
    if not moment.is_now:
        return []
    rows = (
        _scoped(BundleMetricState, unit)
        .filter(finished_at=None, due_day=moment.day, bundle__due_at__lt=moment.at)
        .values_list("unit__path", "definition__code")
    )
    return list(rows)


def _child_of(unit: Unit) -> Callable[[str], tuple[int, str]]:
    """The child of `unit` whose subtree holds a unit path (the unit itself for its own bundles), with its name —
    the rows of the period report by unit (`selectors._fold_to_children`)."""
    children = {
        code: (pk, name) for pk, code, name in Unit.objects.filter(parent=unit).values_list("pk", "code", "name")
    }
    prefix = len(unit.path)

    def owner(path: str) -> tuple[int, str]:
        return children.get(path[prefix:].split("/", 1)[0], (unit.pk, unit.name))

    return owner


def bundle_report_for_filters(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    field: object = None,
    procedure: object = None,
    own_only: bool = False,
    now: dt.datetime | None = None,
) -> BundleReport | None:
    """The bundle section of a period report (page, Excel, API, `motcua report period`), or None when the report is
    filtered by field or procedure, or restricted to the unit's own dossiers: a bundle has no single field or
    procedure, and its figures cover the unit's whole subtree."""
    if field or procedure or own_only:
        return None
    return bundle_report(unit=unit, start=start, end=end, now=now)


def bundle_report(*, unit: Unit, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> BundleReport:
    """The bundles received by `unit` and the units below it, for the days `start`..`end` (Vietnamese calendar
    days): flows of the period, open and overdue at its end (at `now` when the period includes today), by bundle
    group and by child unit (each its whole subtree; the unit's own bundles their own row), and each agency's
    average attributed time over the bundles finished in the period. Five grouped reads at most, whatever the
    number of bundles."""
    if start > end:
        raise ValueError("start must not be after end")
    moment = stock_moment(end=end, now=now)
    owner = _child_of(unit)
    groups: dict[str, GroupFigures] = {}
    units: dict[int, GroupFigures] = {}

    def rows_of(path: str, code: str, name: str) -> tuple[GroupFigures, GroupFigures]:
        pk, unit_name = owner(path)
        return groups.setdefault(code, GroupFigures(code, name)), units.setdefault(pk, GroupFigures(str(pk), unit_name))

    flows = (
        _scoped(BundleDailyRollup, unit)
        .filter(day__gte=start, day__lte=end)
        .values("unit__path", "definition__code", "definition__name")
        .order_by()
        .annotate(received=_sum("received"), finished=_sum("finished"), on_time=_sum("finished_on_time"))
    )
    for row in flows:
        for g in rows_of(row["unit__path"], row["definition__code"], row["definition__name"]):
            g.add(GroupFigures("", "", row["received"], row["finished"], row["on_time"]))
    stock = (
        _scoped(BundleOpenStock, unit)
        .filter(day__lte=moment.day)
        .values("unit__path", "definition__code", "definition__name")
        .order_by()
        .annotate(open=_sum("delta"), overdue=_sum("delta", Q(due_day__lte=moment.overdue_through)))
    )
    for held in stock:
        if held["open"] or held["overdue"]:
            for g in rows_of(held["unit__path"], held["definition__code"], held["definition__name"]):
                g.add(GroupFigures("", "", open=held["open"], overdue=held["overdue"]))
    for path, code in _overdue_now(unit, moment):
        # an open bundle is in the stock rows of its group and unit
        for row_of in (groups.get(code), units.get(owner(path)[0])):
            if row_of is not None:
                row_of.overdue += 1
    report = BundleReport(as_of=moment.at)
    report.groups = [g for _code, g in sorted(groups.items()) if g.received or g.finished or g.open]
    for g in report.groups:
        report.total.add(g)
    report.units = sorted((g for g in units.values() if g.received or g.finished or g.open), key=lambda g: g.name)
    agencies = (
        _scoped(BundleAgencyRollup, unit)
        .filter(day__gte=start, day__lte=end)
        .values("role", "agency__name")
        .order_by()
        .annotate(
            parts_=_sum("parts"), used=_sum("used_seconds"), budget=_sum("budget_seconds"), over=_sum("over_budget")
        )
    )
    report.agencies = sorted(
        (
            AgencyFigures(
                role=row["role"],
                agency=row["agency__name"],
                parts=row["parts_"],
                used_seconds=row["used"],
                budget_seconds=row["budget"],
                over_budget=row["over"],
            )
            for row in agencies
            if row["parts_"]
        ),
        key=lambda a: (_ROLE_ORDER.get(a.role, 99), a.agency),
    )
    return report


_ROLE_ORDER = {role: n for n, role in enumerate(AgencyRole.values)}
