"""The period report (DESIGN.md §4), read from the rollups only, rolled up the unit tree.

Reconciliation identity (docs/domain/metrics.md), exact by construction:
    carried_over + received.total
        = resolved.total + refused + stopped + withdrawn + in_progress.total + waiting
where carried_over = dossiers open at the start of `start` (received before it and not yet ended), and
in_progress / waiting = dossiers open at the end of `end`, by where they stand then.

"As of" (DESIGN.md §4, issue 15): the stock figures (in progress within time / overdue, waiting) of a period that
includes today are measured at *now*, never at its future end — a dossier due later this month is not overdue
yet. See `stock_moment`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from django.db.models import Case, Count, F, IntegerField, Max, Model, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.units.models import Unit
from motcua.units.selectors import unit_descendants

from . import coarse
from .choices import Bucket, Grouping
from .figures import REGISTRY, derived_output, evaluate, flow_sources
from .figures import value_of as figure_value_of
from .models import (
    ClosedMonth,
    DailyRollup,
    DossierMetricState,
    MonthlyRollup,
    OpenStock,
    StockCheckpoint,
    UnitDayRollup,
)
from .rollup import vn_day

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

    from motcua.catalog.models import Field, Procedure

_M = TypeVar("_M", bound=Model)
# Summed numbers by name (an aggregate's result, a group's figures).
Sums = dict[str, int]
# A group's key: None (not grouped), a unit path, a field pk or a procedure code.
Key = Any
Rows = dict[Key, Sums]
Aggregates = Mapping[str, "Combinable"]


class Scope(TypedDict, total=False):
    """The rows a report reads (`_scoped`)."""

    unit: Unit
    field: Field | int | None
    procedure: Procedure | int | str | None
    include_descendants: bool


@dataclass(frozen=True)
class StockMoment:
    """When the open stock of a period ending on day `end` is measured.

    A period that ended before today: at the end of `end` (`at` None); a dossier in progress is overdue when its
    effective due day is on or before `end` (its due moment passed when the day ended). A period that includes
    today (or lies ahead): at `at` = now (DESIGN.md §4 "a period that includes today measures its stock figures at
    now, never at a future end"); overdue when the due day is before today, or is today and the due moment
    (`Dossier.due_at`, the effective due date after pauses and extensions) has passed — the officer inbox's rule
    (`console.presenters.due_state`: `due_at < now`)."""

    at: dt.datetime | None
    day: dt.date  # the last day whose events count
    overdue_through: dt.date  # in progress with a due day on or before it is overdue

    @property
    def is_now(self) -> bool:
        return self.at is not None


def stock_moment(*, end: dt.date, now: dt.datetime | None = None) -> StockMoment:
    now = now or timezone.now()
    today = vn_day(now)
    if end < today:
        return StockMoment(None, end, end)
    return StockMoment(now, today, today - dt.timedelta(days=1))


@dataclass
class PeriodFigures:
    """Counts of one period for one scope (unit subtree, field, procedure)."""

    carried_over: int = 0
    received: dict[str, int] = field(default_factory=lambda: {"online": 0, "counter": 0, "post": 0, "total": 0})
    resolved: dict[str, int] = field(default_factory=lambda: {"early": 0, "on_time": 0, "late": 0, "total": 0})
    in_progress: dict[str, int] = field(default_factory=lambda: {"within_time": 0, "overdue": 0, "total": 0})
    waiting: int = 0
    refused: int = 0
    stopped: int = 0
    withdrawn: int = 0
    delivered: int = 0
    supplement_requested: int = 0
    extended: int = 0
    committed_resolved: int = 0
    committed_kept: int = 0
    # The moment the stock figures were measured when the period includes today (None: the end of its last day).
    # Not a count: left out of `as_dict` and of comparisons.
    as_of: dt.datetime | None = field(default=None, compare=False)

    @property
    def on_time_rate(self) -> float | None:
        """(early + on time) / resolved (QĐ 766 indicator 2.1; ND 61/2018 art 30); None when nothing resolved.
        The registry's `on_time_rate` row (`figures.py`)."""
        value = figure_value_of(self, "on_time_rate")
        return None if value is None else float(value)

    @property
    def open_at_end(self) -> int:
        return self.in_progress["total"] + self.waiting

    def reconciles(self) -> bool:
        ended = self.resolved["total"] + self.refused + self.stopped + self.withdrawn
        return self.carried_over + self.received["total"] == ended + self.open_at_end

    def as_dict(self) -> dict[str, object]:
        """The stored counts and every figure computed when read (`on_time_rate`, …): the API's fields."""
        counts = asdict(self)
        counts.pop("as_of")
        return {**counts, **derived_output(self)}


def _sum(name: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(name, filter=condition), 0)


# The rollup sums behind the flow figures, keyed by figure (`figures.REGISTRY` rows with a `counter`): the daily
# rows split the received counter by their channel, the half-monthly rows have a column per channel.
FLOW_AGGREGATES = {
    f.key: _sum(f.counter, Q(channel=f.channel) if f.channel else None) for f in flow_sources() if f.counter
}


def _stock_aggregates(start: dt.date, moment: StockMoment) -> Aggregates:
    in_progress = Q(bucket=Bucket.IN_PROGRESS)
    return {
        "carried_over": _sum("delta", Q(day__lt=start)),
        "in_progress_total": _sum("delta", in_progress),
        # Open at the moment with a due day on or before `overdue_through`: the due moment has passed.
        "overdue": _sum("delta", in_progress & Q(due_day__lte=moment.overdue_through)),
        "waiting": _sum("delta", Q(bucket=Bucket.WAITING)),
    }


def _due_today_passed(scope: Scope, moment: StockMoment, group_by: str | None) -> Rows:
    """Measured at now: dossiers in progress due today whose due moment has already passed (overdue now, though
    their due day has not ended). Reads the few metric states due today; {} for a period in the past."""
    if not moment.is_now:
        return {}
    states = _scoped(DossierMetricState, **scope).filter(
        bucket=Bucket.IN_PROGRESS, ending="", due_day=moment.day, dossier__due_at__lt=moment.at
    )
    return _merge([(states, {"overdue": Count("pk")})], group_by)


def _stocks(scope: Scope, start: dt.date, moment: StockMoment, group_by: str | None) -> Rows:
    """Open stock from the daily changes up to the moment's day (plus today's passed due moments)."""
    stocks = _scoped(OpenStock, **scope).filter(day__lte=moment.day)
    merged = _merge([(stocks, _stock_aggregates(start, moment))], group_by)
    for key, values in _due_today_passed(scope, moment, group_by).items():
        merged[key] = _add([merged.get(key, {}), values])
    return merged


def _figures(flow: Sums | None, stock: Sums | None, as_of: dt.datetime | None = None) -> PeriodFigures:
    """The stored numbers of `PeriodFigures` from the flow aggregates (keyed by figure) and the stock aggregates
    (keyed by each registry row's `stock`), the stored derived ones (totals, within time) by their formulas."""
    figures = PeriodFigures(as_of=as_of)
    flow = flow or {}
    stock = stock or {}
    sources = {f.key: flow.get(f.key, 0) for f in flow_sources()}
    sources |= {f.key: stock.get(f.stock, 0) for f in REGISTRY if f.stock}
    values = evaluate(sources)
    for figure in REGISTRY:
        if figure.stored and figure.path:
            _put(figures, figure.path, values[figure.key])
    return figures


def _put(figures: PeriodFigures, path: tuple[str, ...], value: object) -> None:
    if len(path) == 1:
        setattr(figures, path[0], value)
    else:
        getattr(figures, path[0])[path[1]] = value


def _scoped(
    model: type[_M],
    *,
    unit: Unit,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    include_descendants: bool = True,
) -> QuerySet[_M]:
    # `_default_manager` is `objects` (no metrics model declares another manager).
    if include_descendants:
        rows = model._default_manager.filter(unit_id__in=unit_descendants(unit, include_self=True).values("pk"))
    else:
        rows = model._default_manager.filter(unit_id=unit.pk)
    if field is not None:
        rows = rows.filter(field_id=getattr(field, "pk", field))
    if isinstance(procedure, str):
        # A procedure code covers every version of the procedure.
        rows = rows.filter(procedure__code=procedure)
    elif procedure is not None:
        rows = rows.filter(procedure_id=getattr(procedure, "pk", procedure))
    return rows


def _check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise ValueError("start must not be after end")


MONTHLY_AGGREGATES = {f.key: _sum(f.monthly_column) for f in flow_sources() if f.monthly_column}


def _split_parts(start: dt.date, end: dt.date) -> tuple[list[tuple[dt.date, dt.date]], tuple[dt.date, dt.date] | None]:
    """The partial half-month edges of [start, end] (read from the daily table) and the whole half months between
    them (`MonthlyRollup` rows: days 1–14 and 15–end, `coarse.part_start`). Calendar periods and ND 09/2019 windows
    have no edges."""
    first_whole = start if coarse.is_part_start(start) else coarse.next_part_start(start)
    last_whole = end if coarse.is_part_end(end) else coarse.part_start(end) - dt.timedelta(days=1)
    if first_whole > last_whole:
        return [(start, end)], None
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - dt.timedelta(days=1)))
    if last_whole < end:
        edges.append((last_whole + dt.timedelta(days=1), end))
    return edges, (first_whole, last_whole)


