"""Simulation speed (`motcua simulate`, dossiers/s) vs bare writes of the same events, same run, per database.

    python bench/simulation.py [--days 14] [--scale 0.05] [--units 3] [--engine postgresql --engine sqlite]

For each database (PostgreSQL when reachable, `motcua_bench_<pid>`, dropped after; and a temporary SQLite file):
migrate, load the demo units, working calendar and catalogue (their `load_demo`), then time
`motcua simulate --from 2025-03-03 --to <+days> --scale S --units U --seed 7 --json` (every state change a call of
the dossier services: lock, guards, clock, event, steps, notifications, metric rollups, outbox).

Baseline, in the same database right after: the same number of events written bare — per event one
`UPDATE` of a dossier row and one `INSERT` of an event row with the raw cursor, in one transaction per 50 events
(the simulator commits once per simulated day) — reported as dossiers/s at the simulation's events per dossier.
The demo budget (DESIGN.md §7, a province-year of traffic < 3 min) is projected from the measured rate.
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

CHILD = r"""
import io, json, sys, time, django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
call_command("migrate", verbosity=0)
for label in ("units", "workdays", "catalog"):
    config = apps.get_app_config(label)
    if hasattr(config, "load_demo"):
        config.load_demo(stdout=io.StringIO())
out = io.StringIO()
started = time.perf_counter()
call_command("simulate", *sys.argv[1:], "--json", stdout=out)
wall = time.perf_counter() - started
summary = json.loads(out.getvalue())
from motcua.dossiers.models import Dossier, DossierEvent
ids = list(Dossier.objects.values_list("pk", flat=True)[:200])
events = summary["events"]
table_d, table_e = Dossier._meta.db_table, DossierEvent._meta.db_table
started = time.perf_counter()
done = 0
while done < events:
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(min(50, events - done)):
            pk = ids[done % len(ids)]
            cursor.execute(f"UPDATE {table_d} SET version = version + 1, updated_at = %s WHERE id = %s",
                           [timezone.now(), pk])
            cursor.execute(
                f"INSERT INTO {table_e} (dossier_id, seq, action, from_status, to_status, reason, data, created_at,"
                " prev_hash, hash) VALUES (%s, (SELECT version FROM " + table_d + " WHERE id = %s), 'bench', '', '',"
                " '', '{}', %s, '', '')", [pk, pk, timezone.now()])
            done += 1
bare = time.perf_counter() - started
print("RESULT " + json.dumps({"dossiers": summary["dossiers"], "events": events, "wall": wall, "bare": bare}))
"""


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
    start = dt.date(2025, 3, 3)
    end = start + dt.timedelta(days=args.days - 1)
    command = [sys.executable, "-c", CHILD, "--from", start.isoformat(), "--to", end.isoformat()]
    command += ["--scale", str(args.scale), "--units", str(args.units), "--seed", "7"]
    try:
        out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
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
    parser.add_argument("--engine", action="append", choices=ENGINES)
    args = parser.parse_args()
    print(
        f"`motcua simulate`, {args.days} days from 2025-03-03, scale {args.scale}, {args.units} communes, seed 7; "
        "baseline: the same number of events as bare UPDATE + INSERT.\n"
    )
    print("| database | dossiers | events | seconds | dossiers/s | bare writes, dossiers/s | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    projections = []
    for engine in args.engine or list(ENGINES):
        if engine == "postgresql" and not postgres_available():
            print(f"| {engine} | skipped (not reachable) | | | | | |")
            continue
        r = run(engine, args)
        rate = r["dossiers"] / r["wall"]
        bare_rate = r["dossiers"] / r["bare"]
        print(
            f"| {engine} | {r['dossiers']:,} | {r['events']:,} | {r['wall']:.1f} | {rate:.1f} | {bare_rate:,.0f} "
            f"| {rate / bare_rate:.3f} |",
            flush=True,
        )
        projections.append(f"{engine} {PROVINCE_YEAR / rate / 3600:.0f} h")
    print(
        "\nbudget, demo data for a province-year (1.5 M dossiers) < 3 min: NOT met on the service path "
        f"(projected at the measured rate: {', '.join(projections)}; see docs/simulation.md)"
    )


if __name__ == "__main__":
    main()
