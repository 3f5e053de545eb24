"""The officer inbox at a fixed arrival rate (open loop), 1k and 50k dossiers in the unit, PostgreSQL: the budget.

    python bench/officer_inbox_p99.py [--rate 50] [--seconds 30] [--sizes 1000,50000] [--workers 4]
                                      [--connections 16] [--specialist]

DESIGN.md §7 and issue 20: the officer inbox page answers with p99 < 150 ms at 50 req/s with 50,000 dossiers in
the unit, and its cost at 50k is at most 1.3 × its cost at 1k. bench/officer_inbox.py measures the closed-loop
throughput (wrk) and its ratios, never a p99 at a fixed rate; this is that measurement.

For each size: the same fixture as bench/officer_inbox.py (a fresh PostgreSQL database, one one-stop centre with
that many dossiers — the newest 1,000 open, the older ones delivered history — VACUUM ANALYZE, two officers
signed in through Django's session store) served by a real gunicorn on 127.0.0.1 (`bench/_server.py`,
production settings). Then, each for `--seconds` at `--rate` requests per second after a 2 s warm-up:

- `GET /healthz` (one `SELECT 1`): the baseline, same server, same rate, same run;
- `GET /can-bo/` as the counter officer (tab counts + the first page of the first non-empty queue), the page an
  officer opens every morning — the page of the budget;
- with `--specialist`, `GET /can-bo/` as the department's specialist.

The load is open loop (`bench/_openloop.py`): request i is due at t0 + i / rate whatever the answers do, from
`--connections` keep-alive connections; latency runs from the *scheduled* time to the end of the answer, so a
queue shows in the figures (corrected for coordinated omission); the service-only p99 (from the actual send) is
printed beside it. CPU ms per request is the CPU the gunicorn workers and this database's PostgreSQL backends used
during the run over the answers (/proc): cores busy = rate × CPU per request. The cost ratio is the inbox's CPU per
request at the largest size over the smallest. Prints one table per size, the ratios, and the budget line with,
when it is not met, what bounds it. The load average is printed before and after each size: on a shared machine
the latencies next to a high one are pessimistic, the CPU per request much less so.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _openloop
from _server import postgres_available
from officer_inbox import InboxServer, signed_in_page

BASE = "GET /healthz (baseline)"
INBOX = "GET /can-bo/ (counter officer, default tab)"


def measured_run(server: InboxServer, paths: list[str], headers: dict, args) -> dict:
    """One open-loop run with the CPU per answer of the server's processes beside its latencies."""
    before = server.cpu_seconds()
    figures = _openloop.run(
        server.port, paths, headers, rate=args.rate, seconds=args.seconds, connections=args.connections
    )
    figures["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / figures["requests"]
    return figures


def row(label: str, f: dict, base: dict | None) -> str:
    ratio = f"{f['p99'] / base['p99']:.2f}" if base else "1.00"
    return (
        f"| {label} | {f['requests']:,} | {f['rate']:.1f} | {f['p50']:.1f} | {f['p90']:.1f} | {f['p99']:.1f} "
        f"| {f['max']:.0f} | {f['errors']} | {ratio} | {f['service_p99']:.1f} | {f['lag_max']:.0f} | {f['cpu_ms']:.1f} |"
    )


def bench(size: int, args) -> tuple[list[str], dict[str, dict], tuple[float, float]]:
    with InboxServer(
        "postgresql", dossiers=size, workers=args.workers, made_by_services=300, open_caseload=1000
    ) as server:
        cookies = server.fixture["cookies"]
        runs = [(INBOX, cookies["counter"])]
        if args.specialist:
            runs.append(("GET /can-bo/ (department specialist)", cookies["specialist"]))
        for _, cookie in runs:
            signed_in_page(server.base, "/can-bo/", cookie)  # a redirect (expired session) stops the run
        warm = argparse.Namespace(**{**vars(args), "seconds": 2})
        measured_run(server, ["/healthz"], {}, warm)
        for _, cookie in runs:
            measured_run(server, ["/can-bo/"], {"Cookie": cookie}, warm)
        load_before = _openloop.loadavg()
        results = {BASE: measured_run(server, ["/healthz"], {}, args)}
        for label, cookie in runs:
            results[label] = measured_run(server, ["/can-bo/"], {"Cookie": cookie}, args)
        load_after = _openloop.loadavg()
    base = results[BASE]
    lines = [
        f"**postgresql** ({size:,} dossiers in the unit, {args.workers} gunicorn workers, {args.rate:g} req/s for "
        f"{args.seconds:g} s each, {args.connections} connections, open loop; load average {load_before:.1f} "
        f"before, {load_after:.1f} after)",
        "",
        "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | p99 ratio "
        "| p99 service-only ms | latest send ms | CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        row(BASE, base, None),
        *(row(label, f, base) for label, f in results.items() if label != BASE),
        "",
    ]
    return lines, results, (load_before, load_after)


def ratios(sizes: list[int], measured: dict[int, dict[str, dict]]) -> list[str]:
    small, large = min(sizes), max(sizes)
    lines = [
        f"{large:,} / {small:,} dossiers in the unit (issue 20: cost ratio ≤ 1.3)",
        "",
        "| page | CPU ms/req small | CPU ms/req large | cost ratio | p50 ratio | p99 ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label in measured[large]:
        a, b = measured[small][label], measured[large][label]
        lines.append(
            f"| {label} | {a['cpu_ms']:.1f} | {b['cpu_ms']:.1f} | {b['cpu_ms'] / a['cpu_ms']:.2f} "
            f"| {b['p50'] / a['p50']:.2f} | {b['p99'] / a['p99']:.2f} |"
        )
    return [*lines, ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50, help="requests per second (default 50, the budget's)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each measured run")
    parser.add_argument("--sizes", default="1000,50000", help="dossiers in the unit, comma-separated")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections of the generator")
    parser.add_argument("--specialist", action="store_true", help="also the department specialist's inbox")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    print(
        "Officer inbox at a fixed arrival rate: open-loop generator (latency from the scheduled send time) against "
        "gunicorn on loopback, baseline the same server's /healthz at the same rate.\n"
    )
    if not postgres_available():
        print("**postgresql**: skipped (not reachable): the budget is not measured\n")
        return 0
    measured, loads = {}, {}
    for size in sizes:
        lines, measured[size], loads[size] = bench(size, args)
        print("\n".join(lines), flush=True)
    if len(sizes) > 1:
        print("\n".join(ratios(sizes, measured)), flush=True)
    large, small = max(sizes), (min(sizes) if len(sizes) > 1 else None)
    inbox = measured[large][INBOX]
    print(
        "\n".join(
            _openloop.verdict(
                p99=inbox["p99"],
                service_p99=inbox["service_p99"],
                achieved=inbox["rate"],
                errors=inbox["errors"],
                size=large,
                small=small,
                rate=args.rate,
                cpu_ms=inbox["cpu_ms"],
                cost_ratio=inbox["cpu_ms"] / measured[small][INBOX]["cpu_ms"] if small else None,
                cores=os.cpu_count() or 1,
                load_before=loads[large][0],
            )
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
