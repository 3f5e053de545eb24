"""Public figures for the home page and the public statistics page (`/thong-ke/`), issue 17.

Everything here is aggregate and public: counts of dossiers per procedure and per unit, rates, the Decision 766
index — never a dossier, an applicant or a rating. Nothing is re-derived: the flows (received by channel,
resolved early / on time / late) come from the metrics rollups through `metrics.selectors.period_report_grouped`
(the period report's own reader), the satisfaction share from `feedback.selectors.satisfaction_rate` (the ratings
page's), the 766 index from `metrics.index766.index766` (the 766 page's).

"Updated daily" (national portal practice for the public service index, QĐ 766/QĐ-TTg art 3): the figures run
from 1 January to the end of *yesterday* (Vietnamese days) and are cached until the day changes, so the page reads
the summary tables at most once a day per unit, and says "số liệu cập nhật đến hết ngày …".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, IntegerField, Sum, Value, When
from django.utils import timezone

from motcua.catalog.choices import OnlineLevel
from motcua.catalog.models import Procedure
from motcua.feedback.selectors import satisfaction_rate
from motcua.metrics.choices import Grouping
from motcua.metrics.index766 import BadConfig, index766
from motcua.metrics.models import DailyRollup
from motcua.metrics.rollup import vn_day
from motcua.metrics.selectors import period_report_grouped
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants
from motcua.units.services import demo_province_code

MOST_USED = 6
CACHE_SECONDS = 24 * 3600


def installation_province() -> Unit | None:
    """The province this installation serves: setting `MOTCUA_PROVINCE` (its statistics code, e.g. "22"), else
    the demo province."""
    code = (getattr(settings, "MOTCUA_PROVINCE", "") or demo_province_code()).zfill(2)
    return Unit.objects.filter(kind=UnitKind.PROVINCE, admin_code=code).first()


def figures_through(now: dt.datetime | None = None) -> dt.date:
    """The last day the public figures include: yesterday (Vietnamese calendar)."""
    return vn_day(now or timezone.now()) - dt.timedelta(days=1)


# --- the home page: most used services ------------------------------------------------------------------------


def most_used_procedures(*, now: dt.datetime | None = None, limit: int = MOST_USED) -> tuple[list[Procedure], bool]:
    """(procedures, measured): the current procedures with the most dossiers received in this installation over
    the last 12 months to yesterday (the daily rollups, every unit, every version of a code), most first. Without
    any dossier in that window (a new installation) the fallback is the catalogue's own: procedures offered fully
    online first, then the commune level (where most citizens go), then by name — and `measured` is False so the
    page does not claim they are the most used."""
    end = figures_through(now)
    key = f"portal:most-used:{end.isoformat()}:{limit}"
    codes = cache.get(key)
    if codes is None:
        start = end - dt.timedelta(days=364)
        rows = (
            DailyRollup.objects.filter(day__gte=start, day__lte=end)
            .values("procedure__code")
            .annotate(total=Sum("received"))
            .filter(total__gt=0)
            .order_by("-total", "procedure__code")[:limit]
        )
        codes = [row["procedure__code"] for row in rows]
        cache.set(key, codes, CACHE_SECONDS)
    current = Procedure.objects.filter(valid_to__isnull=True).select_related("field")
    if codes:
        by_code = {p.code: p for p in current.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code], True
    fully_online_first = Case(
        When(online_level=OnlineLevel.FULL, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    fallback = current.order_by(fully_online_first, "-level_commune", "name", "code")[:limit]
    return list(fallback), False


# --- the public statistics page -------------------------------------------------------------------------------


@dataclass
class PublicRow:
    """One unit's public figures (the figures of its whole subtree)."""

    unit_id: int
    name: str
    received: int
    online: int
    resolved: int
    on_time: int
    ratings: int
    satisfied: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.resolved, 1) if self.resolved else None

    @property
    def online_rate(self) -> float | None:
        return round(100 * self.online / self.received, 1) if self.received else None

    @property
    def satisfaction(self) -> float | None:
        return round(100 * self.satisfied / self.ratings, 1) if self.ratings else None


@dataclass
class PublicStatistics:
    unit_id: int
    unit_name: str
    start: dt.date
    end: dt.date
    total: PublicRow
    rows: list[PublicRow] = field(default_factory=list)
    index_total: float | None = None
    index_max: float | None = None
    index_grade: str = ""
    index_groups: list[tuple[str, float, float]] = field(default_factory=list)


def public_units(province: Unit) -> list[Unit]:
    """What the picker offers: the province, then its communes and agencies (its direct children) that have
    dossiers in the rollups, by name."""
    with_data = (
        DailyRollup.objects.filter(unit__path__startswith=province.path).values_list("unit__path", flat=True).distinct()
    )
    prefix = len(province.path)
    child_codes = {path[prefix:].split("/", 1)[0] for path in with_data if len(path) > prefix}
    children = Unit.objects.filter(parent=province, code__in=child_codes).order_by("name")
    return [province, *children]


def _row(unit_id: int, name: str, figures, rate) -> PublicRow:
    return PublicRow(
        unit_id=unit_id,
        name=name,
        received=figures.received["total"],
        online=figures.received["online"],
        resolved=figures.resolved["total"],
        on_time=figures.resolved["early"] + figures.resolved["on_time"],
        ratings=rate.denominator,
        satisfied=rate.numerator,
    )


def public_statistics(*, unit: Unit, now: dt.datetime | None = None) -> PublicStatistics:
    """The year-to-yesterday figures of `unit` (its subtree) and of each of its children, and the 766 index of
    `unit`; cached until the day changes (module docstring)."""
    end = figures_through(now)
    start = dt.date(end.year, 1, 1)
    key = f"portal:public-stats:{unit.pk}:{end.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows, total = period_report_grouped(unit=unit, start=start, end=end, by=Grouping.UNIT, now=now)
    children = {u.pk: u for u in Unit.objects.filter(pk__in=[r.key for r in rows])}

    def rate_of(target: Unit, *, subtree: bool = True):
        ids = unit_descendants(target, include_self=True).values_list("pk", flat=True) if subtree else [target.pk]
        return satisfaction_rate(start=start, end=end, unit_ids=ids)

    public_rows = [
        _row(row.key, row.label, row.figures, rate_of(children[row.key], subtree=row.key != unit.pk))
        for row in rows
        if row.key in children
    ]
    stats = PublicStatistics(
        unit_id=unit.pk,
        unit_name=unit.name,
        start=start,
        end=end,
        total=_row(unit.pk, unit.name, total, rate_of(unit)),
        rows=public_rows,
    )
    try:
        index = index766(unit=unit, start=start, end=end)
    except BadConfig:  # the operator's configuration to fix; the page shows the other figures
        index = None
    if index is not None:
        stats.index_total, stats.index_max, stats.index_grade = index.total, index.max_points, index.grade
        stats.index_groups = [(g.name, g.points, g.max_points) for g in index.groups]
    cache.set(key, stats, CACHE_SECONDS)
    return stats
