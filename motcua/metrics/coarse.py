"""Coarse read-side rollups: `MonthlyRollup` (flows per unit and half month) and `StockCheckpoint` (open stock per
unit at each closed checkpoint day). Writes used by the event hook and the rebuild; see docs/domain/metrics.md.

Half months (issue 15): every month is split at the first day of the official reporting windows (ND 09/2019/NĐ-CP
art 12: the 15th, `periods.cutoff_day()`), so a `MonthlyRollup` row covers days 1–14 or 15–end, and checkpoints are
taken on the 14th as well as on the month end. Calendar periods (1st → month end) and ND 09 windows (15th → 14th)
are then both whole parts: a constant number of reads per unit whatever the window. Changing the setting needs
`motcua metrics rebuild`.

Why: the daily unit × procedure × channel rows do not compress at provincial traffic (≈ 0.24 dossiers per
unit-day), so a province-year summed more rows than there are dossiers and the open stock summed all history.
Per unit and month the row count is units × months whatever the traffic, and the checkpoint of the month before
the period gives "carried over" (and the one at its end "open at the end") without reading history.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Min

from motcua.core.db import conflict_clause, execute_write, upsert_add
from motcua.workdays.calendar import VN_TZ

from .choices import NO_DUE, RECEIVED_BY_CHANNEL, UNIT_DAY_COLUMNS, UNIT_FLOWS, Bucket
from .figures import counters_by_channel, rollup_counters
from .models import ClosedMonth, MonthlyRollup, OpenStock, StockCheckpoint, UnitDayRollup
from .periods import cutoff_day

# The rebuild's keys: a daily flow (unit, procedure, field, channel, day) and an open-stock change (… day, bucket,
# due day); the field is None for a procedure without one.
FlowKey = tuple[int, int, int | None, str, dt.date]
StockKey = tuple[int, int, int | None, str, dt.date, str, dt.date]

# Monthly counters other than the received split by channel (same names as `DailyRollup`), from the registry.
MONTHLY_FLOWS: tuple[str, ...] = tuple(name for name in rollup_counters() if name not in counters_by_channel())
MONTHLY_COUNTERS: tuple[str, ...] = (*RECEIVED_BY_CHANNEL.values(), *MONTHLY_FLOWS)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def part_start(day: dt.date) -> dt.date:
    """First day of the half month holding `day`: the 1st, or the reporting-window cut-off day (15th)."""
    cut = cutoff_day()
    return day.replace(day=cut if day.day >= cut else 1)


def next_part_start(day: dt.date) -> dt.date:
    """First day of the half month after the one holding `day`."""
    cut = cutoff_day()
    return day.replace(day=cut) if day.day < cut else month_end(day) + dt.timedelta(days=1)


def is_part_start(day: dt.date) -> bool:
    return day == part_start(day)


def is_part_end(day: dt.date) -> bool:
    """The last day of a half month: the day before the cut-off (14th) or the month end."""
    return is_part_start(day + dt.timedelta(days=1))


def checkpoint_days(first: dt.date, through: dt.date) -> list[dt.date]:
    """Every half-month end from the one before `first`'s half month through `through`."""
    day = part_start(first) - dt.timedelta(days=1)
    days = []
    while day <= through:
        days.append(day)
        nxt = day + dt.timedelta(days=1)
        day = part_start(nxt.replace(day=cutoff_day())) - dt.timedelta(days=1) if nxt.day == 1 else month_end(nxt)
    return days


def last_complete_checkpoint(today: dt.date | None = None) -> dt.date:
    """The last half-month end before today (Vietnamese day)."""
    today = today or dt.datetime.now(VN_TZ).date()
    return part_start(today) - dt.timedelta(days=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day: dt.date) -> bool:
    return day == month_end(day)


def monthly_values(*, unit_id: int, day: dt.date, channel: str, counters: dict[str, int]) -> dict[str, Any]:
    values: dict[str, Any] = {"unit_id": unit_id, "month": part_start(day)}
    for name, column in RECEIVED_BY_CHANNEL.items():
        values[column] = counters.get("received", 0) if channel == name else 0
    for name in MONTHLY_FLOWS:
        values[name] = counters.get(name, 0)
    return values


