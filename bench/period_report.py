"""Period report from the rollups vs the same report from a raw dossier table of the same traffic, same run.

    python bench/period_report.py [DOSSIERS] [UNITS]                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench python bench/period_report.py 300000 3400

Creates a throw-away test database, a province with UNITS communes/agencies below it and 40 procedures,
then DOSSIERS synthetic dossiers over 2025 (received day, channel, due day, end day and how they ended; about
one in twelve still open at the end of the year, one in seven late). From the same dossiers it writes the
rollup rows (`DailyRollup`, `OpenStock`, `MonthlyRollup`, exactly as the event hook would sum them; then the
month-end checkpoints with `checkpoints_close`) and a raw table `bench_raw_dossier` with one row per dossier,
exported to Parquet for DuckDB, and checks all give identical figures. Then it times the province-year,
province-quarter, ND 09/2019 windows (15th → 14th), arbitrary windows (partial half months at both ends) and
one-commune reports four ways (median of 5): `period_report` (half-monthly rollups and checkpoints, the partial
half months and the stock changes since the last checkpoint from the daily tables), the same report from the daily tables only, SQL over the raw table, DuckDB scanning the Parquet file.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

YEAR_START = dt.date(2025, 1, 1)
NO_DUE = dt.date(9999, 12, 31)


def main(n: int, units: int) -> None:
    from django.conf import settings
    from django.test.utils import get_runner

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(n, units)
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


def make_units(count: int):
    from motcua.units.choices import UnitKind
    from motcua.units.models import Unit

    province = Unit(code="P99", name="Tỉnh Bench", kind=UnitKind.PROVINCE)
    province.save()
    rows = []
    for i in range(count):
        unit = Unit(code=f"B{i:05d}", name=f"Xã Bench {i}", kind=UnitKind.COMMUNE, parent=province)
        unit.refresh_derived_fields()
        rows.append(unit)
    Unit.objects.bulk_create(rows, batch_size=2000)
    return province, list(Unit.objects.filter(parent=province).values_list("pk", flat=True))


def make_dossiers(n: int, unit_ids: list[int], procedures: list[tuple[int, int]]):
    rng = random.Random(2025)
    for _ in range(n):
        unit = rng.choice(unit_ids)
        procedure, field = rng.choice(procedures)
        channel = rng.choices(["online", "counter", "post"], weights=[5, 4, 1])[0]
        received = YEAR_START + dt.timedelta(days=rng.randrange(365))
        due = received + dt.timedelta(days=rng.choice([3, 7, 10, 14, 21]))
        roll = rng.random()
        if roll < 0.08:
            end, ending, outcome = None, "", ""
        else:
            ending = rng.choices(["resolved", "refused", "stopped", "withdrawn"], weights=[90, 4, 3, 3])[0]
            late = rng.random() < 0.14
            end = (
                due + dt.timedelta(days=rng.randrange(1, 20))
                if late
                else received + dt.timedelta(days=rng.randrange(0, (due - received).days + 1))
            )
            outcome = "" if ending != "resolved" else ("late" if late else ("on_time" if end == due else "early"))
        yield unit, procedure, field, channel, received, due, end, ending, outcome


def run(n: int, unit_count: int) -> None:
    from motcua.catalog.models import Procedure
    from motcua.dossiers.tests.factories import ProcedureFactory
    from motcua.metrics import coarse
    from motcua.metrics.models import DailyRollup, MonthlyRollup, OpenStock
    from motcua.metrics.selectors import _daily_report, period_report

    started = time.perf_counter()
    province, unit_ids = make_units(unit_count)
    for i in range(40):
        ProcedureFactory(setup=[], field__name=f"Lĩnh vực {i % 12}")
    procedures = list(Procedure.objects.values_list("pk", "field_id"))
    flows: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    stock: dict[tuple, int] = defaultdict(int)
    raw = []
    for unit, procedure, field, channel, received, due, end, ending, outcome in make_dossiers(n, unit_ids, procedures):
        dims = (unit, procedure, field, channel)
        flows[(*dims, received)]["received"] += 1
        stock[(*dims, received, "in_progress", due)] += 1
        if end is not None:
            flows[(*dims, end)][f"resolved_{outcome}" if ending == "resolved" else ending] += 1
            stock[(*dims, end, "in_progress", due)] -= 1
        raw.append((unit, procedure, field, channel, received, due, end, ending, outcome))
    flow_rows = [
        DailyRollup(unit_id=u, procedure_id=p, field_id=f, channel=c, day=d, **counts)
        for (u, p, f, c, d), counts in flows.items()
    ]
    stock_rows = [
        OpenStock(unit_id=u, procedure_id=p, field_id=f, channel=c, day=d, bucket=b, due_day=due, delta=delta)
        for (u, p, f, c, d, b, due), delta in stock.items()
        if delta
    ]
    monthly_rows = coarse.monthly_rows_from_daily(flows)
    with transaction.atomic():
        DailyRollup.objects.bulk_create(flow_rows, batch_size=5000)
        MonthlyRollup.objects.bulk_create(monthly_rows, batch_size=5000)
        OpenStock.objects.bulk_create(stock_rows, batch_size=5000)
        closed = coarse.checkpoints_close(through=dt.date(2025, 12, 31))
        create_raw_table(raw)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    duck = duckdb_setup(raw)
    print(
        f"{connection.vendor}: {n:,} dossiers, {unit_count:,} units; rollup rows: {len(flow_rows):,} daily + "
        f"{len(stock_rows):,} stock; {len(monthly_rows):,} half-monthly + {len(closed)} checkpoints "
        f"(setup {time.perf_counter() - started:.0f} s)"
    )

    one = province.__class__.objects.get(pk=unit_ids[0])
    print(f"load average before the timings: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'report':<30}{'coarse ms':>11}{'daily ms':>10}{'raw SQL ms':>12}{'DuckDB ms':>11}")
    medians = {}
    for label, unit, start, end in [
        ("province, year 2025", province, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("province, Q3 2025", province, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        # Arbitrary windows: partial half months at both ends (issue 15 item 2)
        ("province, 5/3-17/8", province, dt.date(2025, 3, 5), dt.date(2025, 8, 17)),
        ("province, 20/12/24-9/12/25", province, dt.date(2024, 12, 20), dt.date(2025, 12, 9)),
        ("province, 3/7-27/9", province, dt.date(2025, 7, 3), dt.date(2025, 9, 27)),
        # ND 09/2019 art 12 reporting windows (15th → 14th): whole half months
        ("province, ND09 year 2025", province, dt.date(2024, 12, 15), dt.date(2025, 12, 14)),
        ("province, ND09 Q3 2025", province, dt.date(2025, 6, 15), dt.date(2025, 9, 14)),
        ("province, ND09 2025-03", province, dt.date(2025, 2, 15), dt.date(2025, 3, 14)),
        ("one commune, year", one, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]:
        scope = {"unit": unit, "field": None, "procedure": None, "include_descendants": True}
        fast = period_report(unit=unit, start=start, end=end)
        if fast.as_dict() != _daily_report(scope, start, end).as_dict():
            raise SystemExit(f"MISMATCH coarse vs daily for {label}")
        check(fast, raw_report(unit, start, end))
        check(fast, duckdb_report(duck, unit, start, end))
        t_fast = timed(lambda u=unit, s=start, e=end: period_report(unit=u, start=s, end=e))
        t_daily = timed(lambda sc=scope, s=start, e=end: _daily_report(sc, s, e))
        t_raw = timed(lambda u=unit, s=start, e=end: raw_report(u, s, e))
        t_duck = timed(lambda u=unit, s=start, e=end: duckdb_report(duck, u, s, e))
        medians[label] = t_fast
        print(f"{label:<30}{t_fast:>11.1f}{t_daily:>10.1f}{t_raw:>12.1f}{t_duck:>11.1f}")
    year = medians["province, year 2025"]
    worst = max(medians[label] for label in medians if label.startswith("province"))
    print(f"slowest province window / calendar year: {worst / year:.2f}x")
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def duckdb_setup(raw):
    """Write the raw dossiers and the unit paths to Parquet files (via CSV) for DuckDB to scan."""
    import csv
    import tempfile

    import duckdb

    from motcua.units.models import Unit

    folder = Path(tempfile.mkdtemp(prefix="bench_duck_"))
    with open(folder / "raw.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "unit_id",
                "procedure_id",
                "field_id",
                "channel",
                "received_day",
                "due_day",
                "end_day",
                "ending",
                "outcome",
            ]
        )
        writer.writerows(raw)
    with open(folder / "units.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "path"])
        writer.writerows(Unit.objects.values_list("pk", "path"))
    con = duckdb.connect()
    for name in ("raw", "units"):
        con.execute(
            f"COPY (SELECT * FROM read_csv_auto('{folder / name}.csv')) TO '{folder / name}.parquet' (FORMAT PARQUET)"
        )
    return con, folder


def duckdb_report(duck, unit, start, end) -> tuple:
    con, folder = duck
    sql = RAW_SQL.replace("%(s)s", "$s").replace("%(e)s", "$e").replace("%(prefix)s", "$prefix")
    sql = sql.replace("bench_raw_dossier d", f"read_parquet('{folder / 'raw.parquet'}') d")
    sql = sql.replace("units_unit u", f"read_parquet('{folder / 'units.parquet'}') u")
    row = con.execute(sql, {"s": start, "e": end, "prefix": unit.path + "%"}).fetchone()
    return tuple(int(v) for v in row)


def create_raw_table(rows) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_raw_dossier (unit_id integer, procedure_id integer, field_id integer, "
            "channel varchar(16), received_day date, due_day date, end_day date, ending varchar(16), "
            "outcome varchar(16))"
        )
        adapt = connection.ops.adapt_datefield_value
        cursor.executemany(
            "INSERT INTO bench_raw_dossier VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(u, p, f, c, adapt(r), adapt(d), adapt(e), en, o) for u, p, f, c, r, d, e, en, o in rows],
        )
        cursor.execute("CREATE INDEX bench_raw_unit_received ON bench_raw_dossier (unit_id, received_day)")


RAW_SQL = """
SELECT
  COALESCE(SUM(CASE WHEN received_day < %(s)s AND (end_day IS NULL OR end_day >= %(s)s) THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN received_day BETWEEN %(s)s AND %(e)s AND channel = 'online' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN received_day BETWEEN %(s)s AND %(e)s AND channel = 'counter' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN received_day BETWEEN %(s)s AND %(e)s AND channel = 'post' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN end_day BETWEEN %(s)s AND %(e)s AND outcome = 'early' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN end_day BETWEEN %(s)s AND %(e)s AND outcome = 'on_time' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN end_day BETWEEN %(s)s AND %(e)s AND outcome = 'late' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN end_day BETWEEN %(s)s AND %(e)s AND ending = 'refused' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN end_day BETWEEN %(s)s AND %(e)s AND ending = 'stopped' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN end_day BETWEEN %(s)s AND %(e)s AND ending = 'withdrawn' THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN received_day <= %(e)s AND (end_day IS NULL OR end_day > %(e)s) THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN received_day <= %(e)s AND (end_day IS NULL OR end_day > %(e)s) AND due_day <= %(e)s
                    THEN 1 ELSE 0 END), 0)
FROM bench_raw_dossier d JOIN units_unit u ON u.id = d.unit_id
WHERE u.path LIKE %(prefix)s
"""


def raw_report(unit, start, end) -> tuple:
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, {"s": adapt(start), "e": adapt(end), "prefix": unit.path + "%"})
        return tuple(int(v) for v in cursor.fetchone())


def check(fast, slow) -> None:
    mine = (
        fast.carried_over,
        fast.received["online"],
        fast.received["counter"],
        fast.received["post"],
        fast.resolved["early"],
        fast.resolved["on_time"],
        fast.resolved["late"],
        fast.refused,
        fast.stopped,
        fast.withdrawn,
        fast.in_progress["total"],
        fast.in_progress["overdue"],
    )
    if mine != slow:
        raise SystemExit(f"MISMATCH rollups {mine} vs raw {slow}")
    if not fast.reconciles():
        raise SystemExit("rollup figures do not reconcile")


def timed(function, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000, int(sys.argv[2]) if len(sys.argv) > 2 else 3400)
