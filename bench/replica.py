"""Intake on the primary while heavy report queries run on the primary itself vs on its streaming replica, one run.

    python bench/replica.py [--trials 5] [--seconds 10] [--workers 4] [--connections 8] [--readers 2]
                            [--seed 200000] [--no-pin]

A private PostgreSQL primary and its streaming replica on this machine (`bench/_replica_pair.py`:
`scripts/pg-replica-pair`, initdb + `pg_basebackup -R -X stream`, two loopback ports; the shared server on 5432
is not used), the project migrated on the primary and served by gunicorn (`bench/_server.py`) with
DATABASE_REPLICA_URL set, `--seed` synthetic dossiers copied in by SQL (report queries need history to scan).

**Two servers on one machine.** Unless `--no-pin` (or with fewer than 2 usable cores), the usable cores are split
in two halves — on 2 cores: CPU 0 and CPU 1 — and each half plays one server (`os.sched_setaffinity`):

- the *primary server*: the primary cluster (its postmaster and every process it has forked; new backends inherit
  the postmaster's affinity), gunicorn (master and workers), the `wrk` load generator and this driver;
- the *replica server*: the replica cluster (postmaster, startup/walreceiver, its backends).

Report readers are pinned with the cluster they query: on the primary they share the primary's cores (reports on
the same server as the counters), on the replica they run on the replica's cores.

Then `--trials` rounds, each running three phases of `--seconds` of `wrk` filing dossiers through
`POST /api/v1/dossiers` (closed loop), interleaved A B C A B C … so that a change of the foreign load on a shared
machine hits every phase alike:

- A: intake alone (the baseline);
- B: intake while `--readers` processes run report queries in a closed loop **on the primary** (what one server
  does when the leaders' dashboards and the drill-down share it with the counters);
- C: the same report load **on the replica** (what `reading_from_replica()` does with DATABASE_REPLICA_URL set).

The report queries are the shapes that scan history: dossiers by unit, status and month over all time, and the
overdue drill-down list (a sort over the whole table). Each phase records intake dossiers/s, p50/p99, report
queries/s, the 1-minute load average at its end, the largest replica lag seen (sampled every 0.5 s with the
guard's own query), and where the time of the primary's side went (its processes: the primary cluster and
gunicorn, from /proc/<pid>/task/*/schedstat): CPU time a request and run-queue wait a request, with the share of
time some task stalled on I/O (/proc/pressure/io) and the busy share of each core (/proc/stat). The summary gives, per phase, the median and range over the trials and the
median of B/A and C/A taken within each trial. It checks the router first (a dossier filed on the primary read
back from the replica) and last that the replica holds every dossier. Pinning separates the CPUs only: both
clusters still share one disk, one memory bus and the kernel, and on a shared machine other people's processes
run on both halves. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _replica_pair import ROUTER_CHECK, ReplicaPair, Unavailable, run_check
from _server import BenchServer, table_row, wrk
from api_intake import HEALTH, INTAKE

REPORTS = [
    # the period report computed from the raw history (what the rollups avoid, and what ad-hoc reports still do)
    """SELECT receiving_unit_id, status, date_trunc('month', created_at) AS month, count(*),
              avg(extract(epoch FROM (coalesce(due_at, created_at) - created_at)))
       FROM dossiers_dossier GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""",
    # the drill-down: dossiers of the province past their due date, oldest first, one page
    """SELECT id, code, applicant_name, due_at FROM dossiers_dossier
       WHERE due_at < now() ORDER BY due_at, id OFFSET 1000 LIMIT 50""",
    # a search over the whole history (no index serves a leading wildcard)
    """SELECT count(*) FROM dossiers_dossier WHERE applicant_name ILIKE '%bench 7%'""",
]

LAG_SQL = """SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                 ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END"""


def can_pin() -> bool:
    return hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2


def halves() -> tuple[set[int], set[int]]:
    """The usable cores split in two: the primary server's and the replica server's (CPU 0 and CPU 1 on 2 cores)."""
    cpus = sorted(os.sched_getaffinity(0))
    middle = len(cpus) // 2
    return set(cpus[:middle]), set(cpus[middle:])


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (from /proc: parent of each process)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # the command name (field 2) may hold spaces: the parent id is the second field after its ")"
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def pin_tree(pid: int, cpus: set[int]) -> int:
    """Pin `pid`, its threads and every process below it to `cpus` (children forked later inherit it). Returns how
    many processes were pinned."""
    pinned = 0
    for process in descendants(pid):
        try:
            tasks = [int(t.name) for t in Path(f"/proc/{process}/task").iterdir()]
        except OSError:
            continue  # gone meanwhile
        for task in tasks:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.sched_setaffinity(task, cpus)
        pinned += 1
    return pinned


def cpu_ticks() -> dict[str, tuple[int, int]]:
    """Per CPU (cpu0, cpu1, …): (busy, total) jiffies from /proc/stat."""
    ticks = {}
    for line in Path("/proc/stat").read_text().splitlines():
        name, *values = line.split()
        if name.startswith("cpu") and name != "cpu":
            numbers = [int(v) for v in values[:8]]
            idle = numbers[3] + numbers[4]  # idle + iowait
            ticks[name] = (sum(numbers) - idle, sum(numbers))
    return ticks


def sched_times(roots: list[int], leave_out: set[int]) -> dict[int, tuple[int, int]]:
    """Per task under `roots`: nanoseconds on a CPU and nanoseconds runnable but waiting for one
    (/proc/<pid>/task/*/schedstat, fields 1 and 2). Waiting: the primary's side held back by whatever else ran on
    its cores; on-CPU time a request: the same work done slower (shared caches, memory, the host). Processes in
    `leave_out` (the report readers' backends) are not counted."""
    times = {}
    for root in roots:
        for process in descendants(root):
            if process in leave_out:
                continue
            try:
                tasks = list(Path(f"/proc/{process}/task").iterdir())
            except OSError:
                continue
            for task in tasks:
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = (task / "schedstat").read_text().split()
                    times[int(task.name)] = (int(fields[0]), int(fields[1]))
    return times


def pressure(resource: str) -> int:
    """Total microseconds some task stalled on `resource` (PSI, /proc/pressure/<resource>); 0 when absent."""
    try:
        first = Path(f"/proc/pressure/{resource}").read_text().splitlines()[0]
    except OSError:
        return 0
    return int(first.rsplit("total=", 1)[1])


def reader(url: str, stop, counter, cpus: set[int] | None, backends, slot: int) -> None:
    import psycopg

    if cpus:  # the report client on the cores of the server it queries (its backend inherits the cluster's)
        os.sched_setaffinity(0, cpus)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET jit = off")
        backends[slot] = conn.execute("SELECT pg_backend_pid()").fetchone()[0]  # kept out of the intake's figures
        done = 0
        while not stop.is_set():
            for sql in REPORTS:
                conn.execute(sql).fetchall()
                done += 1
        with counter.get_lock():
            counter.value += done


class PairServer(BenchServer):
    """BenchServer on the private primary (database `motcua_bench`), its gunicorn configured with the replica."""

    def __init__(self, pair: ReplicaPair, **kwargs) -> None:
        super().__init__("postgresql", **kwargs)
        self.pair = pair
        self.dbname = "motcua_bench"
        self.env["DATABASE_URL"] = self.url(pair.primary_url)
        self.env["DATABASE_REPLICA_URL"] = self.url(pair.replica_url)
        self.env.pop("MOTCUA_CACHE_URL", None)  # the shared Redis: not needed, the database cache is the default
        self.env.pop("MOTCUA_CACHE_PREFIX", None)

    def url(self, server_url: str) -> str:
        return server_url.rsplit("/", 1)[0] + "/" + self.dbname

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.pair.primary_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    def fixture_arg(self) -> str:
        return "1"  # one dossier filed through the services: the template of the seeded history


def seed(url: str, n: int) -> None:
    """`n` copies of the first dossier, received over the last two years, some past their due date."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'dossiers_dossier' "
                "AND column_name NOT IN ('id', 'code', 'created_at', 'due_at', 'applicant_name', 'search_text')"
            ).fetchall()
        ]
        has_search = conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'dossiers_dossier' "
            "AND column_name = 'search_text'"
        ).fetchone()[0]
        listed = ", ".join(columns)
        search = (", search_text", ", 'bench ' || g") if has_search else ("", "")
        conn.execute(
            f"INSERT INTO dossiers_dossier (code, created_at, due_at, applicant_name{search[0]}, {listed}) "
            f"SELECT 'SEED-' || g, now() - make_interval(days => g %% 730), now() - make_interval(days => g %% 730) "
            f"+ make_interval(days => 10 + g %% 20), 'Bench ' || g{search[1]}, {listed} "
            "FROM dossiers_dossier, generate_series(1, %s) g WHERE id = (SELECT min(id) FROM dossiers_dossier)",
            [n],
        )
        conn.execute("ANALYZE dossiers_dossier")


def phase(server: PairServer, args, label: str, report_url: str | None, report_cpus: set[int] | None) -> dict:
    fx = server.fixture
    stop = multiprocessing.Event()
    counter = multiprocessing.Value("q", 0)
    backends = multiprocessing.Array("q", max(1, args.readers))
    readers = (
        [
            multiprocessing.Process(target=reader, args=(report_url, stop, counter, report_cpus, backends, slot))
            for slot in range(args.readers)
        ]
        if report_url
        else []
    )
    for process in readers:
        process.start()
    lags: list[float] = []
    sampling = threading.Event()

    def sample_lag() -> None:
        import psycopg

        with psycopg.connect(server.pair.replica_url, autocommit=True) as conn:
            while not sampling.is_set():
                value = conn.execute(LAG_SQL).fetchone()[0]
                lags.append(float(value or 0))
                time.sleep(0.5)

    sampler = threading.Thread(target=sample_lag, daemon=True)
    sampler.start()
    deadline = time.monotonic() + 30
    while readers and not all(backends) and time.monotonic() < deadline:  # the readers connected before intake
        time.sleep(0.1)
    time.sleep(1 if readers else 0)  # and running
    roots = [server.pair.postmaster_pid("primary"), server.process.pid]
    report_backends = {pid for pid in backends if pid}  # on the primary in phase B: the reports' own work
    ticks_before, sched_before, io_before = cpu_ticks(), sched_times(roots, report_backends), pressure("io")
    started = time.monotonic()
    result = wrk(
        server.base + "/api/v1/dossiers",
        script=INTAKE,
        args=[fx["token"], fx["procedure"], fx["unit"], label.split()[0]],
        connections=args.connections,
        seconds=args.seconds,
    )
    elapsed = time.monotonic() - started
    ticks_after, sched_after, io_after = cpu_ticks(), sched_times(roots, report_backends), pressure("io")
    stop.set()
    for process in readers:
        process.join(timeout=120)
    sampling.set()
    sampler.join(timeout=5)
    result["reports"] = counter.value / elapsed if readers else 0.0
    result["load"] = os.getloadavg()[0]
    result["max_lag"] = max(lags) if lags else 0.0
    result["busy"] = {
        name: 100
        * (ticks_after[name][0] - ticks_before[name][0])
        / max(1, ticks_after[name][1] - ticks_before[name][1])
        for name in ticks_after
        if name in ticks_before
    }
    on_cpu = sum(ran - sched_before.get(task, (0, 0))[0] for task, (ran, _w) in sched_after.items())
    waited = sum(wait - sched_before.get(task, (0, 0))[1] for task, (_r, wait) in sched_after.items())
    result["cpu_ms"] = on_cpu / 1e6 / max(1, result["requests"])  # the primary side's CPU time a request
    result["wait_ms"] = waited / 1e6 / max(1, result["requests"])  # its run-queue wait a request
    result["io_stall"] = 100 * (io_after - io_before) / 1e6 / elapsed  # % of the time some task waited on I/O
    return result


PHASES = (
    ("A", "intake alone", None),
    ("B", "intake + reports on the primary", "primary"),
    ("C", "intake + reports on the replica", "replica"),
)


def spread(values: list[float], fmt: str) -> str:
    """median (min–max) of `values`."""
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=200_000)
    parser.add_argument("--no-pin", action="store_true", help="do not split the cores between the two 'servers'")
    args = parser.parse_args()
    pinning = not args.no_pin and can_pin()
    primary_cpus, replica_cpus = halves() if pinning else (None, None)
    try:
        pair = ReplicaPair().__enter__()
    except Unavailable as error:
        print(f"Skipped: {error}")
        return
    trials: list[dict[str, dict]] = []
    pinned: dict[str, int] = {}
    try:
        with PairServer(pair, workers=args.workers) as server:
            check = run_check(
                pair,
                ROUTER_CHECK,
                settings="config.settings.base",
                DATABASE_URL=server.env["DATABASE_URL"],
                DATABASE_REPLICA_URL=server.env["DATABASE_REPLICA_URL"],
            )
            seed_started = time.monotonic()
            seed(server.env["DATABASE_URL"], args.seed)
            pair.wait_replayed(timeout=300)
            seed_seconds = time.monotonic() - seed_started
            if pinning:
                # two servers: the primary cluster, gunicorn, wrk (a child of this driver) on one half of the cores,
                # the replica cluster on the other
                pinned["primary"] = pin_tree(pair.postmaster_pid("primary"), primary_cpus)
                pinned["gunicorn"] = pin_tree(server.process.pid, primary_cpus)
                os.sched_setaffinity(0, primary_cpus)
                pinned["replica"] = pin_tree(pair.postmaster_pid("replica"), replica_cpus)
            fx = server.fixture
            wrk(server.base + "/healthz", script=HEALTH, connections=args.connections, seconds=2)
            wrk(
                server.base + "/api/v1/dossiers",
                script=INTAKE,
                args=[fx["token"], fx["procedure"], fx["unit"], "warm"],
                connections=args.connections,
                seconds=2,
            )
            health = wrk(server.base + "/healthz", script=HEALTH, connections=args.connections, seconds=args.seconds)
            health["reports"], health["load"], health["max_lag"] = 0.0, os.getloadavg()[0], 0.0
            targets = {
                "primary": (server.env["DATABASE_URL"], primary_cpus),
                "replica": (server.env["DATABASE_REPLICA_URL"], replica_cpus),
            }
            for trial in range(1, args.trials + 1):
                results = {}
                for letter, label, where in PHASES:
                    url, cpus = targets[where] if where else (None, None)
                    results[letter] = phase(server, args, f"{letter}{trial} {label}", url, cpus)
                    print(f"trial {trial} {letter}: {results[letter]['rate']:.1f}/s", file=sys.stderr, flush=True)
                trials.append(results)
            time.sleep(3)  # requests in flight when wrk stopped (at most one per connection) finish
            replay = pair.wait_replayed(timeout=120)
            import psycopg

            counts = []
            for url in (server.env["DATABASE_URL"], server.env["DATABASE_REPLICA_URL"]):
                with psycopg.connect(url, autocommit=True) as conn:
                    counts.append(conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0])
    finally:
        if pinning:
            os.sched_setaffinity(0, primary_cpus | replica_cpus)
        pair.__exit__(None, None, None)

    def row(label: str, figures: dict, base: dict | None) -> str:
        return (
            table_row(label, figures, base)
            + f" {figures['reports']:,.1f} | {figures['load']:.1f} | {figures['max_lag']:.2f} |"
        )

    def cpus_text(cpus: set[int] | None) -> str:
        return ",".join(str(c) for c in sorted(cpus or ()))

    where = (
        f"Two servers emulated on one machine: the primary cluster ({pinned.get('primary', 0)} processes), gunicorn "
        f"({pinned.get('gunicorn', 0)} processes), `wrk` and the driver pinned to CPU {cpus_text(primary_cpus)}; the "
        f"replica cluster ({pinned.get('replica', 0)} processes) to CPU {cpus_text(replica_cpus)}; report readers on "
        "the CPU of the cluster they query."
        if pinning
        else "Not pinned (--no-pin or fewer than 2 cores): every process on every core."
    )
    print(
        f"Private primary + streaming replica started in {pair.start_seconds:.1f} s (initdb, pg_basebackup -R -X "
        f"stream); router check: a dossier filed on the primary was read from `{check['read_from']}` "
        f"{check['seen_after_s']} s later (guard lag {check['lag']}), read-your-write after a write in the block "
        f"from `{check['read_after_write']}`, replica read-only: {check['replica_read_only']}. {args.seed:,} "
        f"seeded dossiers written and replayed in {seed_seconds:.1f} s. {where} {args.workers} gunicorn workers, "
        f"{args.connections} connections, {args.readers} report readers (closed loop, {len(REPORTS)} queries each "
        f"round); {args.trials} trials of A (intake alone), B (+ reports on the primary), C (+ reports on the "
        f"replica), interleaved A B C A B C …, {args.seconds} s a phase.\n"
    )
    print("Summary over the trials: median (min–max).\n")
    cpus = sorted(trials[0]["A"]["busy"]) if trials else []
    print(
        "| phase | intake req/s | p99 ms | ratio to A of the same trial | report queries/s | load 1 min | "
        "primary side: CPU ms a request | primary side: CPU wait ms a request | I/O stall % | "
        + " | ".join(f"{name} busy %" for name in cpus)
        + " |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(cpus))
    for letter, label, _ in PHASES:
        runs = [t[letter] for t in trials]
        ratios = [t[letter]["rate"] / t["A"]["rate"] if t["A"]["rate"] else 0.0 for t in trials]
        print(
            f"| {letter}: {label} | {spread([r['rate'] for r in runs], ',.1f')} | {spread([r['p99'] for r in runs], '.0f')} "
            f"| {spread(ratios, '.2f')} | {spread([r['reports'] for r in runs], ',.1f')} "
            f"| {spread([r['load'] for r in runs], '.1f')} | {spread([r['cpu_ms'] for r in runs], ',.0f')} "
            f"| {spread([r['wait_ms'] for r in runs], ',.0f')} "
            f"| {spread([r['io_stall'] for r in runs], '.1f')} | "
            + " | ".join(spread([r["busy"][name] for r in runs], ".0f") for name in cpus)
            + " |"
        )
    print("\nEvery phase, in the order run:\n")
    print(
        "| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | ratio | report queries/s | load 1 min | max replica lag s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(row("GET /healthz (baseline)", health, None))
    for number, results in enumerate(trials, 1):
        for letter, label, _ in PHASES:
            print(row(f"{letter}{number}: {label}", results[letter], results["A"]))
    print(
        f"\nAfter the run the replica caught up in {replay:.2f} s: {counts[1]:,} dossiers on the replica, "
        f"{counts[0]:,} on the primary{'' if counts[0] == counts[1] else ' — MISMATCH'}. Ratio: intake over "
        "intake alone (A) of the same trial."
    )


if __name__ == "__main__":
    main()