# The flows of the partial half months at the edges, from `UnitDayRollup`, keyed by figure (its columns are the
# `MonthlyRollup` ones: `figures.Figure.monthly_column`).
EDGE_FLOWS = {f.key: f.monthly_column for f in flow_sources() if f.monthly_column}


def _window_totals(scope: Scope, start: dt.date, end: dt.date, moment: StockMoment, group_by: str | None) -> Rows:
    """Flows of [start, end], carried over (open at the end of the day before `start`) and the open stock at the
    moment, for any window, in four reads whose rows per unit do not depend on the traffic (issue 15 item 2):

    * the closed checkpoint days around the window (`ClosedMonth`, a few rows);
    * whole half months from `MonthlyRollup` (at most 24 rows per unit and year);
    * the stock at one closed checkpoint near each end (`StockCheckpoint`, one row per unit each);
    * one `UnitDayRollup` read (one row per unit and day) of the days between each end and its checkpoint.

    A partial half month at either end is read from the nearer side: the days of the window in it (forward from
    the checkpoint before it, or backward from the checkpoint at its end), or the days of it outside the window
    subtracted from its half-monthly row and added to / taken back from the checkpoint at its start / end — at
    most 8 days per edge when the checkpoints are closed.

    With a checkpoint C and C ≤ T ≤ E (E the last day whose events count, T the last due day counted overdue,
    `StockMoment`), forward:
        open(E)    = checkpoint(C).open + sum(in_progress_delta + waiting_delta, C < day ≤ E)
        overdue(E) = checkpoint(C).overdue + sum(due_before_delta, C < day ≤ E)
                                           + sum(due_on_delta + falling_due_delta, C < day ≤ T)
    and backward from a checkpoint C' ≥ E of a past window (T = E): the same sums over E < day ≤ C' subtracted
    from checkpoint(C') (`UnitDayRollup`). Without a closed checkpoint (none closed yet, or a day before the first
    one) the changes are summed from the start of history. The reference path `_daily_report` sums the
    per-procedure daily tables from the start of history: identical figures (tests/test_windows.py compares both
    on random windows with the checkpoints closed, lagging and not closed).
    Returns {group key: figures by name} (key None when not grouped), the flow and the stock names together."""
    _edges, whole = _split_parts(start, end)
    before = start - dt.timedelta(days=1)
    # The checkpoints at the far side of each partial half month (backward reads), when the window has whole ones.
    start_next = whole[0] - dt.timedelta(days=1) if whole and start < whole[0] else None
    end_next = coarse.next_part_start(end) - dt.timedelta(days=1) if whole and end > whole[1] else None
    marks = ClosedMonth.objects.aggregate(
        before=Max("month_end", filter=Q(month_end__lte=before)),
        end=Max("month_end", filter=Q(month_end__lte=moment.overdue_through)),
        start_next=Count("pk", filter=Q(month_end=start_next)),
        end_next=Count("pk", filter=Q(month_end=end_next)),
    )
    at_before, at_end = marks["before"], marks["end"]
    whole_first, whole_last = whole if whole else (None, None)
    # (figure, UnitDayRollup columns, first day or None for the start of history, last day, sign)
    terms: list[Term] = []

    def read(first: dt.date | None, last: dt.date, figures: Mapping[str, tuple[str, ...]], sign: int) -> None:
        if first is None or first <= last:
            terms.extend((name, columns, first, last, sign) for name, columns in figures.items())

    def after(checkpoint: dt.date | None) -> dt.date | None:
        return checkpoint + dt.timedelta(days=1) if checkpoint else None

    flows = {name: (column,) for name, column in EDGE_FLOWS.items()}
    open_change = {"carried_over": ("in_progress_delta", "waiting_delta")}

    # Start: flows of the partial half month and the stock at the end of the day before `start`.
    cp_before = at_before
    if start_next is not None:
        part = coarse.part_start(start)
        inside, outside = (start_next - start).days + 1, (start - part).days
        forward_ok = at_before == part - dt.timedelta(days=1)
        backward_ok = bool(marks["start_next"])
        if backward_ok and (inside <= outside or not forward_ok):
            # The days of the window: their flows, and their stock changes taken back from the checkpoint after.
            cp_before = start_next
            read(start, start_next, flows, 1)
            read(start, start_next, open_change, -1)
        elif forward_ok:
            # The days before the window: the half month's row minus their flows; the checkpoint before plus them.
            whole_first = part
            read(part, before, flows, -1)
            read(part, before, open_change, 1)
        else:
            read(start, start_next, flows, 1)
            start_next = None  # the carried over below, forward from an older checkpoint
    elif whole is None:
        read(start, end, flows, 1)
    if start_next is None:
        # A window starting before the history (e.g. the ND 09/2019 year from 15/12 of the year before the first
        # dossier) has no checkpoint before it: nothing was open when no change precedes it (one index probe).
        before_empty = at_before == before or (
            at_before is None and not _scoped(UnitDayRollup, **scope).filter(day__lte=before).exists()
        )
        if not before_empty:
            read(after(at_before), before, open_change, 1)

    # End: flows of the partial half month and the stock at the moment.
    cp_end = at_end
    if (
        end_next is not None
        and whole_last is not None
        and marks["end_next"]
        and not moment.is_now
        and (end_next - end).days < (end - whole_last).days
    ):
        # The days after the window: the half month's row minus their flows; the checkpoint after minus their
        # stock changes.
        cp_end = end_next
        whole_last = coarse.part_start(end)
        stock = {
            "in_progress_total": ("in_progress_delta",),
            "waiting": ("waiting_delta",),
            "overdue": ("due_before_delta", "due_on_delta", "falling_due_delta"),
        }
        read(end + dt.timedelta(days=1), end_next, {**flows, **stock}, -1)
    else:
        if end_next is not None and whole_last is not None:
            read(whole_last + dt.timedelta(days=1), end, flows, 1)
        if at_end != moment.day:
            stock = {"in_progress_total": ("in_progress_delta",), "waiting": ("waiting_delta",)}
            read(after(at_end), moment.day, {**stock, "overdue": ("due_before_delta",)}, 1)
            read(after(at_end), moment.overdue_through, {"overdue": ("due_on_delta", "falling_due_delta")}, 1)

    parts: list[tuple[QuerySet[Any], Aggregates]] = []
    if whole_first is not None:
        monthly = _scoped(MonthlyRollup, **scope).filter(month__gte=whole_first, month__lte=whole_last)
        parts.append((monthly, MONTHLY_AGGREGATES))
    if cp_before or cp_end:
        checkpoints = _scoped(StockCheckpoint, **scope).filter(month_end__in=[d for d in (cp_before, cp_end) if d])
        end_q, before_q = Q(month_end=cp_end), Q(month_end=cp_before)
        aggregates = {
            "cp_in_progress": _sum("in_progress", end_q),
            "cp_overdue": _sum("overdue", end_q),
            "cp_waiting": _sum("waiting", end_q),
            "cp_carried_over": Coalesce(Sum(F("in_progress") + F("waiting"), filter=before_q), 0),
        }
        parts.append((checkpoints, aggregates))
    merged = _merge(parts, group_by)
    cp_names = {
        "cp_in_progress": "in_progress_total",
        "cp_overdue": "overdue",
        "cp_waiting": "waiting",
        "cp_carried_over": "carried_over",
    }
    for key, values in merged.items():
        merged[key] = {cp_names.get(name, name): value or 0 for name, value in values.items()}
    for key, values in _unit_day_terms(scope, terms, group_by).items():
        merged[key] = _add([merged.get(key, {}), values])
    for key, values in _due_today_passed(scope, moment, group_by).items():
        merged[key] = _add([merged.get(key, {}), values])
    return merged


