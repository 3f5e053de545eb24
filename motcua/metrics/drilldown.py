"""The dossiers behind any number of the period report (issue 6: drill-down, reconciliation promise).

A cell of the period report is a sum over rollup rows that the event hook wrote with the pure rules of
`rollup.apply`. To list exactly the dossiers a cell counts, this module replays the same rules over the events
of the candidate dossiers (the same dimensions as the rollups: `DossierMetricState.unit/field/procedure/channel`,
fixed when the dossier was created; the same Vietnamese calendar days of `event.created_at`). So for every cell,
`len(dossier_ids_behind(...)) == cell` by construction, and the tests check it cell by cell.

Candidates are narrowed in SQL first (events in the period for flows; not ended by the day for the open stock),
then the events of those dossiers up to the last day are replayed in Python (a few per dossier).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django_stubs_ext import StrOrPromise

from motcua.dossiers.choices import RESOLVED, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants
from motcua.workdays.calendar import VN_TZ

from . import rollup
from .choices import Bucket
from .figures import drillable, value_of
from .models import DossierMetricState
from .selectors import PeriodFigures, StockMoment, stock_moment

if TYPE_CHECKING:
    from motcua.catalog.models import Field, Procedure

S = DossierStatus
# A first event with one of these target states ends the dossier (rollup.apply): later ones never reopen it.
CLOSING = frozenset({*RESOLVED, S.REFUSED, S.STOPPED, S.DELIVERED})

# The figures a person can open (`figures.REGISTRY` rows marked drillable), {key: label}. Flows: events whose
# day falls in [start, end] (`_matches_flow`); stock: open at the end of a day (carried over: the day before
# `start`; the others: `end`; `_matches_stock`).
FLOW_FIGURES: dict[str, StrOrPromise] = drillable("flow")
STOCK_FIGURES: dict[str, StrOrPromise] = drillable("stock")
FIGURES: dict[str, StrOrPromise] = {**FLOW_FIGURES, **STOCK_FIGURES}


class UnknownFigure(ValueError):
    pass


def figure_value(figures: PeriodFigures, figure: str) -> int:
    """The number of `figure` in a `PeriodFigures` (the cell the drill-down must match)."""
    if figure not in FIGURES:
        raise UnknownFigure(figure)
    return int(value_of(figures, figure) or 0)


def _boundary(day: dt.date) -> dt.datetime:
    """The first moment after Vietnamese calendar day `day` (events with created_at < this are on or before it)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ)


def _scope(
    *,
    unit: Unit,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    include_descendants: bool = True,
) -> QuerySet[DossierMetricState]:
    """Metric states in the same scope as `selectors._scoped` applies to the rollups."""
    if include_descendants:
        states = DossierMetricState.objects.filter(unit_id__in=unit_descendants(unit, include_self=True).values("pk"))
    else:
        states = DossierMetricState.objects.filter(unit_id=unit.pk)
    if field is not None:
        states = states.filter(field_id=getattr(field, "pk", field))
    if isinstance(procedure, str):
        states = states.filter(procedure__code=procedure)
    elif procedure is not None:
        states = states.filter(procedure_id=getattr(procedure, "pk", procedure))
    return states


@dataclass
class _Replay:
    received_day: dt.date | None = None
    ended_day: dt.date | None = None
    ending: str = ""
    outcome: str = ""
    position: rollup.Position | None = None


def _replay(events: Iterable[DossierEvent], until: dt.date) -> _Replay:
    """Apply `rollup.apply` to one dossier's events (in order) up to the end of `until`."""
    state = _Replay()
    for event in events:
        day = rollup.vn_day(event.created_at)
        if day > until:
            break
        effect = rollup.apply(
            position=state.position,
            ending=state.ending,
            first=state.received_day is None,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            data=event.data,
        )
        if state.received_day is None:
            state.received_day = day
        if effect.ending and not state.ending:
            state.ended_day = day
            state.outcome = next((k[len("resolved_") :] for k in effect.counters if k.startswith("resolved_")), "")
        state.ending = effect.ending
        state.position = effect.position
    return state


