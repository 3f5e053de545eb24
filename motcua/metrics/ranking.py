"""Rankings of units by an indicator, with a minimum sample (DESIGN.md §4: a unit with three dossiers must not
top the table; FixMyStreet #1957 lesson in reference/anchors.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from django.utils.translation import gettext_lazy as _

from motcua.units.models import Unit

from .choices import Grouping
from .indicators import INDICATORS, indicator_values
from .selectors import period_report_grouped

DEFAULT_MIN_SAMPLE = 30


@dataclass
class RankingRow:
    unit: Unit
    value: float | None
    sample: int
    rank: int | None = None


@dataclass
class Ranking:
    indicator: str
    min_sample: int
    rows: list[RankingRow] = field(default_factory=list)
    below_minimum: list[RankingRow] = field(default_factory=list)
    note: str = ""


def _from_report(parent_unit: Unit, indicator: str, start: dt.date, end: dt.date) -> list[RankingRow]:
    """on_time_rate and online_rate for every child in a constant number of queries."""
    rows, _total = period_report_grouped(unit=parent_unit, start=start, end=end, by=Grouping.UNIT)
    units = Unit.objects.in_bulk([row.key for row in rows])
    result = []
    for row in rows:
        if row.key == parent_unit.pk:
            continue  # dossiers received by the parent itself are not a child unit
        figures = row.figures
        if indicator == "on_time_rate":
            result.append(RankingRow(units[row.key], figures.on_time_rate, figures.resolved["total"]))
        else:
            received = figures.received["total"]
            value = round(figures.received["online"] / received, 4) if received else None
            result.append(RankingRow(units[row.key], value, received))
    return result


def ranking(
    *, parent_unit: Unit, indicator: str, start: dt.date, end: dt.date, min_sample: int = DEFAULT_MIN_SAMPLE
) -> Ranking:
    """The child units of `parent_unit` ordered by `indicator` (best first; ties share a rank), each with its
    sample size (the indicator's denominator). Units with fewer than `min_sample` cases, or no value, are not
    ranked: they are listed in `below_minimum` and the note says why."""
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}")
    definition = INDICATORS[indicator]
    if indicator in ("on_time_rate", "online_rate"):
        rows = _from_report(parent_unit, indicator, start, end)
    else:
        rows = []
        for child in Unit.objects.filter(parent=parent_unit).order_by("name"):
            measured = indicator_values(unit=child, start=start, end=end, replay=indicator == "portal_on_time_rate")[
                indicator
            ]
            rows.append(RankingRow(child, measured.value, measured.sample))
    ranked = [row for row in rows if row.value is not None and row.sample >= min_sample]
    below = sorted((row for row in rows if row not in ranked), key=lambda row: (-row.sample, row.unit.name))
    # every ranked row has a value (filtered above)
    ranked.sort(key=lambda row: ((-cast(float, row.value) if definition.higher_is_better else row.value), -row.sample))
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.value != previous:
            rank, previous = position, row.value
        row.rank = rank
    note = ""
    if below:
        note = _("%(count)d units with fewer than %(minimum)d cases in the period are listed but not ranked.") % {
            "count": len(below),
            "minimum": min_sample,
        }
    return Ranking(indicator, min_sample, ranked, below, note)