def checkpoint_apply(*, unit_id: int, day: dt.date, bucket: str, due_day: dt.date, delta: int) -> None:
    """Adjust the checkpoints of `unit_id` at every closed month end on or after `day` for one open-stock change
    (nothing to do in the usual case: an event of today, the current month is not closed). One statement."""
    table = connection.ops.quote_name(StockCheckpoint._meta.db_table)
    closed = connection.ops.quote_name(ClosedMonth._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    in_progress = delta if bucket == Bucket.IN_PROGRESS else 0
    waiting = delta if bucket == Bucket.WAITING else 0
    conflict = conflict_clause(table, ["unit_id", "month_end"], add=("in_progress", "overdue", "waiting"))
    sql = (
        f"INSERT INTO {table} (unit_id, month_end, in_progress, overdue, waiting) "  # noqa: S608 (model names)
        f"SELECT %s, month_end, %s, CASE WHEN %s <= month_end THEN %s ELSE 0 END, %s FROM {closed} "
        f"WHERE month_end >= %s {conflict}"
    )
    execute_write(sql, [unit_id, in_progress, adapt(due_day), in_progress, waiting, adapt(day)])


def last_complete_month_end(today: dt.date | None = None) -> dt.date:
    today = today or dt.datetime.now(VN_TZ).date()
    return month_start(today) - dt.timedelta(days=1)


def checkpoints_close(*, through: dt.date | None = None) -> list[dt.date]:
    """Write the open-stock checkpoints of every half-month end (14th and month end) from the first recorded
    change up to `through` (default: the last complete Vietnamese half month) that is not closed yet. Idempotent. On PostgreSQL the open-stock table is
    locked in SHARE mode for the duration (event writers wait; a few seconds once a month), so no event can
    slip between the sums and the `ClosedMonth` marker. Must run inside a transaction."""
    through = through or last_complete_checkpoint()
    first = OpenStock.objects.aggregate(first=Min("day"))["first"]
    if first is None:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(OpenStock._meta.db_table)} IN SHARE MODE")
    done = set(ClosedMonth.objects.values_list("month_end", flat=True))
    closed = []
    # Start with the half month before the first change: an empty checkpoint, so a period starting with the
    # history's first half month also reads its "carried over" from a checkpoint.
    for day in checkpoint_days(first, through):
        if day not in done:
            _close(day)
            closed.append(day)
    return closed


def _close(month_end_day: dt.date) -> None:
    stock = connection.ops.quote_name(OpenStock._meta.db_table)
    table = connection.ops.quote_name(StockCheckpoint._meta.db_table)
    day = connection.ops.adapt_datefield_value(month_end_day)
    sql = (
        f"INSERT INTO {table} (unit_id, month_end, in_progress, overdue, waiting) "  # noqa: S608 (model names)
        "SELECT unit_id, %s, "
        "SUM(CASE WHEN bucket = %s THEN delta ELSE 0 END), "
        "SUM(CASE WHEN bucket = %s AND due_day <= %s THEN delta ELSE 0 END), "
        "SUM(CASE WHEN bucket = %s THEN delta ELSE 0 END) "
        f"FROM {stock} WHERE day <= %s GROUP BY unit_id "
        "HAVING SUM(CASE WHEN bucket = %s THEN delta ELSE 0 END) <> 0 "
        "OR SUM(CASE WHEN bucket = %s THEN delta ELSE 0 END) <> 0"
    )
    params = [day, Bucket.IN_PROGRESS, Bucket.IN_PROGRESS, day, Bucket.WAITING, day, Bucket.IN_PROGRESS, Bucket.WAITING]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    ClosedMonth.objects.create(month_end=month_end_day)


def monthly_rows_from_daily(flows: dict[FlowKey, dict[str, int]]) -> list[MonthlyRollup]:
    """Half-month rows from the rebuild's daily flows keyed (unit, procedure, field, channel, day)."""
    months: dict[tuple[int, dt.date], dict[str, int]] = {}
    for (unit_id, _procedure, _field, channel, day), counters in flows.items():
        values = monthly_values(unit_id=unit_id, day=day, channel=channel, counters=counters)
        row = months.setdefault((unit_id, values["month"]), dict.fromkeys(MONTHLY_COUNTERS, 0))
        for name in MONTHLY_COUNTERS:
            row[name] += values[name]
    return [MonthlyRollup(unit_id=u, month=m, **counts) for (u, m), counts in months.items()]


