"""Any window is fast and exact (issue 15 item 2): the period report of any day range — calendar periods, ND 09/2019
art 12 windows (15th → 14th), arbitrary windows with partial half months at both ends, windows that include
today — gives the figures of the reference path that sums the daily tables from the start of history
(`_daily_report`), per unit and with descendants, grouped by unit, with the checkpoints closed, lagging or not
closed at all. Seeded random windows over a simulated history; the clock is frozen and passed explicitly."""

import datetime as dt
import random
import re
from collections import defaultdict

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.tests.factories import ProcedureFactory, vn
from motcua.metrics import coarse
from motcua.metrics.choices import NO_DUE
from motcua.metrics.models import DailyRollup, OpenStock
from motcua.metrics.selectors import _daily_report, period_report, period_report_grouped, stock_moment
from motcua.units.choices import UnitKind
from motcua.units.models import Unit

D = dt.date
# Frozen "now": 20/5/2026 10:00 in Vietnam, the end of the history (windows through it are measured at now).
NOW = vn(2026, 5, 20, 10, 0)
TODAY = D(2026, 5, 20)
HISTORY = (D(2025, 6, 1), TODAY)


def make_tree():
    province = Unit.objects.create(code="PW", name="Tỉnh Cửa Sổ", kind=UnitKind.PROVINCE)
    units = [province]
    for d in range(2):
        district = Unit(code=f"PW{d}", name=f"Sở {d}", kind=UnitKind.DEPARTMENT, parent=province)
        district.refresh_derived_fields()
        district.save()
        units.append(district)
        for c in range(3):
            commune = Unit(code=f"PW{d}{c}", name=f"Xã {d}{c}", kind=UnitKind.COMMUNE, parent=district)
            commune.refresh_derived_fields()
            commune.save()
            units.append(commune)
    return units


def simulate(units, procedures, *, seed: int = 15, dossiers: int = 900) -> None:
    """Dossier histories written as the event hook sums them: received (in progress with a due day), sometimes
    waiting for the applicant and back with a later due day, sometimes extended, then ended (on time, late,
    refused, withdrawn…) or still open; nothing after now. Due days before, on and after every half-month end."""
    rng = random.Random(seed)
    flows: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    stock: dict[tuple, int] = defaultdict(int)
    span = (HISTORY[1] - HISTORY[0]).days
    for _ in range(dossiers):
        unit = rng.choice(units).pk
        procedure, field = rng.choice(procedures)
        channel = rng.choice(["online", "counter", "post"])
        dims = (unit, procedure, field, channel)
        day = HISTORY[0] + dt.timedelta(days=rng.randrange(span))
        due = day + dt.timedelta(days=rng.randrange(0, 30))
        flows[(*dims, day)]["received"] += 1
        stock[(*dims, day, "in_progress", due)] += 1
        position = ("in_progress", due)
        for _step in range(rng.choice([0, 0, 1, 2])):
            day += dt.timedelta(days=rng.randrange(0, 20))
            if day > TODAY:  # nothing happens after now
                break
            if position[0] == "in_progress" and rng.random() < 0.5:
                new = ("waiting", NO_DUE)
                flows[(*dims, day)]["supplement_requested"] += 1
            else:
                new = ("in_progress", max(due, day) + dt.timedelta(days=rng.randrange(1, 15)))
                due = new[1]
                flows[(*dims, day)]["extended"] += position[0] == "in_progress"
            stock[(*dims, day, *position)] -= 1
            stock[(*dims, day, *new)] += 1
            position = new
        if rng.random() < 0.15:
            continue  # still open
        day += dt.timedelta(days=rng.randrange(0, 40))
        if day > TODAY:
            continue
        ending = rng.choices(["resolved", "refused", "stopped", "withdrawn"], weights=[85, 5, 5, 5])[0]
        if ending == "resolved":
            ending = "resolved_late" if day > due else ("resolved_on_time" if day == due else "resolved_early")
        flows[(*dims, day)][ending] += 1
        flows[(*dims, day)]["delivered"] += ending.startswith("resolved")
        stock[(*dims, day, *position)] -= 1
    DailyRollup.objects.bulk_create(
        DailyRollup(unit_id=u, procedure_id=p, field_id=f, channel=c, day=d, **counts)
        for (u, p, f, c, d), counts in flows.items()
    )
    OpenStock.objects.bulk_create(
        OpenStock(unit_id=u, procedure_id=p, field_id=f, channel=c, day=d, bucket=b, due_day=due, delta=delta)
        for (u, p, f, c, d, b, due), delta in stock.items()
        if delta
    )
    coarse.MonthlyRollup.objects.bulk_create(coarse.monthly_rows_from_daily(flows))
    coarse.UnitDayRollup.objects.bulk_create(coarse.unit_day_rows(flows, stock))


