"""Simulation speed (`motcua simulate`, dossiers/s): service path, bulk path and a raw-insert baseline, same run.

    python bench/simulation.py [--days 14] [--scale 0.05] [--units 3] [--workers 2]
                               [--bulk-days 28] [--bulk-scale 0.5] [--bulk-units 10] [--engine postgresql --engine sqlite]

For each database (PostgreSQL when reachable, `motcua_bench_<pid>`, dropped after; and a temporary SQLite file):
migrate, load the demo units, working calendar and catalogue (their `load_demo`), then time

1. the service path: `motcua simulate --from 2025-03-03 --to <+days> --scale S --units U --seed 7` (every state
   change a call of the dossier services: lock, guards, clock, event, steps, notifications, rollups, outbox);
2. the bulk path on the same window (`--bulk`: the same rows, computed in memory and written with COPY /
   executemany — docs/simulation.md, "The bulk path");
3. the bulk path on a larger window (`--bulk-days`, `--bulk-scale`, `--bulk-units`), for its rate at volume, and
   the same size in `--workers` parallel processes (PostgreSQL; the window after it, so both load fresh days);
4. baseline: the rows that bulk run wrote (dossiers, steps, events, outbox, notifications, metric states) inserted
   again, as they are, into empty copies of their tables with the same COPY / executemany — the cost of the
   writes alone, with nothing computed;
5. `metrics rebuild` over the whole history afterwards (the alternative to the bulk path's in-memory rollups).

The demo budget (DESIGN.md §7, a province-year of traffic < 3 min) is projected from the bulk rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ADMIN_URL, ENGINES, ROOT, postgres_available

PROVINCE_YEAR = 1_500_000  # dossiers of a mid-sized province in a year (docs/simulation.md, scale 1.0)
SMALL_PROVINCE_YEAR = 640_000  # issue 20's goal: a 640k-dossier province-year < 3 min

CHILD = r"""
import io, json, sys, time, django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
for label in ("units", "workdays", "catalog"):
    config = apps.get_app_config(label)
    if hasattr(config, "load_demo"):
        config.load_demo(stdout=io.StringIO())
runs = json.loads(sys.argv[1])
result = {}
for name, args in runs.items():
    out = io.StringIO()
    started = time.perf_counter()
    call_command("simulate", *args, "--json", stdout=out)
    summary = json.loads(out.getvalue())
    result[name] = {"wall": time.perf_counter() - started, "dossiers": summary["dossiers"],
                    "events": summary["events"], "extra": summary["extra"]}

# Baseline: the last bulk run's rows, inserted again as they are into empty copies of their tables.
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, Notification
from motcua.metrics.models import DossierMetricState
from motcua.simulation.bulkwrite import Table
from motcua.sync.models import OutboxMessage
first = Dossier.objects.order_by("-pk").values_list("pk", flat=True)[result["bulk_large"]["dossiers"] - 1]
tables = {Dossier: "id", DossierStep: "dossier_id", DossierEvent: "dossier_id", OutboxMessage: "dossier_id",
          Notification: "dossier_id", DossierMetricState: "dossier_id"}
copies = {}
with connection.cursor() as cursor:
    for model, column in tables.items():
        table = model._meta.db_table
        listed = ", ".join(connection.ops.quote_name(f.column) for f in model._meta.concrete_fields)
        cursor.execute(f"SELECT {listed} FROM {table} WHERE {column} >= %s", [first])
        copies[model] = cursor.fetchall()
        cursor.execute(f"CREATE TABLE bench_{table} AS SELECT {listed} FROM {table} WHERE 1 = 0")
if connection.vendor == "postgresql":  # psycopg reads jsonb as Python objects; COPY needs them wrapped back
    from psycopg.types.json import Jsonb
    copies = {m: [tuple(Jsonb(v) if isinstance(v, (dict, list)) else v for v in row) for row in rows]
              for m, rows in copies.items()}
started, cpu = time.perf_counter(), time.process_time()
with transaction.atomic(), connection.cursor() as cursor:
    for model, rows in copies.items():
        table = Table(model)
        table.name = f"bench_{model._meta.db_table}"
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", rows)
result["raw"] = {"wall": time.perf_counter() - started, "rows": sum(len(rows) for rows in copies.values()),
                 "cpu": time.process_time() - cpu}

