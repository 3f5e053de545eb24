"""The attack of issue 18 (finding 1) against a real gunicorn: Flate-bomb PDFs posted to the e-result
verification endpoint while `/healthz` is measured at a fixed rate.

    python bench/pdf_bomb.py [--attackers 4] [--seconds 15] [--rate 50] [--workers 2] [--threads 4]

A fresh SQLite database and gunicorn on 127.0.0.1 (`bench/_server.py`, `--threads` > 1 = gthread, as
`motcua serve` runs); `--attackers` threads each post the 20 KB bomb (3,000,000 cross-reference rows) to
`POST /api/v1/results/verify` in a closed loop, half of them with the API token and half to the public page
`/xac-thuc/`; meanwhile `/healthz` at `--rate` req/s (open loop, latency from the scheduled time). Prints the
answers the attackers got (422 refused, 429 rate-limited, 503 slot busy — never 500) with their latency, and
`/healthz`'s figures during the attack and before it. Budget (issue 18): /healthz p99 < 50 ms during the attack.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _server import BenchServer, table_row
from status_lookup import fixed_rate

from motcua.esign.tests.bomb import flate_bomb


def attack(base: str, token: str, *, page: bool, stop: threading.Event, answers: collections.Counter, times: list):
    bomb = flate_bomb(3_000_000)
    with requests.Session() as http:
        if page:
            http.get(f"{base}/xac-thuc/", timeout=30)
        while not stop.is_set():
            started = time.perf_counter()
            if page:
                response = http.post(
                    f"{base}/xac-thuc/",
                    data={"csrfmiddlewaretoken": http.cookies.get("csrftoken")},
                    files={"file": ("bom.pdf", bomb, "application/pdf")},
                    headers={"Referer": f"{base}/xac-thuc/"},
                    timeout=60,
                )
            else:
                response = http.post(
                    f"{base}/api/v1/results/verify",
                    files={"file": ("bom.pdf", bomb, "application/pdf")},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=60,
                )
            times.append(time.perf_counter() - started)
            answers[("page" if page else "api", response.status_code)] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with BenchServer("sqlite", workers=args.workers, threads=args.threads) as server:
        fixed_rate(server.port, ["/healthz"], {}, rate=args.rate, seconds=2)  # warm-up
        quiet = fixed_rate(server.port, ["/healthz"], {}, rate=args.rate, seconds=args.seconds)
        stop, answers, times = threading.Event(), collections.Counter(), []
        attackers = [
            threading.Thread(
                target=attack,
                args=(server.base, server.fixture["token"]),
                kwargs={"page": n % 2 == 1, "stop": stop, "answers": answers, "times": times},
                daemon=True,
            )
            for n in range(args.attackers)
        ]
        for thread in attackers:
            thread.start()
        time.sleep(1)
        loud = fixed_rate(server.port, ["/healthz"], {}, rate=args.rate, seconds=args.seconds)
        stop.set()
        for thread in attackers:
            thread.join()
    cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else [times[0]] * 99
    print(
        f"Flate bomb (20 KB, 3,000,000 xref rows) × {args.attackers} attackers, gunicorn {args.workers} workers × "
        f"{args.threads} threads, /healthz at {args.rate:.0f} req/s for {args.seconds} s\n"
    )
    print("| /healthz | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | p99 ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(table_row("before the attack", quiet, None, ratio_of="p99"))
    print(table_row("during the attack", loud, quiet, ratio_of="p99"))
    print()
    print(
        f"attack answers: {dict(sorted(answers.items()))}; {len(times)} bombs, answered in p50 "
        f"{cuts[49] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    print(f"budget /healthz p99 < 50 ms during the attack: {'met' if loud['p99'] < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