Term = tuple[str, tuple[str, ...], dt.date | None, dt.date, int]


def _unit_day_terms(scope: Scope, terms: list[Term], group_by: str | None) -> Rows:
    """Sum the `UnitDayRollup` terms of a window in one read: the day ranges are cut into disjoint segments, each
    row is labelled with its segment, and the plain column sums per segment (and group) are folded into the
    figures in Python — a handful of rows per group, and a short query whatever the number of terms."""
    if not terms:
        return {}
    bounds = sorted(
        {first or dt.date.min for _n, _c, first, _l, _s in terms}
        | {last + dt.timedelta(days=1) for *_, last, _s in terms}
    )
    segments = []
    for low, high in itertools.pairwise(bounds):
        last = high - dt.timedelta(days=1)
        if any((first or dt.date.min) <= low and last <= end for _n, _c, first, end, _s in terms):
            segments.append((None if low == dt.date.min else low, last))
    columns = sorted({column for _n, cols, *_ in terms for column in cols})
    whens = [
        When(Q(day__lte=last) if low is None else Q(day__gte=low, day__lte=last), then=Value(i))
        for i, (low, last) in enumerate(segments)
    ]
    rows = (
        _scoped(UnitDayRollup, **scope)
        .filter(functools.reduce(operator.or_, (when.condition for when in whens)))
        .annotate(segment=Case(*whens, output_field=IntegerField()))
        .values("segment", *([group_by] if group_by else []))
        .order_by()
        .annotate(**{f"sum_{column}": Sum(column) for column in columns})
    )
    totals: Rows = {}
    for row in rows:
        low, last = segments[row["segment"]]
        figures = totals.setdefault(row[group_by] if group_by else None, {})
        for name, cols, first, end, sign in terms:
            if (first is None or (low is not None and first <= low)) and last <= end:
                value = sum(row[f"sum_{column}"] or 0 for column in cols)
                figures[name] = figures.get(name, 0) + sign * value
    return totals


