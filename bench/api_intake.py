"""Dossier intake through the HTTP API under concurrent load vs a bare Django insert view, same run.

    python bench/api_intake.py [--workers 4] [--connections 8] [--seconds 15] [--engine postgresql --engine sqlite]
                               [--before DIR] [--trials N]

For each database (PostgreSQL when reachable, and SQLite): a fresh database and a real gunicorn on 127.0.0.1
(`bench/_server.py`), then `wrk` (2 threads, closed loop, `--connections` keep-alive connections) for
`--seconds` each against

- `GET /healthz` (one `SELECT 1`: what the server, WSGI and the database round trip cost),
- `POST /bench/bare-insert` (the baseline: a Django view behind the same middleware inserting one row through
  the ORM in its own transaction, one durable commit — `bench/_bare_urls.py`, served only by the bench), and
- `POST /api/v1/dossiers` with a bearer token and a new `Idempotency-Key` per request: token check, rate-limit
  counter, idempotency claim, validation, `dossier_submit` (code counter, dossier row, event, metric rollups,
  outbox), the stored response — each request one committed transaction (PostgreSQL: synchronous_commit on).

Prints throughput, p50/p90/p99 latency and errors, intake as a fraction of the bare insert view (goal ≥ 25 %),
the CPU milliseconds per request of the gunicorn workers and the database backends (sampled from /proc around
each load: less sensitive to other jobs on the machine than the rate), the load average at the start, and checks
that the number of dossiers in the database equals the number of 201 answers. Budget (DESIGN.md §7):
PostgreSQL, durable, ≥ 300 dossiers/s with p99 < 100 ms.

`--before DIR`: another checkout of the project (e.g. `git worktree add /tmp/before main`) served the same way,
trials interleaved (before, this, before, this …, `--trials` each), so a change is measured against its baseline
under the same machine load.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (
    ENGINES,
    BenchServer,
    available_engines,
    checkouts,
    interleaved_trials,
    table_row,
    wrk,
)

HEALTH = 'wrk.method = "GET"\n'
BARE = 'wrk.method = "POST"\nwrk.body = "{}"\nwrk.headers["Content-Type"] = "application/json"\n'
BENCH_DIR = str(Path(__file__).resolve().parent)

INTAKE = r"""
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args)
  token, nonce = args[1], args[4]
  body = '{"procedure_code": "' .. args[2] .. '", "receiving_unit": "' .. args[3] .. '", ' ..
         '"applicant_name": "Nguyễn Văn Bench", "applicant_phone": "0912345678", "subject": "Bench"}'
end
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/dossiers", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = nonce .. "-" .. tid .. "-" .. counter,
  }, body)
end
"""


def load(server, path: str, script: str, args: list[str], seconds: int, connections: int) -> dict:
    """One wrk run, with the CPU the server's processes spent on it per request."""
    cpu = server.cpu_seconds()
    figures = wrk(server.base + path, script=script, args=args, connections=connections, seconds=seconds)
    figures["cpu_ms"] = 1000 * (server.cpu_seconds() - cpu) / max(1, figures["requests"])
    return figures


def trial(engine: str, args, root: Path) -> dict:
    with BenchServer(
        engine, workers=args.workers, root=root, wsgi="_bare_wsgi:application", pythonpath=(BENCH_DIR,)
    ) as server:
        fx = server.fixture
        before = server.sql_count("dossiers_dossier")
        intake_args = [fx["token"], fx["procedure"], fx["unit"]]
        # warm-up: every worker's first request pays imports and connections
        wrk(server.base + "/healthz", script=HEALTH, connections=args.connections, seconds=2)
        wrk(server.base + "/bench/bare-insert", script=BARE, connections=args.connections, seconds=2)
        wrk(
            server.base + "/api/v1/dossiers",
            script=INTAKE,
            args=[*intake_args, "warm"],
            connections=args.connections,
            seconds=2,
        )
        warm = server.sql_count("dossiers_dossier") - before
        figures = {"load": os.getloadavg()[0]}
        figures["health"] = load(server, "/healthz", HEALTH, [], args.seconds, args.connections)
        figures["bare"] = load(server, "/bench/bare-insert", BARE, [], args.seconds, args.connections)
        figures["intake"] = load(
            server, "/api/v1/dossiers", INTAKE, [*intake_args, "run"], args.seconds, args.connections
        )
        figures["filed"] = server.sql_count("dossiers_dossier") - before - warm
    return figures


def report(engine: str, args, label: str, figures: dict) -> list[str]:
    intake, bare, health = figures["intake"], figures["bare"], figures["health"]
    ok = intake["requests"] - intake["errors"]
    filed = figures["filed"]
    # wrk stops counting at the deadline: requests still in flight then (at most one per connection) are written
    # but not counted
    note = "" if ok <= filed <= ok + args.connections else f" — MISMATCH: {filed} dossiers for {ok} answers"
    return [
        f"**{engine}**{label} ({args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s "
        f"each; load average {figures['load']:.1f} at the start; {filed:,} dossiers written{note})",
        "",
        "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | ratio | CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        table_row("GET /healthz", health, bare) + f" {health['cpu_ms']:.1f} |",
        table_row("POST /bench/bare-insert (baseline)", bare, None) + f" {bare['cpu_ms']:.1f} |",
        table_row("POST /api/v1/dossiers", intake, bare) + f" {intake['cpu_ms']:.1f} |",
        "",
        f"intake = {100 * intake['rate'] / bare['rate']:.0f} % of the bare insert view (goal ≥ 25 %); "
        f"CPU {intake['cpu_ms']:.1f} ms per intake vs {bare['cpu_ms']:.1f} ms per bare insert",
        "",
    ]


def budget(engine: str, intake: dict) -> str:
    return (
        f"budget ≥ 300 dossiers/s and p99 < 100 ms ({engine}): "
        f"{'met' if intake['rate'] >= 300 and intake['p99'] < 100 else 'NOT met'}"
        f" ({intake['rate']:,.0f}/s, p99 {intake['p99']:.1f} ms)"
    )


def summary_row(f: dict) -> list[str]:
    return [
        f"{f['bare']['rate']:,.0f}",
        f"{f['intake']['rate']:,.0f}",
        f"{100 * f['intake']['rate'] / f['bare']['rate']:.0f} %",
        f"{f['intake']['p99']:.1f}",
        f"{f['intake']['cpu_ms']:.1f}",
        f"{f['bare']['cpu_ms']:.1f}",
    ]


SUMMARY_COLUMNS = ["bare insert/s", "intake/s", "intake/bare", "intake p99 ms", "CPU ms/intake", "CPU ms/bare"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    parser.add_argument("--before", type=Path, help="another checkout to measure first, trials interleaved")
    parser.add_argument("--trials", type=int, default=1)
    args = parser.parse_args()
    print(
        "Intake through the API: wrk against gunicorn on loopback; baseline a bare Django view inserting one row "
        "(its own transaction) on the same server, same run.\n"
    )
    trees = checkouts(args.before)
    for engine in available_engines(args.engine or list(ENGINES)):
        results = interleaved_trials(
            engine,
            trees,
            args.trials,
            trial=lambda engine, root: trial(engine, args, root),
            report=lambda engine, label, figures: report(engine, args, label, figures),
            columns=SUMMARY_COLUMNS,
            row=summary_row,
        )
        print(budget(engine, results[trees[-1][0]][-1]["intake"]) + "\n", flush=True)


if __name__ == "__main__":
    main()