@pytest.fixture
def history(db):
    units = make_tree()
    procedures = [(p.pk, p.field_id) for p in (ProcedureFactory(setup=[]) for _ in range(2))]
    simulate(units, procedures)
    return units


def named_windows() -> list[tuple[D, D]]:
    """Calendar months, quarters and the year; ND 09/2019 months, quarters, halves and years (15th → 14th)."""
    windows = [(D(2025, 1, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 12, 31))]
    for year, month in [(y, m) for y in (2025, 2026) for m in range(1, 13)]:
        windows.append((D(year, month, 1), coarse.month_end(D(year, month, 1))))
        previous = D(year - 1, 12, 15) if month == 1 else D(year, month - 1, 15)
        windows.append((previous, D(year, month, 14)))
        if month % 3 == 0:
            windows.append((D(year, month - 2, 1), coarse.month_end(D(year, month, 1))))
            windows.append((D(year - 1, 12, 15) if month == 3 else D(year, month - 3, 15), D(year, month, 14)))
    windows += [(D(2024, 12, 15), D(2025, 12, 14)), (D(2025, 12, 15), D(2026, 12, 14))]
    windows += [(D(2025, 12, 15), D(2026, 6, 14)), (D(2025, 6, 15), D(2025, 12, 14))]
    return windows


def random_windows(count: int, seed: int) -> list[tuple[D, D]]:
    """Arbitrary windows: any start from before the history to after now, any length up to 400 days, with
    short ones, single days, windows ending today, yesterday and tomorrow."""
    rng = random.Random(seed)
    windows = []
    for _ in range(count):
        start = D(2025, 5, 1) + dt.timedelta(days=rng.randrange(420))
        length = rng.choice([0, 1, rng.randrange(2, 20), rng.randrange(20, 120), rng.randrange(120, 400)])
        windows.append((start, start + dt.timedelta(days=length)))
    windows += [(D(2026, 5, 3), TODAY), (D(2026, 4, 20), TODAY - dt.timedelta(days=1)), (D(2026, 5, 1), D(2026, 5, 21))]
    return windows


def reference(unit, start, end, *, include_descendants=True):
    scope = {"unit": unit, "field": None, "procedure": None, "include_descendants": include_descendants}
    return _daily_report(scope, start, end, stock_moment(end=end, now=NOW)).as_dict()


def fast(unit, start, end, *, include_descendants=True):
    figures = period_report(unit=unit, start=start, end=end, include_descendants=include_descendants, now=NOW)
    assert figures.reconciles(), (unit.code, start, end)
    return figures.as_dict()


def close(state: str) -> None:
    if state == "closed":  # the worker closes every half-month end up to the last complete one
        closed = coarse.checkpoints_close(through=coarse.last_complete_checkpoint(TODAY))
        assert closed[-1] == D(2026, 5, 14)
    elif state == "lagging":  # the closing job stopped in January
        coarse.checkpoints_close(through=D(2026, 1, 31))


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("state", ["closed", "lagging", "none"])
def test_every_window_gives_the_daily_figures(history, state):
    close(state)
    province, district, commune = history[0], history[1], history[2]
    windows = named_windows() + random_windows(60, seed={"closed": 1, "lagging": 2, "none": 3}[state])
    for start, end in windows:
        assert fast(province, start, end) == reference(province, start, end), ("province", start, end)
        assert fast(district, start, end) == reference(district, start, end), ("district", start, end)
        own = fast(district, start, end, include_descendants=False)
        assert own == reference(district, start, end, include_descendants=False), ("own", start, end)
        assert fast(commune, start, end) == reference(commune, start, end), ("commune", start, end)