def _events_by_dossier(dossier_ids: list[int], until: dt.date) -> dict[int, list[DossierEvent]]:
    events = (
        DossierEvent.objects.filter(dossier_id__in=dossier_ids, created_at__lt=_boundary(until))
        .only("dossier_id", "seq", "action", "from_status", "to_status", "data", "created_at")
        .order_by("dossier_id", "seq")
    )
    grouped: dict[int, list[DossierEvent]] = defaultdict(list)
    for event in events.iterator(chunk_size=2000):
        grouped[event.dossier_id].append(event)
    return grouped


def _matches_flow(figure: str, replay: _Replay, channel: str, start: dt.date, end: dt.date) -> bool:
    if figure.startswith("received"):
        if replay.received_day is None or not start <= replay.received_day <= end:
            return False
        return figure == "received" or figure == f"received_{channel}"
    if replay.ended_day is None or not start <= replay.ended_day <= end:
        return False
    if figure.startswith("resolved"):
        return replay.ending == "resolved" and (figure == "resolved" or figure == f"resolved_{replay.outcome}")
    return replay.ending == figure


def _matches_stock(figure: str, replay: _Replay, overdue_through: dt.date, passed_today: bool = False) -> bool:
    """`passed_today`: measured at now, the dossier's due moment today has already passed (`StockMoment`)."""
    position = replay.position
    if replay.ending or position is None:
        return False
    if figure == "carried_over":
        return True
    if figure == "waiting":
        return position.bucket == Bucket.WAITING
    if position.bucket != Bucket.IN_PROGRESS:
        return False
    overdue = position.due_day <= overdue_through or passed_today
    return figure == "in_progress" or (figure == "in_progress_overdue") == overdue


def dossier_ids_behind(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    figure: str,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    include_descendants: bool = True,
    now: dt.datetime | None = None,
) -> list[int]:
    """Ids of exactly the dossiers counted in `figure` of `period_report(unit=…, start=…, end=…, field=…,
    procedure=…, include_descendants=…, now=…)` — see `FIGURES` for the names. Stock figures of a period that
    includes today are measured at now, as the report does (`selectors.stock_moment`)."""
    if figure not in FIGURES:
        raise UnknownFigure(figure)
    if start > end:
        raise ValueError("start must not be after end")
    states = _scope(unit=unit, field=field, procedure=procedure, include_descendants=include_descendants)
    moment = stock_moment(end=end, now=now)
    overdue_through = moment.overdue_through
    if figure in FLOW_FIGURES:
        day = end
        in_period = DossierEvent.objects.filter(
            dossier_id=OuterRef("dossier_id"),
            created_at__gte=_boundary(start - dt.timedelta(days=1)),
            created_at__lt=_boundary(end),
        )
        states = states.filter(Exists(in_period))
    else:
        day = start - dt.timedelta(days=1) if figure == "carried_over" else moment.day
        closed = DossierEvent.objects.filter(
            dossier_id=OuterRef("dossier_id"), to_status__in=CLOSING, created_at__lt=_boundary(day)
        )
        started = DossierEvent.objects.filter(dossier_id=OuterRef("dossier_id"), created_at__lt=_boundary(day))
        states = states.filter(Exists(started)).exclude(Exists(closed))
    channels = dict(states.values_list("dossier_id", "channel"))
    events = _events_by_dossier(list(channels), day)
    passed = _due_passed_today(list(channels), moment) if figure.startswith("in_progress") else set()
    matched: list[int] = []
    for dossier_id, channel in channels.items():
        replay = _replay(events.get(dossier_id, ()), day)
        if figure in FLOW_FIGURES:
            keep = _matches_flow(figure, replay, channel, start, end)
        else:
            keep = _matches_stock(figure, replay, overdue_through, dossier_id in passed)
        if keep:
            matched.append(dossier_id)
    return sorted(matched)


