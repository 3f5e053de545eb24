"""Profile the officer inbox (GET /can-bo/, the counter officer's default tab) in-process, and compare checkouts.

    python bench/profile_inbox.py [--size 1000] [--n 200] [--top 40] [--sort cumulative|tottime] [--sql]
    python bench/profile_inbox.py --compare DIR [--rounds 3] [--n 200]    # CPU per page, DIR vs this checkout
    (--keep NAME fills a database of that name and keeps it; --database NAME reuses it: no fixture, no drop)

Not part of `make bench` (it prints a profile or a before/after, not a budget figure). One fresh PostgreSQL
database filled as `bench/officer_inbox.py` fills it (`--size` dossiers in the unit, the newest 1,000 open, the
older ones delivered history; VACUUM ANALYZE), served by nobody: each measurement is a fresh process running
`config.settings.production` (DEBUG off, cached template loader) that signs the counter officer in with Django's
test client and fetches the page N times, without the socket. It prints the SQL statements of one page, the CPU
per page of the Python process and of its PostgreSQL backend (/proc, 10 ms ticks: read N ≥ 100), `/healthz` in
the same process as the baseline, and the top functions under cProfile.

`--compare DIR`: DIR is another checkout (e.g. `git worktree add /tmp/main main`, or `git archive main | tar -x`)
whose migrations match this one's (the same database serves both). Rounds alternate DIR and this checkout, the
order reversed every other round, each a fresh process; prints every round's CPU per page with the load average,
and the medians. In-process CPU is the figure least moved by other load on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ROOT
from officer_inbox import InboxServer

CHILD = r"""
import cProfile, io, json, os, pstats, sys, time, django
django.setup()
from django.db import connection
from django.test import Client
from motcua.accounts.models import Membership
n, top, sort, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
counter = Membership.objects.select_related("user").filter(role="counter_officer").first().user
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(counter)
with connection.cursor() as c:
    c.execute("SELECT pg_backend_pid()")
    backend = c.fetchone()[0]
tick = os.sysconf("SC_CLK_TCK")
def backend_cpu():
    f = open(f"/proc/{backend}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def page(path="/can-bo/"):
    r = client.get(path)
    assert r.status_code == 200 and b'name="q"' in r.content, r.status_code
    return r
for _ in range(10):
    page(); client.get("/healthz")
def measure(path):
    b0, p0, w0 = backend_cpu(), time.process_time(), time.perf_counter()
    for _ in range(n):
        r = client.get(path); assert r.status_code == 200
    return {"py": (time.process_time() - p0) / n * 1000, "pg": (backend_cpu() - b0) / n * 1000,
            "wall": (time.perf_counter() - w0) / n * 1000}
statements = []
def record(execute, sql, params, many, context):
    statements.append(sql)
    return execute(sql, params, many, context)
with connection.execute_wrapper(record):
    body = page().content
out = {"queries": len(statements), "bytes": len(body), "inbox": measure("/can-bo/"),
       "healthz": measure("/healthz")}
if mode == "profile":
    print(f"statements per page: {len(statements)}; page {len(body):,} bytes")
    if "--sql" in sys.argv:
        for sql in statements:
            print("   ", sql[:300])
    for key in ("inbox", "healthz"):
        f = out[key]
        print(f"{key}: {f['py']:.2f} ms Python CPU + {f['pg']:.2f} ms PostgreSQL CPU = {f['py'] + f['pg']:.2f} ms; "
              f"wall {f['wall']:.2f} ms (no profiler, {n} requests)")
    profile = cProfile.Profile(time.process_time)  # CPU time: waits on PostgreSQL and other load left out
    profile.enable()
    for _ in range(n):
        page()
    profile.disable()
    if os.environ.get("PROFILE_DUMP"):
        profile.dump_stats(os.environ["PROFILE_DUMP"])  # for pstats / snakeviz
    stream = io.StringIO()
    pstats.Stats(profile, stream=stream).sort_stats(sort).print_stats(top)
    print(stream.getvalue())
else:
    print("AB " + json.dumps(out))
"""


def child(server: InboxServer, tree: Path, n: int, top: int, sort: str, mode: str, sql: bool) -> str:
    command = [sys.executable, "-W", "ignore", "-c", CHILD, str(n), str(top), sort, mode]
    if sql:
        command.append("--sql")
    env = {**server.env, "PYTHONPATH": str(tree), "MOTCUA_LOG_LEVEL": "WARNING"}
    return subprocess.run(command, cwd=tree, env=env, capture_output=mode != "profile", text=True, check=True).stdout


def _keep_database(admin, *, reuse: bool):
    """The server's admin statements, less the DROP DATABASE (kept for the next run) and, when reusing it, the
    CREATE DATABASE."""

    def run(sql: str) -> None:
        if sql.startswith("DROP DATABASE") or (reuse and sql.startswith("CREATE DATABASE")):
            return
        admin(sql)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="dossiers in the unit")
    parser.add_argument("--n", type=int, default=200, help="requests per measurement")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true", help="print the statements of one page")
    parser.add_argument("--compare", metavar="DIR", help="another checkout: before/after CPU per page")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--database", metavar="NAME", help="reuse this database (filled by an earlier --keep run) and keep it"
    )
    parser.add_argument("--keep", metavar="NAME", help="fill the database under this name and keep it")
    args = parser.parse_args()

    server = InboxServer("postgresql", dossiers=args.size, workers=1, made_by_services=300, open_caseload=1000)
    server._start = lambda: None  # the database and fixture only: no gunicorn
    name = args.database or args.keep
    if name:
        server.dbname = name
        server.env["DATABASE_URL"] = server.env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        server._admin = _keep_database(server._admin, reuse=bool(args.database))
        if args.database:
            server.fixture_script = "print('FIXTURE {}')"
    with server:
        if not args.compare:
            child(server, ROOT, args.n, args.top, args.sort, "profile", args.sql)
            return
        trees = {"before": Path(args.compare).resolve(), "after": ROOT}
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        print(f"{args.size:,} dossiers in the unit, {args.n} requests per measurement, before = {trees['before']}\n")
        print(
            "| round | code | load avg | statements | page bytes | Python CPU ms | PostgreSQL CPU ms | CPU ms/page "
            "| /healthz CPU ms | wall ms |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in range(args.rounds):
            order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
            for variant in order:
                load = os.getloadavg()[0]
                out = child(server, trees[variant], args.n, 0, "cumulative", "ab", False)
                fig = json.loads(next(line for line in out.splitlines() if line.startswith("AB "))[3:])
                runs[variant].append(fig)
                i, h = fig["inbox"], fig["healthz"]
                print(
                    f"| {r + 1} | {variant} | {load:.1f} | {fig['queries']} | {fig['bytes']:,} | {i['py']:.1f} "
                    f"| {i['pg']:.1f} | {i['py'] + i['pg']:.1f} | {h['py'] + h['pg']:.1f} | {i['wall']:.1f} |",
                    flush=True,
                )
        med = statistics.median
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}\n")
        print("| code | median CPU ms/page | median Python | median PostgreSQL | median /healthz |")
        print("|---|---:|---:|---:|---:|")
        for variant in ("before", "after"):
            figs = runs[variant]
            print(
                f"| {variant} | {med(f['inbox']['py'] + f['inbox']['pg'] for f in figs):.1f} "
                f"| {med(f['inbox']['py'] for f in figs):.1f} | {med(f['inbox']['pg'] for f in figs):.1f} "
                f"| {med(f['healthz']['py'] + f['healthz']['pg'] for f in figs):.1f} |"
            )


if __name__ == "__main__":
    main()
