"""The bulk path in parallel processes: the communes split over `workers` forked processes, each with its own
database connection and its own `BulkSink` (PostgreSQL only).

A commune's dossiers depend only on the run's seed and the commune (`Simulator.rngs`: one random stream per
commune) and write only the commune's own counters and rollup rows (the receiving unit's), so the processes
share nothing but the id sequences: process `lane` of `lanes` takes every `lanes`-th id after the highest ids at
the start, and the parent moves the sequences past the highest id written once all are done. The rows are those
of the serial bulk run of the same arguments but for the surrogate ids (and the event hashes, which cover the
dossier id): `tests/test_parallel.py` compares them.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter

from django.db import connection, connections

from .bulk import BulkSimulator
from .bulkwrite import ID_MODELS, highest_ids, move_sequences
from .engine import Result

_PLAN: dict = {}  # what the forked processes read (set by the parent just before forking)


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it): `motcua simulate --bulk`'s
    default `--workers`."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def usable(workers: int) -> bool:
    """Parallel processes need PostgreSQL (one writer per connection) and committed data to start from: inside a
    caller's transaction the children could not see its rows, so the serial bulk path runs instead. They are
    forked, so the caller must run no other thread: a child could inherit a lock another thread held at the fork
    and wait on it for ever (seen in the test suite once Playwright's threads ran) — then the serial path runs too.
    """
    return (
        workers > 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and threading.active_count() == 1
    )


def split(offices: list, lanes: int) -> list[list]:
    """The communes over `lanes` processes, largest first onto the least loaded (by `Office.size`), in their
    original order within a process."""
    loads, parts = [0.0] * lanes, [[] for _ in range(lanes)]
    for index in sorted(range(len(offices)), key=lambda i: -offices[i].size):
        lane = loads.index(min(loads))
        loads[lane] += offices[index].size
        parts[lane].append(index)
    return [[offices[i] for i in sorted(part)] for part in parts]


def _work(lane: int) -> dict:
    plan = _PLAN
    cpu = time.process_time()
    simulator = BulkSimulator(
        offices=plan["parts"][lane], lane=lane, lanes=plan["lanes"], tops=plan["tops"], **plan["arguments"]
    )
    result = simulator.run()
    connections.close_all()
    return {
        "dossier_ids": result.dossier_ids,
        "actions": result.actions,
        "failures": dict(result.failures),
        "written": dict(simulator.sink.written),
        "seconds": dict(simulator.sink.seconds),
        "cpu": time.process_time() - cpu,
    }


def run(*, offices: list, workers: int, **arguments) -> tuple[Result, dict]:
    """Simulate `offices` in `workers` processes (`arguments`: the rest of `BulkSimulator`'s). Returns the merged
    result and the sinks' figures (rows written, seconds writing, CPU seconds of the processes)."""
    lanes = min(workers, len(offices))
    tops = highest_ids()
    parts = split(offices, lanes)
    connections.close_all()  # the children open their own; a shared socket would mix their conversations
    _PLAN.update(parts=parts, lanes=lanes, tops=tops, arguments=arguments)
    try:
        with multiprocessing.get_context("fork").Pool(lanes) as pool:
            outputs = pool.map(_work, range(lanes))
    finally:
        _PLAN.clear()
    with connection.cursor() as cursor:
        top = {}
        for model in ID_MODELS:
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            top[model] = max(cursor.fetchone()[0] or 0, tops[model])
    move_sequences(top)
    result = Result()
    written, seconds, cpu = Counter(), Counter(), 0.0
    for output in outputs:
        result.dossier_ids.extend(output["dossier_ids"])
        result.actions += output["actions"]
        result.failures.update(output["failures"])
        written.update(output["written"])
        seconds.update(output["seconds"])
        cpu += output["cpu"]
    result.dossier_ids.sort()
    return result, {"written": dict(written), "seconds": dict(seconds), "cpu": cpu, "processes": lanes}