def _merge(parts: list[tuple[QuerySet[Any], Aggregates]], group_by: str | None) -> Rows:
    merged: Rows = {}
    for qs, aggregates in parts:
        rows = {None: qs.aggregate(**aggregates)} if group_by is None else _grouped(qs, group_by, aggregates)
        for key, values in rows.items():
            merged[key] = _add([merged.get(key, {}), values])
    return merged


def _coarse_ok(field: Field | int | None, procedure: Procedure | int | str | None) -> bool:
    """The coarse tables are per unit only: a field or procedure filter reads the daily tables."""
    return field is None and procedure is None


def period_report(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    include_descendants: bool = True,
    now: dt.datetime | None = None,
) -> PeriodFigures:
    """Figures for `unit` (and, by default, every unit below it) from day `start` to day `end` inclusive
    (Vietnamese calendar days). `field`: a Field or its pk; `procedure`: a Procedure, its pk, or a code (all
    versions). Any window is a constant number of reads per unit whose rows do not depend on the traffic (issue
    15 item 2, `_window_totals`): whole half months from the half-monthly rollups, the partial half months at
    either end and the stock changes since the last closed checkpoint before each end from the per-unit daily
    totals (at most about 31 rows per unit), the stock at the checkpoints from one row per unit each; flat as
    history grows. Field/procedure filters read the daily tables. A period that includes today measures its
    stock at `now` (default: the current time; see `stock_moment`) and says so in `as_of`."""
    _check_period(start, end)
    scope: Scope = {"unit": unit, "field": field, "procedure": procedure, "include_descendants": include_descendants}
    moment = stock_moment(end=end, now=now)
    if _coarse_ok(field, procedure):
        totals = _window_totals(scope, start, end, moment, None).get(None)
        return _figures(totals, totals, moment.at)
    return _daily_report(scope, start, end, moment)


