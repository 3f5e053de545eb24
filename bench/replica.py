"""Intake on the primary while heavy report queries run on the primary itself vs on its streaming replica, one run.

    python bench/replica.py [--seconds 15] [--workers 4] [--connections 8] [--readers 2] [--seed 200000]

A private PostgreSQL primary and its streaming replica on this machine (`bench/_replica_pair.py`:
`scripts/pg-replica-pair`, initdb + `pg_basebackup -R -X stream`, two loopback ports; the shared server on 5432
is not used), the project migrated on the primary and served by gunicorn (`bench/_server.py`) with
DATABASE_REPLICA_URL set, `--seed` synthetic dossiers copied in by SQL (report queries need history to scan).
Then, each phase `--seconds` of `wrk` filing dossiers through `POST /api/v1/dossiers` (closed loop):

1. intake alone (the baseline of the run);
2. intake while `--readers` processes run report queries in a closed loop **on the primary** (what one server
   does when the leaders' dashboards and the drill-down share it with the counters);
3. the same report load **on the replica** (what `reading_from_replica()` does with DATABASE_REPLICA_URL set).

The report queries are the shapes that scan history: dossiers by unit, status and month over all time, and the
overdue drill-down list (a sort over the whole table). Each phase prints intake dossiers/s, p50/p99, report
queries/s, the 1-minute load average at its end, and (phase 3) the largest replica lag seen (sampled every 0.5 s
with the guard's own query). It checks the router first (a dossier filed on the primary read back from the replica)
and last that the replica holds every dossier. One machine has one set of cores: the replica's queries still
take CPU from the primary here; on its own server (the production shape) they would not. Nothing asserts a time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
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


def reader(url: str, stop, counter) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET jit = off")
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


def phase(server: PairServer, args, label: str, report_url: str | None) -> dict:
    fx = server.fixture
    stop = multiprocessing.Event()
    counter = multiprocessing.Value("q", 0)
    readers = (
        [multiprocessing.Process(target=reader, args=(report_url, stop, counter)) for _ in range(args.readers)]
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
    time.sleep(1 if readers else 0)  # the readers connected and running before intake starts
    started = time.monotonic()
    result = wrk(
        server.base + "/api/v1/dossiers",
        script=INTAKE,
        args=[fx["token"], fx["procedure"], fx["unit"], label.split()[0]],
        connections=args.connections,
        seconds=args.seconds,
    )
    elapsed = time.monotonic() - started
    stop.set()
    for process in readers:
        process.join(timeout=120)
    sampling.set()
    sampler.join(timeout=5)
    result["reports"] = counter.value / elapsed if readers else 0.0
    result["load"] = os.getloadavg()[0]
    result["max_lag"] = max(lags) if lags else 0.0
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=200_000)
    args = parser.parse_args()
    try:
        pair = ReplicaPair().__enter__()
    except Unavailable as error:
        print(f"Skipped: {error}")
        return
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
            alone = phase(server, args, "alone", None)
            on_primary = phase(server, args, "primary reports on the primary", server.env["DATABASE_URL"])
            on_replica = phase(server, args, "replica reports on the replica", server.env["DATABASE_REPLICA_URL"])
            time.sleep(3)  # requests in flight when wrk stopped (at most one per connection) finish
            replay = pair.wait_replayed(timeout=120)
            import psycopg

            counts = []
            for url in (server.env["DATABASE_URL"], server.env["DATABASE_REPLICA_URL"]):
                with psycopg.connect(url, autocommit=True) as conn:
                    counts.append(conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0])
    finally:
        pair.__exit__(None, None, None)

    def row(label: str, figures: dict, base: dict | None) -> str:
        return (
            table_row(label, figures, base)
            + f" {figures['reports']:,.1f} | {figures['load']:.1f} | {figures['max_lag']:.2f} |"
        )

    print(
        f"Private primary + streaming replica started in {pair.start_seconds:.1f} s (initdb, pg_basebackup -R -X "
        f"stream); router check: a dossier filed on the primary was read from `{check['read_from']}` "
        f"{check['seen_after_s']} s later (guard lag {check['lag']}), read-your-write after a write in the block "
        f"from `{check['read_after_write']}`, replica read-only: {check['replica_read_only']}. {args.seed:,} "
        f"seeded dossiers written and replayed in {seed_seconds:.1f} s. {args.workers} gunicorn workers, "
        f"{args.connections} connections, {args.seconds} s a phase, {args.readers} report readers (closed loop, "
        f"{len(REPORTS)} queries each round).\n"
    )
    print(
        "| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | ratio | report queries/s | load 1 min | max replica lag s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(row("GET /healthz (baseline)", health, None))
    print(row("intake alone", alone, alone))
    print(row("intake + reports on the primary", on_primary, alone))
    print(row("intake + reports on the replica", on_replica, alone))
    print(
        f"\nAfter the run the replica caught up in {replay:.2f} s: {counts[1]:,} dossiers on the replica, "
        f"{counts[0]:,} on the primary{'' if counts[0] == counts[1] else ' — MISMATCH'}. Ratio: intake over "
        "intake alone in the same run."
    )


if __name__ == "__main__":
    main()
