"""Open-loop load at a fixed arrival rate, with latency corrected for coordinated omission (issue 20 item 2).

A closed-loop tool (wrk) sends the next request only when a connection is free: when the server stalls, the
requests that *would* have arrived meanwhile are never sent, and the stall shows up as one slow sample instead
of the queue it causes ("coordinated omission"). Here arrivals follow a fixed schedule — request i is due at
t0 + i / rate, whatever the answers do — and each latency is measured from that *scheduled* time to the end of
the response. A request whose connection is still busy, or whose thread could not send on time, counts its wait
as latency, as a citizen's browser would. The service-only latency (from the actual send) is kept beside it, so
the difference shows how much of the tail is queueing.

Pure parts (unit-tested in motcua/core/tests/test_bench_openloop.py): `schedule`, `percentile`, `summarize`,
`verdict`. `run` is the generator itself: `connections` threads, each with one keep-alive `http.client`
connection (the standard library: no client to install), taking the next due request in order.
"""

from __future__ import annotations

import http.client
import itertools
import math
import os
import threading
import time
from dataclasses import dataclass


def schedule(rate: float, seconds: float) -> list[float]:
    """Send times (seconds after the start) of a fixed-rate run: i / rate for i in 0 .. rate × seconds − 1.

    Evenly spaced, independent of the answers. `round` keeps 2.5 req/s for 2 s at 5 requests."""
    if rate <= 0 or seconds <= 0:
        raise ValueError("rate and seconds must be positive")
    return [i / rate for i in range(round(rate * seconds))]


