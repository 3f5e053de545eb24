"""Service commitments measured beside the legal time limit (docs/domain/deadlines.md §10, metrics.md).

Two rates per unit for a window of days, read off `DailyRollup` (the counters are folded in each event's
transaction by `rollup.apply`, so a rebuild gives the same figures):

* **legal on-time rate** — resolved early or on time against the legal/effective due date ÷ resolved (QĐ 766:
  the rate every portal figure uses; unchanged by commitments);
* **commitment-kept rate** — among the resolved dossiers that had a committed due date, those finished at or
  before it ÷ those dossiers. A unit without any such dossier has no rate (None), not 0 %.

Kept in its own module (not `selectors.py`): the window reads of the period report are computed elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from motcua.units.models import Unit

from .models import DailyRollup

FIELDS = ("resolved_early", "resolved_on_time", "resolved_late", "committed_resolved", "committed_kept")


@dataclass(frozen=True)
class CommitmentRates:
    unit: Unit
    resolved: int
    resolved_in_time: int
    committed_resolved: int
    committed_kept: int

    @property
    def on_time_rate(self) -> float | None:
        return round(self.resolved_in_time / self.resolved, 4) if self.resolved else None

    @property
    def kept_rate(self) -> float | None:
        return round(self.committed_kept / self.committed_resolved, 4) if self.committed_resolved else None


def _rates(unit: Unit, sums: dict[str, int]) -> CommitmentRates:
    return CommitmentRates(
        unit=unit,
        resolved=sums["resolved_early"] + sums["resolved_on_time"] + sums["resolved_late"],
        resolved_in_time=sums["resolved_early"] + sums["resolved_on_time"],
        committed_resolved=sums["committed_resolved"],
        committed_kept=sums["committed_kept"],
    )


def commitment_rates(*, unit: Unit, start: dt.date, end: dt.date) -> tuple[list[CommitmentRates], CommitmentRates]:
    """Legal on-time rate and commitment-kept rate for each child unit of `unit` (its whole subtree) and for
    `unit` itself (total of its subtree), days `start`..`end` inclusive (Vietnamese calendar days of the
    resolution). One query. The caller checks that `unit` is visible to the actor (reports views)."""
    if end < start:
        raise ValueError("end before start")
    rows = (
        DailyRollup.objects.filter(unit__path__startswith=unit.path, day__gte=start, day__lte=end)
        .values("unit__path")
        .annotate(**{name: Sum(name) for name in FIELDS})
    )
    children = list(Unit.objects.filter(parent=unit).order_by("name"))
    per_child = {child.pk: dict.fromkeys(FIELDS, 0) for child in children}
    total = dict.fromkeys(FIELDS, 0)
    for row in rows.values_list("unit__path", *FIELDS):
        path, values = row[0], dict(zip(FIELDS, row[1:], strict=True))
        for name in FIELDS:
            total[name] += values[name] or 0
        for child in children:
            if path.startswith(child.path):
                for name in FIELDS:
                    per_child[child.pk][name] += values[name] or 0
                break
    return [_rates(child, per_child[child.pk]) for child in children], _rates(unit, total)
