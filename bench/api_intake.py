"""Dossier intake through the HTTP API under concurrent load vs the same server's trivial endpoint, same run.

    python bench/api_intake.py [--workers 4] [--connections 8] [--seconds 15] [--engine postgresql --engine sqlite]

For each database (PostgreSQL when reachable, and SQLite): a fresh database and a real gunicorn on 127.0.0.1
(`bench/_server.py`), then `wrk` (2 threads, closed loop, `--connections` keep-alive connections) for
`--seconds` each against

- `GET /healthz` (one `SELECT 1`: the baseline — what the server, WSGI and the database round trip cost), and
- `POST /api/v1/dossiers` with a bearer token and a new `Idempotency-Key` per request: token check, rate-limit
  counter, idempotency claim, validation, `dossier_submit` (code counter, dossier row, event, metric rollups,
  outbox), the stored response — each request one committed transaction (PostgreSQL: synchronous_commit on).

Prints throughput, p50/p90/p99 latency and errors, and checks that the number of dossiers in the database equals
the number of 201 answers. Budget (DESIGN.md §7): PostgreSQL, durable, ≥ 300 dossiers/s with p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ENGINES, BenchServer, postgres_available, table_row, wrk

HEALTH = 'wrk.method = "GET"\n'

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


def bench(engine: str, args) -> list[str]:
    with BenchServer(engine, workers=args.workers) as server:
        fx = server.fixture
        before = server.sql_count("dossiers_dossier")
        # warm-up: every worker's first request pays imports and connections
        wrk(server.base + "/healthz", script=HEALTH, connections=args.connections, seconds=2)
        wrk(
            server.base + "/api/v1/dossiers",
            script=INTAKE,
            args=[fx["token"], fx["procedure"], fx["unit"], "warm"],
            connections=args.connections,
            seconds=2,
        )
        warm = server.sql_count("dossiers_dossier") - before
        health = wrk(server.base + "/healthz", script=HEALTH, connections=args.connections, seconds=args.seconds)
        intake = wrk(
            server.base + "/api/v1/dossiers",
            script=INTAKE,
            args=[fx["token"], fx["procedure"], fx["unit"], "run"],
            connections=args.connections,
            seconds=args.seconds,
        )
        filed = server.sql_count("dossiers_dossier") - before - warm
    ok = intake["requests"] - intake["errors"]
    # wrk stops counting at the deadline: requests still in flight then (at most one per connection) are written
    # but not counted
    note = "" if ok <= filed <= ok + args.connections else f" — MISMATCH: {filed} dossiers for {ok} answers"
    return [
        f"**{engine}** ({args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s each; "
        f"{filed:,} dossiers written{note})",
        "",
        "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        table_row("GET /healthz (baseline)", health, None),
        table_row("POST /api/v1/dossiers", intake, health),
        "",
        f"budget ≥ 300 dossiers/s and p99 < 100 ms: "
        f"{'met' if intake['rate'] >= 300 and intake['p99'] < 100 else 'NOT met'}"
        f" ({intake['rate']:,.0f}/s, p99 {intake['p99']:.1f} ms)",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    args = parser.parse_args()
    engines = args.engine or list(ENGINES)
    print("Intake through the API: wrk against gunicorn on loopback, baseline the same server's /healthz.\n")
    for engine in engines:
        if engine == "postgresql" and not postgres_available():
            print("**postgresql**: skipped (not reachable)\n")
            continue
        print("\n".join(bench(engine, args)), flush=True)


if __name__ == "__main__":
    main()