def _daily_report(scope: Scope, start: dt.date, end: dt.date, moment: StockMoment | None = None) -> PeriodFigures:
    """The same figures from the daily tables only (reference for the coarse path)."""
    moment = moment or stock_moment(end=end)
    flow = _scoped(DailyRollup, **scope).filter(day__gte=start, day__lte=end).aggregate(**FLOW_AGGREGATES)
    return _figures(flow, _stocks(scope, start, moment, None).get(None), moment.at)


@dataclass
class ReportRow:
    key: object
    label: str
    figures: PeriodFigures


def _grouped(qs: QuerySet[Any], group_by: str, aggregates: Aggregates) -> Rows:
    return {row.pop(group_by): row for row in qs.values(group_by).order_by().annotate(**aggregates)}


def period_report_grouped(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    by: str,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    now: dt.datetime | None = None,
) -> tuple[list[ReportRow], PeriodFigures]:
    """The report split by child unit (each row its whole subtree; dossiers of `unit` itself get their own row),
    by field or by procedure, plus the total. Constant number of queries (two aggregates and one for labels, one
    more for today's passed due moments when measured at now)."""
    _check_period(start, end)
    scope: Scope = {"unit": unit, "field": field, "procedure": procedure}
    moment = stock_moment(end=end, now=now)
    if by == Grouping.UNIT and _coarse_ok(field, procedure):
        rows = _window_totals(scope, start, end, moment, "unit__path")
        return _rows_and_total(unit, by, rows, rows, moment.at)
    flows = _scoped(DailyRollup, **scope).filter(day__gte=start, day__lte=end)
    if by == Grouping.UNIT:
        key = "unit__path"
    elif by == Grouping.FIELD:
        key = "field_id"
    elif by == Grouping.PROCEDURE:
        key = "procedure__code"
    else:
        raise ValueError(f"unknown grouping {by!r}")
    flow_rows = _grouped(flows, key, FLOW_AGGREGATES)
    stock_rows = _stocks(scope, start, moment, key)
    return _rows_and_total(unit, by, flow_rows, stock_rows, moment.at)


