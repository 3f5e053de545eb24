"""Bulk simulation before/after: two source trees run interleaved (A B A B …) on one PostgreSQL database.

    DATABASE_URL=postgres://…/db MOTCUA_DATA_DIR=… python bench/simulation_ab.py --before /tmp/main --after . \
        [--plan 1,1,2] [--start 2025-06-02 --days 14 --scale 0.5 --units 10]

The database must be migrated with the demo units, calendar and catalogue loaded (as `bench/simulation.py`
does) and both trees must share its schema. Trial i alternates the trees and simulates a fresh window of `--days`
days (`motcua simulate --bulk --seed 7 --workers W`, W from `--plan`), so every run loads new days as a province
would; nothing else may write dossiers meanwhile (the bulk path's ids). One JSON line a trial: wall seconds,
dossiers/s, CPU seconds of the simulating processes (not the database server) and CPU seconds per 1,000 dossiers
(the figure least sensitive to a shared machine), the load average before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import io, json, sys, django
django.setup()
from django.core.management import call_command
out = io.StringIO()
call_command("simulate", *sys.argv[1:], "--json", stdout=out)
s = json.loads(out.getvalue())
print("RESULT " + json.dumps({"dossiers": s["dossiers"], "events": s["events"], "seconds": s["seconds"],
                              "extra": s["extra"]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--plan", default="1,1,2", help="the workers of each before/after pair")
    parser.add_argument("--start", default="2025-06-02")
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--scale", default="0.5")
    parser.add_argument("--units", default="10")
    args = parser.parse_args()
    trees = {"before": str(Path(args.before).resolve()), "after": str(Path(args.after).resolve())}
    start = dt.date.fromisoformat(args.start)
    trials = [(tree, int(w)) for w in args.plan.split(",") for tree in ("before", "after")]
    for i, (tree, workers) in enumerate(trials):
        first = start + dt.timedelta(days=args.days * i)
        last = first + dt.timedelta(days=args.days - 1)
        env = {**os.environ, "PYTHONPATH": trees[tree], "DJANGO_SETTINGS_MODULE": "config.settings.base"}
        load = os.getloadavg()[0]
        window = ["--from", first.isoformat(), "--to", last.isoformat(), "--scale", args.scale, "--units", args.units]
        command = [sys.executable, "-c", CHILD, *window, "--seed", "7", "--bulk", "--workers", str(workers)]
        out = subprocess.run(command, cwd=trees[tree], env=env, capture_output=True, text=True, check=False)
        if out.returncode:
            print(json.dumps({"tree": tree, "failed": out.stderr[-1500:]}), flush=True)
            continue
        line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
        r = json.loads(line.removeprefix("RESULT "))
        cpu = r["extra"]["cpu_seconds"]
        row = {
            "tree": tree,
            "workers": workers,
            "window": first.isoformat(),
            "load_before": round(load, 1),
            "load_after": round(os.getloadavg()[0], 1),
            "dossiers": r["dossiers"],
            "events": r["events"],
            "seconds": r["seconds"],
            "dossiers_per_s": round(r["dossiers"] / r["seconds"], 1),
            "cpu_s": cpu,
            "cpu_s_per_1k": round(1000 * cpu / r["dossiers"], 2),
            "write": r["extra"]["write_seconds"],
            "processes": r["extra"]["processes"],
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