from motcua.metrics.services import rollups_rebuild
started = time.perf_counter()
counts = rollups_rebuild()
result["rebuild"] = {"wall": time.perf_counter() - started, "dossiers": counts["dossiers"]}
print("RESULT " + json.dumps(result))
"""


def window(start: dt.date, days: int, scale: float, units: int) -> list[str]:
    end = start + dt.timedelta(days=days - 1)
    args = ["--from", start.isoformat(), "--to", end.isoformat(), "--scale", str(scale), "--units", str(units)]
    return [*args, "--seed", "7"]


def run(engine: str, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-sim-"))
    dbname = f"motcua_bench_{os.getpid()}"
    env = {**os.environ, "MOTCUA_DATA_DIR": str(tmp), "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    env.pop("DATABASE_URL", None)
    admin = None
    if engine == "postgresql":
        import psycopg

        admin = psycopg.connect(ADMIN_URL, autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        admin.execute(f'CREATE DATABASE "{dbname}"')
        env["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname
    small = window(dt.date(2025, 3, 3), args.days, args.scale, args.units)
    large = (args.bulk_days, args.bulk_scale, args.bulk_units)
    runs = {
        "services": small,
        "bulk_same": [*small, "--bulk", "--workers", "1"],
        # before the serial run: the baseline below copies the last run's rows
        "bulk_parallel": [*window(dt.date(2025, 7, 7), *large), "--bulk", "--workers", str(args.workers)],
        "bulk_large": [*window(dt.date(2025, 4, 7), *large), "--bulk", "--workers", "1"],
    }
    if engine != "postgresql" or args.workers < 2:
        del runs["bulk_parallel"]
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(runs)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if out.returncode:
            raise SystemExit(f"simulation failed on {engine}:\n{out.stderr[-2000:]}")
        line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
        return json.loads(line.removeprefix("RESULT "))
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            admin.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--units", type=int, default=3)
    parser.add_argument("--bulk-days", type=int, default=28)
    parser.add_argument("--bulk-scale", type=float, default=0.5)
    parser.add_argument("--bulk-units", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    args = parser.parse_args()
    print(
        f"`motcua simulate`, seed 7: service path and bulk path on {args.days} days from 2025-03-03, scale "
        f"{args.scale}, {args.units} communes; bulk path again on {args.bulk_days} days from 2025-04-07, scale "
        f"{args.bulk_scale}, {args.bulk_units} communes, and on the {args.bulk_days} days from 2025-07-07 in "
        f"{args.workers} processes (PostgreSQL); baseline: that run's rows inserted again as they are "
        "(COPY on PostgreSQL, executemany on SQLite) into empty copies of their tables.\n"
    )
    print(
        "| database | path | dossiers | events | seconds | dossiers/s | CPU s (Python) | dossiers per CPU s "
        "| ratio to the raw insert (dossiers/s) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    projections, notes, met = [], [], True
    for engine in args.engine or list(ENGINES):
        if engine == "postgresql" and not postgres_available():
            print(f"| {engine} | skipped (not reachable) | | | | | |")
            continue
        r = run(engine, args)
        large = r["bulk_large"]
        raw_rate = large["dossiers"] / r["raw"]["wall"]
        for name, label in (
            ("services", "service path"),
            ("bulk_same", "bulk path, same window"),
            ("bulk_large", "bulk path, larger window"),
            ("bulk_parallel", f"bulk path, larger window size, {args.workers} processes"),
        ):
            if name not in r:
                continue
            row = r[name]
            rate = row["dossiers"] / row["wall"]
            cpu = row["extra"].get("cpu_seconds") or 0
            print(
                f"| {engine} | {label} | {row['dossiers']:,} | {row['events']:,} | {row['wall']:.1f} | {rate:,.0f} "
                f"| {cpu:.1f} | {row['dossiers'] / cpu if cpu else 0:,.0f} | {rate / raw_rate:.3f} |",
                flush=True,
            )
        raw = r["raw"]
        print(
            f"| {engine} | raw insert of the same rows ({raw['rows']:,} rows) | {large['dossiers']:,} | "
            f"{large['events']:,} | {raw['wall']:.1f} | {raw_rate:,.0f} | {raw['cpu']:.1f} | "
            f"{large['dossiers'] / raw['cpu'] if raw['cpu'] else 0:,.0f} | 1.000 |",
            flush=True,
        )
        best = max((r[n] for n in ("bulk_large", "bulk_parallel") if n in r), key=lambda x: x["dossiers"] / x["wall"])
        rate = best["dossiers"] / best["wall"]
        projections.append(
            f"{engine} {PROVINCE_YEAR / rate / 60:.0f} min ({SMALL_PROVINCE_YEAR:,} dossiers: "
            f"{SMALL_PROVINCE_YEAR / rate / 60:.0f} min; rows alone at the raw COPY rate: "
            f"{SMALL_PROVINCE_YEAR / raw_rate / 60:.1f} min)"
        )
        met = met and PROVINCE_YEAR / rate < 180
        write = large["extra"].get("write_seconds", {})
        notes.append(
            f"{engine}: of the larger bulk run's {large['wall']:.1f} s, writing rows took "
            f"{write.get('write_rows', 0):.1f} s, adding the in-memory rollups {write.get('write_rollups', 0):.1f} s "
            f"and the commits (foreign-key checks) {write.get('commit', 0):.1f} s; "
            f"`metrics rebuild` of the whole history afterwards ({r['rebuild']['dossiers']:,} dossiers) took "
            f"{r['rebuild']['wall']:.1f} s"
        )
    print()
    for note in notes:
        print(f"- {note}")
    print(
        f"\nbudget, demo data for a province-year (1.5 M dossiers) < 3 min: {'met' if met else 'NOT met'} "
        f"(bulk path, projected at the measured rate: {', '.join(projections)}; see docs/simulation.md)"
    )


if __name__ == "__main__":
    main()