def _rows_and_total(
    unit: Unit, by: str, flow_rows: Rows, stock_rows: Rows, as_of: dt.datetime | None = None
) -> tuple[list[ReportRow], PeriodFigures]:
    if by == Grouping.UNIT:
        flow_rows, stock_rows, labels = _fold_to_children(unit, flow_rows, stock_rows)
    else:
        labels = _labels(by, set(flow_rows) | set(stock_rows))
    rows = [
        ReportRow(key, label, _figures(flow_rows.get(key), stock_rows.get(key), as_of))
        for key, label in sorted(labels.items(), key=lambda item: item[1])
    ]
    rows = [row for row in rows if row.key in flow_rows or row.key in stock_rows]
    total = _figures(_add(flow_rows.values()), _add(stock_rows.values()), as_of)
    return rows, total


def _add(rows: Iterable[Sums]) -> Sums:
    total: dict[str, int] = {}
    for row in rows:
        for name, value in row.items():
            total[name] = total.get(name, 0) + (value or 0)
    return total


def _labels(by: str, keys: set[Key]) -> dict[Key, str]:
    from motcua.catalog.models import Field, Procedure

    if by == Grouping.FIELD:
        labels = dict(Field.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
        return {key: labels.get(key, "—") for key in keys}
    names = dict(Procedure.objects.filter(code__in=keys).order_by("valid_from").values_list("code", "name"))
    return {code: f"{code} — {names.get(code, '')}" for code in keys}


def _fold_to_children(unit: Unit, flow_rows: Rows, stock_rows: Rows) -> tuple[Rows, Rows, dict[Key, str]]:
    """Re-key rows from each unit's path to the child of `unit` whose subtree holds it."""
    children = Unit.objects.filter(parent=unit).values_list("pk", "code", "name")
    by_code = {code: pk for pk, code, _name in children}
    labels = {pk: name for pk, _code, name in children}
    labels[unit.pk] = unit.name
    prefix = len(unit.path)

    def owner(path: str) -> int:
        # The path of a unit below `unit` continues with the child's code: "/P22/" + "W06660/…".
        return by_code.get(path[prefix:].split("/", 1)[0], unit.pk)

    def fold(rows: Rows) -> Rows:
        folded: Rows = {}
        for path, values in rows.items():
            folded[owner(path)] = _add([folded.get(owner(path), {}), values])
        return folded

    return fold(flow_rows), fold(stock_rows), labels