# The flow columns of `UnitDayRollup` that an event's counter of the same name adds to (all but the received ones,
# which go by channel).
_FLOWS = frozenset(name for name in UNIT_FLOWS if name not in RECEIVED_BY_CHANNEL.values())


def unit_day_changes(
    *, day: dt.date, channel: str, counters: dict[str, int], stock: list[tuple[str, dt.date, int]]
) -> dict[dt.date, dict[str, int]]:
    """The `UnitDayRollup` changes of one event (or of summed daily rows: the rule is additive) of a unit:
    {day: {column: change}}, all-zero days left out. The one rule of the hook, the rebuild and the bulk writer.

    Flows go to the event's day (received by channel). Each open-stock change (bucket, due day u, delta) goes to
    the bucket's column of the day; an in-progress change also to `due_before_delta` (u before the day) or
    `due_on_delta` (u the day) of the day, or, when u is later, to `falling_due_delta` of day u (nothing when the
    dossier has no due day, `NO_DUE`)."""
    changes: dict[dt.date, dict[str, int]] = {}

    def add(on: dt.date, column: str, value: int) -> None:
        if value:
            row = changes.setdefault(on, {})
            row[column] = row.get(column, 0) + value

    # Only the counters the event has (a few; `_FLOWS` holds every flow column but the received ones): the same
    # sums as going through every flow column, at a fraction of the cost (this runs for every event).
    received = counters.get("received", 0)
    if received and channel in RECEIVED_BY_CHANNEL:
        add(day, RECEIVED_BY_CHANNEL[channel], received)
    for name, value in counters.items():
        if name in _FLOWS:
            add(day, name, value)
    for bucket, due_day, delta in stock:
        if bucket == Bucket.WAITING:
            add(day, "waiting_delta", delta)
            continue
        add(day, "in_progress_delta", delta)
        if due_day is None or due_day == NO_DUE:
            continue
        if due_day < day:
            add(day, "due_before_delta", delta)
        elif due_day == day:
            add(day, "due_on_delta", delta)
        else:
            add(due_day, "falling_due_delta", delta)
    return {on: row for on, row in changes.items() if any(row.values())}


def add_unit_days(
    into: dict[tuple[int, dt.date], dict[str, int]], unit_id: int, changes: dict[dt.date, dict[str, int]]
) -> None:
    """Accumulate `unit_day_changes` into full rows keyed (unit, day)."""
    for on, values in changes.items():
        row = into.setdefault((unit_id, on), dict.fromkeys(UNIT_DAY_COLUMNS, 0))
        for column, value in values.items():
            row[column] += value


def unit_day_rows(flows: dict[FlowKey, dict[str, int]], stock: dict[StockKey, int]) -> list[UnitDayRollup]:
    """The `UnitDayRollup` rows of summed daily flows keyed (unit, procedure, field, channel, day) and open-stock
    changes keyed (unit, procedure, field, channel, day, bucket, due day) — the rebuild, tests and bench; rows
    netting to zero everywhere are left out (as the rebuild leaves out open-stock rows netting to zero)."""
    rows: dict[tuple[int, dt.date], dict[str, int]] = {}
    for (unit_id, _procedure, _field, channel, day), counters in flows.items():
        add_unit_days(rows, unit_id, unit_day_changes(day=day, channel=channel, counters=counters, stock=[]))
    for (unit_id, _procedure, _field, channel, day, bucket, due_day), delta in stock.items():
        changes = unit_day_changes(day=day, channel=channel, counters={}, stock=[(bucket, due_day, delta)])
        add_unit_days(rows, unit_id, changes)
    return [UnitDayRollup(unit_id=u, day=d, **values) for (u, d), values in rows.items() if any(values.values())]


def unit_day_apply(*, unit_id: int, changes: dict[dt.date, dict[str, int]]) -> None:
    """Write one event's `unit_day_changes`: one atomic insert-or-add per day, in day order (two events of one
    unit lock its rows in the same order: no deadlock)."""
    for on in sorted(changes):
        values = {"unit_id": unit_id, "day": on, **dict.fromkeys(UNIT_DAY_COLUMNS, 0), **changes[on]}
        upsert_add(UnitDayRollup, key=UnitDayRollup.KEY, values=values, add=UNIT_DAY_COLUMNS)
