"""Status look-up by code at a fixed request rate vs the same server's trivial endpoint at the same rate.

    python bench/status_lookup.py [--rate 200] [--seconds 20] [--workers 4] [--engine postgresql --engine sqlite]
                                  [--before DIR] [--trials N]

For each database (PostgreSQL when reachable, and SQLite): a fresh database with 300 dossiers filed online and
a real gunicorn on 127.0.0.1 (`bench/_server.py`); then `GET /api/v1/status?code=…&phone_last4=…` (bearer token
with `status:read`, a random dossier each time) and, as the baseline, `GET /healthz` (one `SELECT 1`), each at a
fixed rate for `--seconds`.

Load generator: Debian's `wrk` is wrk 4 (closed loop, no `-R`), and wrk2 is not packaged, so the fixed rate comes
from a small open-loop generator here: request i is scheduled at t0 + i / rate, a pool of 64 threads with
keep-alive `http.client` connections sends each one at its scheduled time, and the latency is measured from the
*scheduled* time to the end of the response — a slow answer delays the requests behind it and they are counted
late (no coordinated omission), as wrk2 does. Budget (DESIGN.md §7): p99 < 20 ms at 200 req/s.

`--before DIR`: another checkout of the project (e.g. `git worktree add /tmp/before main`) served the same way,
trials interleaved (before, this, before, this …, `--trials` each), each with the load average at its start, so a
change is measured against its baseline under the same machine load (as bench/api_intake.py).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ENGINES, BenchServer, available_engines, checkouts, interleaved_trials, table_row


def fixed_rate(port: int, paths: list[str], headers: dict, *, rate: float, seconds: float, threads: int = 64) -> dict:
    """Send len(paths)-cycled GETs at `rate` per second for `seconds`; latency from each scheduled time."""
    total = int(rate * seconds)
    counter = itertools.count()
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, bad = [], 0
        while (i := next(counter)) < total:
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                conn.request("GET", paths[i % len(paths)], headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - scheduled)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "rate": len(latencies) / elapsed,
        "p50": cuts[49] * 1000,
        "p90": cuts[89] * 1000,
        "p99": cuts[98] * 1000,
        "max": max(latencies) * 1000,
        "errors": errors[0],
    }


def trial(engine: str, args, root: Path) -> dict:
    with BenchServer(engine, workers=args.workers, lookups=300, root=root) as server:
        fx = server.fixture
        rng = random.Random(7)
        lookups = [rng.choice(fx["lookups"]) for _ in range(5000)]
        status_paths = [f"/api/v1/status?code={quote(code)}&phone_last4={digits}" for code, digits in lookups]
        auth = {"Authorization": "Bearer " + fx["token"]}
        fixed_rate(server.port, status_paths, auth, rate=args.rate, seconds=2)  # warm-up (imports, connections)
        figures = {"load": os.getloadavg()[0]}
        for name, paths, headers in (("health", ["/healthz"], {}), ("status", status_paths, auth)):
            cpu = server.cpu_seconds()
            figures[name] = fixed_rate(server.port, paths, headers, rate=args.rate, seconds=args.seconds)
            # the workers' CPU per request: less sensitive to other jobs on the machine than the latencies
            figures[name]["cpu_ms"] = 1000 * (server.cpu_seconds() - cpu) / max(1, figures[name]["requests"])
    return figures


def report(engine: str, args, label: str, figures: dict) -> list[str]:
    health, status = figures["health"], figures["status"]
    return [
        f"**{engine}**{label} ({args.workers} gunicorn workers, {args.rate:g} req/s for {args.seconds} s each, "
        f"open-loop generator, latency from the scheduled time; load average {figures['load']:.1f} at the start)",
        "",
        "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | p99 ratio | CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        table_row("GET /healthz (baseline)", health, None, ratio_of="p99") + f" {health['cpu_ms']:.1f} |",
        table_row("GET /api/v1/status?code=…", status, health, ratio_of="p99") + f" {status['cpu_ms']:.1f} |",
        "",
        f"budget p99 < 20 ms at 200 req/s: {'met' if status['p99'] < 20 and args.rate >= 200 else 'NOT met'}"
        f" (p99 {status['p99']:.1f} ms at {status['rate']:,.0f} req/s)",
        "",
    ]


SUMMARY_COLUMNS = ["/healthz p99 ms", "status req/s", "status p50 ms", "status p99 ms", "CPU ms/status"]


def summary_row(f: dict) -> list[str]:
    return [
        f"{f['health']['p99']:.1f}",
        f"{f['status']['rate']:,.0f}",
        f"{f['status']['p50']:.1f}",
        f"{f['status']['p99']:.1f}",
        f"{f['status']['cpu_ms']:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    parser.add_argument("--before", type=Path, help="another checkout to measure first, trials interleaved")
    parser.add_argument("--trials", type=int, default=1)
    args = parser.parse_args()
    print("Status look-up at a fixed rate: gunicorn on loopback, baseline the same server's /healthz.\n")
    trees = checkouts(args.before)
    for engine in available_engines(args.engine or list(ENGINES)):
        interleaved_trials(
            engine,
            trees,
            args.trials,
            trial=lambda engine, root: trial(engine, args, root),
            report=lambda engine, label, figures: report(engine, args, label, figures),
            columns=SUMMARY_COLUMNS,
            row=summary_row,
        )


if __name__ == "__main__":
    main()
