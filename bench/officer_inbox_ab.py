"""Before/after CPU per inbox page at two unit sizes, interleaved, in-process (no HTTP, no wrk).

    python bench/officer_inbox_ab.py --before-tree DIR --db before:1000=URL --db after:1000=URL \
                                     --db before:50000=URL --db after:50000=URL [--requests 8] [--rounds 2]

DIR is a checkout of the baseline (e.g. `git archive main | tar -x -C DIR`); the databases hold the same data
(filled once with bench/officer_inbox.py's FIXTURE, one copy migrated by the baseline, one by this tree). For each
round, each (variant, size) runs in a fresh process: N requests of each inbox page through Django's test client,
measuring the Python process's CPU and the PostgreSQL backend's CPU (/proc/<backend pid>/stat; PostgreSQL on this
machine) and wall time; rounds alternate the order. Prints the median CPU ms per page and the 50k/1k ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
# One measurement process: N requests of each inbox page through Django's test client (in-process, no HTTP),
# reporting per page the mean Python CPU ms, PostgreSQL backend CPU ms (/proc of the backend) and wall ms.
import json, os, sys, time
import django
django.setup()
from urllib.parse import quote_plus
from django.db import connection
from django.test import Client
from motcua.accounts.models import Membership

N = int(sys.argv[1])
roles = {}
for m in Membership.objects.select_related("user"):
    roles.setdefault(m.role, m.user)
counter, specialist = roles["counter_officer"], roles["specialist"]
pages = [("counter, default tab", counter, "/can-bo/"), ("specialist, default tab", specialist, "/can-bo/"),
         ("all, page 1", counter, "/can-bo/?tab=all"), ("all, pages 1-20", counter, None),
         ("search a name", counter, "/can-bo/?q=" + quote_plus("Lê Văn Cường")),
         ("overdue", counter, "/can-bo/?tab=overdue")]
with connection.cursor() as c:
    c.execute("SELECT pg_backend_pid()"); backend = c.fetchone()[0]
tick = os.sysconf("SC_CLK_TCK")
def backend_cpu():
    f = open(f"/proc/{backend}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
out = {}
for label, user, path in pages:
    c = Client(); c.force_login(user)
    paths = [path] if path else [f"/can-bo/?tab=all&page={p}" for p in range(1, 21)]
    for p in paths[:3]:
        assert c.get(p).status_code == 200
    b0, p0, w0 = backend_cpu(), time.process_time(), time.perf_counter()
    for k in range(N):
        r = c.get(paths[k % len(paths)]); assert r.status_code == 200
    out[label] = {"py": (time.process_time() - p0) / N * 1000, "pg": (backend_cpu() - b0) / N * 1000,
                  "wall": (time.perf_counter() - w0) / N * 1000}
print("AB " + json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-tree", required=True)
    parser.add_argument("--db", action="append", required=True, help="variant:size=URL (four of them)")
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    trees = {"before": args.before_tree, "after": str(ROOT)}
    dbs = {}
    for spec in args.db:
        key, url = spec.split("=", 1)
        variant, size = key.split(":")
        dbs[variant, int(size)] = url
    sizes = sorted({size for _, size in dbs})
    N, ROUNDS = args.requests, args.rounds
    res: dict = {}
    load = [os.getloadavg()[0]]
    for r in range(ROUNDS):
        order = [(v, n) for n in sizes for v in ("before", "after")]
        if r % 2:
            order = order[::-1]
        for variant, n in order:
            env = {
                **os.environ,
                "DATABASE_URL": dbs[variant, n],
                "DJANGO_SETTINGS_MODULE": "config.settings.base",
                "MOTCUA_ALLOWED_HOSTS": "testserver",
                "PYTHONPATH": trees[variant],
            }
            out = subprocess.run(
                [sys.executable, "-W", "ignore", "-c", CHILD, str(N)],
                cwd=trees[variant],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            line = next(line for line in out.splitlines() if line.startswith("AB "))
            for page, fig in json.loads(line[3:]).items():
                res.setdefault((variant, n, page), []).append(fig)
            load.append(os.getloadavg()[0])
    small, large = min(sizes), max(sizes)
    pages = list(dict.fromkeys(key[2] for key in res))
    med = statistics.median
    print(
        f"{ROUNDS} rounds x {N} requests per page, interleaved; load average (1 min) {min(load):.1f}-{max(load):.1f}\n"
    )
    print(f"| page | before {small:,} CPU ms | before {large:,} | ratio | after {small:,} | after {large:,} | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for p in pages:
        cells = []
        for v in ("before", "after"):
            a = med([f["py"] + f["pg"] for f in res[v, small, p]])
            b = med([f["py"] + f["pg"] for f in res[v, large, p]])
            cells += [f"{a:.1f}", f"{b:.1f}", f"{b / a:.2f}"]
        print(f"| {p} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
