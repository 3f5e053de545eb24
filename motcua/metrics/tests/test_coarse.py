"""The coarse read side (monthly flows, month-end checkpoints) gives the same figures as the daily tables."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.tests.factories import vn
from motcua.metrics.models import ClosedMonth, MonthlyRollup, StockCheckpoint
from motcua.metrics.selectors import _daily_report, period_report, period_report_grouped, stock_moment
from motcua.metrics.services import checkpoints_close, rollups_rebuild

from .factories import finish
from .test_rebuild import snapshot

D = dt.date
PERIODS = [
    (D(2026, 2, 1), D(2026, 2, 28)),
    (D(2026, 3, 1), D(2026, 3, 31)),
    (D(2026, 4, 1), D(2026, 4, 30)),
    (D(2026, 1, 1), D(2026, 3, 31)),
    (D(2026, 2, 1), D(2026, 4, 30)),
    (D(2026, 1, 1), D(2026, 12, 31)),
    (D(2026, 3, 5), D(2026, 4, 17)),
    (D(2026, 3, 1), D(2026, 4, 17)),
    (D(2026, 2, 26), D(2026, 3, 31)),
    (D(2026, 3, 16), D(2026, 3, 18)),
    # ND 09/2019 art 12 windows (15th → 14th): whole half months
    (D(2025, 12, 15), D(2026, 3, 14)),
    (D(2026, 2, 15), D(2026, 3, 14)),
    (D(2026, 3, 15), D(2026, 4, 14)),
    (D(2026, 3, 15), D(2026, 6, 14)),
]


# A fixed "now" inside the year 2026 period (measured at now) and after the others (measured at their end).
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def both(season, start, end):
    scope = {"unit": season.province, "field": None, "procedure": None, "include_descendants": True}
    moment = stock_moment(end=end, now=NOW)
    return period_report(unit=season.province, start=start, end=end, now=NOW).as_dict(), _daily_report(
        scope, start, end, moment
    ).as_dict()


@pytest.mark.parametrize("closed", [False, True])
def test_whole_months_and_checkpoints_give_the_daily_figures(season, closed):
    if closed:
        checkpoints_close(through=D(2026, 10, 31))
    for start, end in PERIODS:
        coarse, daily = both(season, start, end)
        assert coarse == daily, (start, end)


@pytest.mark.parametrize("through", [None, D(2026, 3, 14), D(2026, 11, 30)])
def test_random_windows_over_the_service_driven_season_give_the_daily_figures(season, through):
    """Arbitrary windows (partial half months at both ends, single days, through now) over the history written by
    the services, with the checkpoints not closed, lagging, or closed through the last complete half month."""
    import random

    if through:
        checkpoints_close(through=through)
    rng = random.Random(15)
    for _ in range(40):
        start = D(2026, 1, 20) + dt.timedelta(days=rng.randrange(330))
        end = start + dt.timedelta(days=rng.choice([0, 1, rng.randrange(2, 30), rng.randrange(30, 200)]))
        coarse, daily = both(season, start, end)
        assert coarse == daily, (start, end)


def test_closing_writes_one_checkpoint_per_unit_with_open_dossiers_and_is_idempotent(season):
    closed = checkpoints_close(through=D(2026, 4, 30))
    # Half-month ends (the 14th: end of an ND 09/2019 window; the month end), from the one before the first change
    assert closed == [D(2026, 2, 14), D(2026, 2, 28), D(2026, 3, 14), D(2026, 3, 31), D(2026, 4, 14), D(2026, 4, 30)]
    assert checkpoints_close(through=D(2026, 4, 30)) == []
    march = StockCheckpoint.objects.get(unit=season.a.one_stop, month_end=D(2026, 3, 31))
    # a3 within time, a5 online not yet received; a7 suspended and a8 awaiting supplement
    assert (march.in_progress, march.overdue, march.waiting) == (2, 0, 2)
    assert ClosedMonth.objects.count() == 6


def test_monthly_rows_are_one_per_unit_and_half_month(season):
    rows = MonthlyRollup.objects.filter(unit=season.a.one_stop, month__gte=D(2026, 3, 1), month__lte=D(2026, 3, 31))
    assert sorted(r.month for r in rows) == [D(2026, 3, 1), D(2026, 3, 15)]
    totals = [sum(getattr(r, c) for r in rows) for c in ("received_online", "received_counter", "received_post")]
    assert totals == [2, 7, 1]


def test_an_nd09_window_reads_only_the_coarse_tables(season):
    """15/2–14/3, 15/3–14/4/2026 and Q1 2026 (15/12/2025–14/3/2026, starting before the history) under ND 09/2019
    art 12 are whole half months with closed checkpoints (or nothing before): only the coarse tables are summed
    (the open-stock table is only probed for a change before the window), and the figures equal the daily ones."""
    checkpoints_close(through=D(2026, 4, 30))
    windows = ((D(2026, 2, 15), D(2026, 3, 14)), (D(2026, 3, 15), D(2026, 4, 14)), (D(2025, 12, 15), D(2026, 3, 14)))
    for start, end in windows:
        with CaptureQueriesContext(connection) as queries:
            fast = period_report(unit=season.province, start=start, end=end, now=NOW)
        sql = [q["sql"] for q in queries.captured_queries]
        assert not any("metrics_dailyrollup" in q for q in sql)
        assert all("LIMIT 1" in q for q in sql if "metrics_openstock" in q)
        assert fast.as_dict() == both(season, start, end)[1]


@time_machine.travel(vn(2026, 11, 1, 9, 0), tick=False)
def test_an_event_dated_in_a_closed_month_moves_every_later_checkpoint(season):
    """Frozen at 1/11/2026: a rebuild closes through the last complete half month, which must be the 31/10 this
    test closes by hand (with the real clock the rebuild would close more than the incremental path)."""
    checkpoints_close(through=D(2026, 10, 31))
    finish(season.a, season.dossiers["a3"], at=vn(2026, 3, 28, 9, 0))  # back-dated into closed March: early
    coarse, daily = both(season, D(2026, 3, 1), D(2026, 4, 30))
    assert coarse == daily
    assert coarse["resolved"]["early"] >= 1
    incremental = snapshot()
    rollups_rebuild()
    assert snapshot() == incremental


def test_grouping_by_unit_reads_the_coarse_tables_with_the_same_rows(season):
    checkpoints_close(through=D(2026, 10, 31))
    rows, total = period_report_grouped(unit=season.province, start=D(2026, 3, 1), end=D(2026, 4, 30), by="unit")
    assert total.as_dict() == both(season, D(2026, 3, 1), D(2026, 4, 30))[1]
    assert sum(row.figures.carried_over for row in rows) == total.carried_over
    assert all(row.figures.reconciles() for row in rows)


def test_close_months_command_lists_what_it_closed(season, capsys):
    from django.core.management import CommandError, call_command

    call_command("metrics", "close-months", "--through", "30/04/2026")
    out = capsys.readouterr().out
    assert "6 mốc / checkpoints (14/02/2026, 28/02/2026, 14/03/2026, 31/03/2026, 14/04/2026, 30/04/2026)" in out
    with pytest.raises(CommandError, match="invalid day"):
        call_command("metrics", "close-months", "--through", "April")


def _unit_day_changes_by_column(*, day, channel, counters, stock):
    """`coarse.unit_day_changes` as first written, going through every flow column (the reference)."""
    from motcua.metrics.choices import NO_DUE, RECEIVED_BY_CHANNEL, UNIT_FLOWS, Bucket

    changes = {}

    def add(on, column, value):
        if value:
            row = changes.setdefault(on, {})
            row[column] = row.get(column, 0) + value

    for name, column in RECEIVED_BY_CHANNEL.items():
        if channel == name:
            add(day, column, counters.get("received", 0))
    for name in UNIT_FLOWS:
        if name not in RECEIVED_BY_CHANNEL.values():
            add(day, name, counters.get(name, 0))
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


def test_unit_day_changes_going_through_the_event_counters_equal_the_rule_by_column():
    """The rule reads only the counters the event has (it runs for every event): the same changes as the rule
    that goes through every flow column, on random events and summed rows of every channel and bucket."""
    import random

    from motcua.metrics.choices import COUNTERS, NO_DUE, Bucket
    from motcua.metrics.coarse import unit_day_changes

    rng = random.Random(9)
    day = dt.date(2025, 5, 2)
    for _ in range(3000):
        counters = {name: rng.choice((0, 1, 1, 2, -1)) for name in rng.sample(COUNTERS, rng.randrange(0, 4))}
        stock = [
            (
                rng.choice((Bucket.IN_PROGRESS, Bucket.WAITING)),
                rng.choice((NO_DUE, None, day, day - dt.timedelta(days=3), day + dt.timedelta(days=4))),
                rng.choice((1, -1, 2)),
            )
            for _ in range(rng.randrange(0, 3))
        ]
        channel = rng.choice(("online", "counter", "post", "other"))
        arguments = {"day": day, "channel": channel, "counters": counters, "stock": stock}
        assert unit_day_changes(**arguments) == _unit_day_changes_by_column(**arguments)