@dataclass(frozen=True)
class Sample:
    """One request: when it was due, when it was actually sent, when its answer ended (seconds, one clock)."""

    scheduled: float
    sent: float
    done: float
    ok: bool

    @property
    def latency(self) -> float:
        """Corrected for coordinated omission: from the scheduled time, so waiting to be sent counts."""
        return self.done - self.scheduled

    @property
    def service(self) -> float:
        """What a closed-loop tool reports: from the actual send."""
        return self.done - self.sent


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below it, i.e. the
    ⌈p/100 × n⌉-th smallest (p99 of 1,000 values is the 990th). No interpolation: every figure reported is a
    latency that really happened."""
    if not values:
        raise ValueError("no values")
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def summarize(samples: list[Sample], *, start: float, rate: float) -> dict:
    """The figures of one run in milliseconds (`table_row` of bench/_server.py reads the same keys).

    Latencies are corrected (from the scheduled time); `service_p99` is the uncorrected p99. `rate` is the
    achieved rate: answers over the time from the start to the last answer (below the target when the server
    cannot keep up: the queue drains after the schedule ends). `lag_max`: the latest a request was sent."""
    if not samples:
        raise ValueError("no samples")
    latencies = [s.latency for s in samples]
    service = [s.service for s in samples]
    elapsed = max(s.done for s in samples) - start
    return {
        "requests": len(samples),
        "target": rate,
        "rate": len(samples) / elapsed if elapsed > 0 else float("inf"),
        "p50": percentile(latencies, 50) * 1000,
        "p90": percentile(latencies, 90) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "max": max(latencies) * 1000,
        "service_p99": percentile(service, 99) * 1000,
        "lag_max": max(s.sent - s.scheduled for s in samples) * 1000,
        "errors": sum(not s.ok for s in samples),
    }


def run(
    port: int,
    paths: list[str],
    headers: dict[str, str] | None = None,
    *,
    rate: float,
    seconds: float,
    connections: int = 16,
    host: str = "127.0.0.1",
    timeout: float = 10.0,
    lead: float = 0.2,
) -> dict:
    """GET `paths` (cycled) at `rate` per second for `seconds` from `connections` keep-alive connections; the
    figures of `summarize`. An answer other than 200 (a redirect to the sign-in page included) or a failed
    connection is an error, its latency still counted."""
    offsets = schedule(rate, seconds)
    counter = itertools.count()  # next() on a count is atomic under the GIL
    samples: list[Sample] = []
    lock = threading.Lock()
    start = time.perf_counter() + lead  # every thread is up before the first request is due

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        mine = []
        while (i := next(counter)) < len(offsets):
            scheduled = start + offsets[i]
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            sent = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)], headers=headers or {})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
            mine.append(Sample(scheduled, sent, time.perf_counter(), ok))
        conn.close()
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarize(samples, start=start, rate=rate)


def loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


# --- the verdict ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """DESIGN.md §7, officer inbox: p99 < 150 ms at 50 req/s with 50,000 dossiers in the unit, and (issue 20)
    the cost of a page at 50k no more than 1.3 × its cost at 1k."""

    p99_ms: float = 150.0
    rate: float = 50.0
    dossiers: int = 50_000
    small: int = 1_000
    cost_ratio: float = 1.3


def cores_busy(rate: float, cpu_ms: float) -> float:
    """Cores a load keeps busy: requests per second × CPU seconds per request (50 req/s × 40 ms = 2.0)."""
    return rate * cpu_ms / 1000


def verdict(
    *,
    p99: float,
    service_p99: float,
    achieved: float,
    errors: int,
    size: int,
    small: int | None,
    rate: float,
    cpu_ms: float,
    cost_ratio: float | None,
    cores: int,
    load_before: float,
    budget: Budget = Budget(),
) -> list[str]:
    """The budget line (`budget …: met | NOT met | not judged (…)`, read by bench/run.py) and, when not met,
    a line saying what bounds it. `p99`, `service_p99`, `achieved`, `errors`, `cpu_ms` are the largest size's
    (`size`) inbox figures at the target `rate`; `cost_ratio` its CPU per page over the smallest size's (`small`;
    None: one size only). Not judged when the run is not the budget's shape (fewer dossiers, lower rate)."""
    head = (
        f"budget p99 < {budget.p99_ms:.0f} ms at {budget.rate:.0f} req/s with {budget.dossiers:,} dossiers in the "
        f"unit, {budget.dossiers // 1000}k/{budget.small // 1000}k cost ≤ {budget.cost_ratio}"
    )
    ratio = "no cost ratio" if cost_ratio is None else f"cost ratio {cost_ratio:.2f} over {small:,}"
    measured = f"p99 {p99:.1f} ms at {achieved:.1f} req/s, {size:,} dossiers, {ratio}"
    short = []
    if size < budget.dossiers:
        short.append(f"largest size {size:,} < {budget.dossiers:,}")
    if rate < budget.rate:
        short.append(f"rate {rate:g} < {budget.rate:g} req/s")
    if cost_ratio is None or small is None or small > budget.small:
        short.append(f"no run at {budget.small:,} dossiers or fewer for the cost ratio")
    if short:
        return [f"{head}: not judged ({measured}; {', '.join(short)})"]
    reasons = []
    if p99 >= budget.p99_ms or achieved < 0.95 * rate:
        bound = latency_bound(
            rate=rate, cpu_ms=cpu_ms, cores=cores, load_before=load_before, service_p99=service_p99, budget=budget
        )
        reasons.append(bound if p99 >= budget.p99_ms else f"rate {achieved:.1f} < {rate:g} req/s: {bound}")
    if errors:
        reasons.append(f"{errors} errors (non-200 answers or failed connections)")
    assert cost_ratio is not None
    if cost_ratio > budget.cost_ratio:
        reasons.append(
            f"cost grows with the unit: CPU per page at {size:,} / at {small:,} dossiers = {cost_ratio:.2f} "
            f"> {budget.cost_ratio}"
        )
    if not reasons:
        return [f"{head}: met ({measured})"]
    return [f"{head}: NOT met ({measured})", "bounded by: " + "; ".join(reasons)]


def latency_bound(
    *, rate: float, cpu_ms: float, cores: int, load_before: float, service_p99: float, budget: Budget
) -> str:
    """What bounds a p99 over budget: this load's CPU against the cores (all of them, or those the other load
    leaves), else the page's own latency without queueing, else the other work on the machine."""
    busy = cores_busy(rate, cpu_ms)
    free = max(0.0, cores - load_before)
    cpu = (
        f"{rate:g} req/s × {cpu_ms:.1f} ms CPU per page = {busy:.2f} cores busy, {cores} cores on the machine "
        f"(load average {load_before:.1f} before the run: about {free:.1f} free)"
    )
    if busy >= 0.8 * cores:
        return f"CPU: {cpu}"
    if busy >= 0.8 * free:
        return f"CPU shared with other load: {cpu}"
    if service_p99 >= budget.p99_ms:
        return f"the page itself: p99 {service_p99:.1f} ms from the actual send, without queueing ({cpu})"
    return f"queueing behind other work on the machine, not this load's CPU ({cpu})"