def _due_passed_today(dossier_ids: list[int], moment: StockMoment) -> set[int]:
    """Measured at now: the dossiers (among `dossier_ids`) due today whose due moment has passed."""
    if not moment.is_now:
        return set()
    rows = Dossier.objects.filter(
        pk__in=dossier_ids, due_at__gte=_boundary(moment.day - dt.timedelta(days=1)), due_at__lt=moment.at
    )
    return set(rows.values_list("pk", flat=True))


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after Vietnamese calendar day `day`."""
    return _boundary(day)


def dossiers_for_list(*, dossier_ids: list[int]) -> list[Dossier]:
    """The dossiers of a drill-down page in the order given, each with `late_step_units`: the units whose step
    ran past its own due date (finished after it, or still open after it now) — which unit held the time."""
    now = dt.datetime.now(tz=dt.UTC)
    rows = Dossier.objects.filter(pk__in=dossier_ids).select_related("procedure", "receiving_unit")
    by_id = {d.pk: d for d in rows}
    late: dict[int, list[str]] = defaultdict(list)
    steps = (
        DossierStep.objects.filter(dossier_id__in=dossier_ids, due_at__isnull=False)
        .select_related("unit")
        .order_by("dossier_id", "seq")
    )
    for step in steps:
        due_at = step.due_at
        if due_at is not None and (step.finished_at or now) > due_at and step.unit.name not in late[step.dossier_id]:
            late[step.dossier_id].append(step.unit.name)
    result = []
    for pk in dossier_ids:
        if pk in by_id:
            # A display attribute the drill-down's template reads (not a model field).
            by_id[pk].late_step_units = late.get(pk, [])  # type: ignore[attr-defined]
            result.append(by_id[pk])
    return result


@dataclass
class HeldTime:
    """A unit whose processing step ran past its own due date, among a set of dossiers."""

    unit: Unit
    late_steps: int
    dossiers: int


def late_steps_by_unit(*, dossier_ids: list[int], at: dt.datetime) -> list[HeldTime]:
    """Which unit held the time: steps (reception, processing, consultation — ND 61/2018 art 16–20, each with
    its own budget and due date) that finished after their due date, or are still open past it at `at`, grouped
    by the unit that held them. Most late steps first."""
    steps = DossierStep.objects.filter(dossier_id__in=dossier_ids, due_at__isnull=False).values_list(
        "unit_id", "dossier_id", "due_at", "finished_at"
    )
    per_unit: dict[int, list[int]] = defaultdict(list)
    for unit_id, dossier_id, due_at, finished_at in steps:
        if due_at is not None and (finished_at or at) > due_at:
            per_unit[unit_id].append(dossier_id)
    units = Unit.objects.in_bulk(list(per_unit))
    held = [HeldTime(units[uid], len(ids), len(set(ids))) for uid, ids in per_unit.items()]
    return sorted(held, key=lambda h: (-h.late_steps, h.unit.name))


# Overdue ageing buckets, in Vietnamese calendar days past the due day (upper bound inclusive; None = open-ended).
AGEING_BUCKETS: tuple[tuple[int, int | None], ...] = ((1, 5), (6, 10), (11, 30), (31, None))


@dataclass
class AgeingBucket:
    low: int
    high: int | None
    count: int


def overdue_ageing(
    *,
    unit: Unit,
    day: dt.date,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    now: dt.datetime | None = None,
) -> list[AgeingBucket]:
    """The dossiers in progress and overdue at the end of `day` (the `in_progress_overdue` figure of a period
    ending that day; measured at now when `day` is today or later), by how many calendar days they are past
    their effective due day. The buckets add up to the figure."""
    moment = stock_moment(end=day, now=now)
    day = moment.day
    states = _scope(unit=unit, field=field, procedure=procedure)
    closed = DossierEvent.objects.filter(
        dossier_id=OuterRef("dossier_id"), to_status__in=CLOSING, created_at__lt=_boundary(day)
    )
    states = states.exclude(Exists(closed))
    ids = list(states.values_list("dossier_id", flat=True))
    events = _events_by_dossier(ids, day)
    passed = _due_passed_today(ids, moment)
    buckets = [AgeingBucket(low, high, 0) for low, high in AGEING_BUCKETS]
    for dossier_id in ids:
        replay = _replay(events.get(dossier_id, ()), day)
        if not _matches_stock("in_progress_overdue", replay, moment.overdue_through, dossier_id in passed):
            continue
        # Overdue at the end of the due day itself counts as day 1 past it (and so does a due moment passed today).
        assert replay.position is not None  # `_matches_stock`: an overdue dossier is in progress
        age = max(1, (moment.overdue_through - replay.position.due_day).days + 1)
        for bucket in buckets:
            if age >= bucket.low and (bucket.high is None or age <= bucket.high):
                bucket.count += 1
                break
    return buckets