@time_machine.travel(NOW, tick=False)
def test_grouped_by_unit_rows_give_each_subtree_daily_figures(history):
    close("closed")
    province = history[0]
    for start, end in named_windows()[::6] + random_windows(12, seed=7):
        rows, total = period_report_grouped(unit=province, start=start, end=end, by="unit", now=NOW)
        assert total.as_dict() == reference(province, start, end), (start, end)
        for row in rows:
            unit = Unit.objects.get(pk=row.key)
            # Each child's row is its subtree; the province's own row its own dossiers only.
            subtree = reference(unit, start, end, include_descendants=unit != province)
            assert row.figures.as_dict() == subtree, (unit.code, start, end)


@time_machine.travel(NOW, tick=False)
def test_an_arbitrary_past_window_reads_a_constant_number_of_rows_per_unit(history):
    """5/3–17/8/2025-like windows: the whole half months from the half-monthly rollup, the partial ones and the
    stock changes since each checkpoint from one read of the per-unit daily totals bounded below by the edge or
    checkpoint days (one row per unit and day, whatever the traffic) — never the per-procedure daily tables nor
    the stock changes from the start of history."""
    close("closed")
    province = history[0]
    for start, end in [
        (D(2025, 9, 5), D(2026, 2, 17)),
        (D(2025, 12, 20), D(2026, 3, 9)),
        (D(2026, 1, 2), D(2026, 5, 19)),
    ]:
        with CaptureQueriesContext(connection) as queries:
            figures = period_report(unit=province, start=start, end=end, now=NOW)
        assert figures.as_dict() == reference(province, start, end)
        sqls = [q["sql"] for q in queries.captured_queries]
        assert not [sql for sql in sqls if "metrics_openstock" in sql or "metrics_dailyrollup" in sql]
        unit_days = [sql for sql in sqls if "metrics_unitdayrollup" in sql]
        assert len(unit_days) == 1, unit_days  # both edges in one read
        # Each partial half month from its nearer side: a day range bounded on both sides, at most 8 days.
        branches = unit_days[0].split(" WHERE ")[-1].split(" OR ")
        assert len(branches) == 2, branches
        for branch in branches:
            first, last = (D.fromisoformat(day) for day in re.findall(r"'(\d{4}-\d\d-\d\d)", branch))
            assert (last - first).days <= 8, branch
        assert len(sqls) <= 6


def test_unit_day_rule_keys_in_progress_changes_by_their_due_day():
    """One event's per-unit-day changes: flows on its day (received by channel), stock changes by bucket, and an
    in-progress change by its due day: before the day, on the day, or — keyed on the due day — later; a dossier
    with no due day is never overdue."""
    day = D(2026, 3, 10)
    changes = coarse.unit_day_changes(
        day=day,
        channel="post",
        counters={"received": 1, "resolved_late": 2},
        stock=[
            ("in_progress", D(2026, 3, 20), 1),
            ("in_progress", D(2026, 3, 5), -1),
            ("in_progress", day, 1),
            ("in_progress", NO_DUE, 1),
            ("waiting", NO_DUE, 1),
        ],
    )
    assert changes == {
        day: {
            "received_post": 1,
            "resolved_late": 2,
            "in_progress_delta": 2,
            "due_before_delta": -1,
            "due_on_delta": 1,
            "waiting_delta": 1,
        },
        D(2026, 3, 20): {"falling_due_delta": 1},
    }
    # Changes netting to zero on a day leave no row.
    assert coarse.unit_day_changes(day=day, channel="online", counters={}, stock=[("waiting", NO_DUE, 0)]) == {}
