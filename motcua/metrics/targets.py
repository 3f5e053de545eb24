"""Yearly targets per indicator and unit, and the gap to them (issue 6): writes `target_set`, read
`targets_with_gaps`. A unit's own target wins over the province-wide default (unit = None)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from motcua.units.models import Unit
from motcua.workdays.calendar import VN_TZ

from .indicators import INDICATORS, indicator_values
from .models import Target


@dataclass
class TargetGap:
    indicator: str
    value: float | None
    target: float
    gap: float | None  # value − target for "higher is better", target − value otherwise; negative = behind
    behind: bool
    target_unit: int | None


def target_set(*, year: int, indicator: str, value: Decimal | float, unit: Unit | None = None) -> Target:
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}")
    with transaction.atomic():
        target, _created = Target.objects.update_or_create(
            year=year, indicator=indicator, unit=unit, defaults={"value": Decimal(str(value))}
        )
    return target


def targets_with_gaps(*, unit: Unit, year: int, today: dt.date | None = None) -> list[TargetGap]:
    """Each indicator with a target for `unit` in `year` (its own, else the default): the value so far this
    year (1 January to today, or the whole year once past), the gap, and `behind` when the value misses the
    target. An indicator with no value yet is not flagged behind."""
    targets: dict[str, Target] = {}
    for target in Target.objects.filter(year=year, unit__in=[unit]) | Target.objects.filter(year=year, unit=None):
        if target.indicator not in targets or target.unit_id is not None:
            targets[target.indicator] = target
    if not targets:
        return []
    today = today or dt.datetime.now(VN_TZ).date()
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    values = indicator_values(unit=unit, start=start, end=end) if start <= end else {}
    gaps = []
    for ident in sorted(targets, key=list(INDICATORS).index):
        goal = float(targets[ident].value)
        measured = values.get(ident)
        value = measured.value if measured else None
        gap = None
        if value is not None:
            gap = round(value - goal if INDICATORS[ident].higher_is_better else goal - value, 4)
        gaps.append(TargetGap(ident, value, goal, gap, gap is not None and gap < 0, targets[ident].unit_id))
    return gaps
