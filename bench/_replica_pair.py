"""A private PostgreSQL primary and its streaming replica for the replica bench and the live replica test.

`ReplicaPair()` is a context manager around `scripts/pg-replica-pair` (initdb + `pg_basebackup -R -X stream`, two
free loopback ports, a temporary directory): on entry both servers run, on exit both are stopped and their
directory removed, even on error. `Unavailable` is raised when the PostgreSQL server binaries are not installed
(callers skip with its message). The shared server on 5432 is never touched.

`ROUTER_CHECK` is a Python program run with DATABASE_URL (the primary) and DATABASE_REPLICA_URL (the replica):
it migrates the primary, files a dossier through the services, waits for the replica to replay it, reads it back
through the router inside `reading_from_replica()` and prints `CHECK {json}` with where each read went.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "pg-replica-pair"


class Unavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ReplicaPair:
    def __init__(self) -> None:
        self.primary_port, self.replica_port = _free_port(), _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="motcua-replica-"))
        self.urls: dict[str, str] = {}

    def __enter__(self) -> ReplicaPair:
        started = time.monotonic()
        proc = subprocess.run(
            ["bash", str(SCRIPT), "start", str(self.dir), str(self.primary_port), str(self.replica_port)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if proc.returncode == 3:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise Unavailable(proc.stderr.strip() or "PostgreSQL server binaries not found")
        if proc.returncode:
            self.__exit__(None, None, None)
            raise RuntimeError(f"pg-replica-pair start failed: {proc.stderr[-2000:]}")
        for line in proc.stdout.splitlines():
            if "=" in line:
                name, url = line.split("=", 1)
                self.urls[name] = url
        self.start_seconds = time.monotonic() - started
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(["bash", str(SCRIPT), "stop", str(self.dir)], capture_output=True, timeout=120, check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def primary_url(self) -> str:
        return self.urls["PRIMARY_URL"]

    @property
    def replica_url(self) -> str:
        return self.urls["REPLICA_URL"]

    def stop_replica(self) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), "stop-replica", str(self.dir)], capture_output=True, timeout=60, check=True
        )

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a Django process using this pair (primary + replica)."""
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}}
        env.update(
            DATABASE_URL=self.primary_url,
            DATABASE_REPLICA_URL=self.replica_url,
            PYTHONPATH=str(ROOT),
            MOTCUA_DATA_DIR=str(self.dir / "data"),
        )
        env.update(extra)
        return env

    def postmaster_pid(self, node: str) -> int:
        """The process id of `node`'s ("primary" or "replica") postmaster, from its postmaster.pid."""
        return int((self.dir / node / "postmaster.pid").read_text().split("\n", 1)[0])

    def replica_sql(self, sql: str):
        import psycopg

        with psycopg.connect(self.replica_url, autocommit=True, connect_timeout=5) as conn:
            return conn.execute(sql).fetchall()

    def wait_replayed(self, timeout: float = 30.0) -> float:
        """Seconds until the replica has replayed everything the primary had written when called."""
        import psycopg

        started = time.monotonic()
        with psycopg.connect(self.primary_url, autocommit=True, connect_timeout=5) as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        with psycopg.connect(self.replica_url, autocommit=True, connect_timeout=5) as conn:
            while time.monotonic() - started < timeout:
                done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()[0]
                if done:
                    return time.monotonic() - started
                time.sleep(0.02)
        raise TimeoutError("the replica did not replay the primary's WAL in time")


ROUTER_CHECK = r"""
import json, sys, time, django
django.setup()
from django.core.management import call_command
from django.db import connections
from motcua.core import replica
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

if "--migrate" in sys.argv:  # first run: the schema and a unit, a procedure (the tests' factories)
    call_command("migrate", verbosity=0)
    from motcua.dossiers.tests.factories import World

    world = World()
    procedure, unit = world.procedure, world.one_stop
else:
    earlier = Dossier.objects.order_by("pk").first()
    procedure, unit = earlier.procedure, earlier.receiving_unit
dossier = services.dossier_submit(
    procedure=procedure, receiving_unit=unit, applicant_name="Replica", applicant_phone="0912345678"
)
out = {"filed": dossier.code}
if "--no-wait" in sys.argv:  # the caller paused the replica's replay: only the write is wanted
    print("CHECK " + json.dumps(out))
    sys.exit(0)
started = time.monotonic()
while True:  # the replica replays within milliseconds on one machine: poll through the router itself
    replica.forget_lag()
    with replica.reading_from_replica() as state:
        row = Dossier.objects.filter(pk=dossier.pk).first()
    if row is not None or time.monotonic() - started > 30:
        break
    time.sleep(0.02)
out["seen_after_s"] = round(time.monotonic() - started, 3)
out["used_replica"] = state.use
out["lag"] = state.lag
out["read_from"] = row._state.db if row is not None else None
with replica.reading_from_replica():
    first = Dossier.objects.get(pk=dossier.pk)._state.db
    Unit.objects.filter(pk=unit.pk).update(name=unit.name)  # a write in the block
    after_write = Dossier.objects.get(pk=dossier.pk)._state.db
out["read_before_write"], out["read_after_write"] = first, after_write
try:
    with connections["replica"].cursor() as cursor:
        cursor.execute("CREATE TABLE replica_write_probe (i int)")
    out["replica_read_only"] = False
except Exception as error:
    out["replica_read_only"] = "read-only" in str(error)
print("CHECK " + json.dumps(out))
"""

# Run after the replica is stopped, or while its replay is paused (MOTCUA_REPLICA_MAX_LAG_SECONDS small): where
# a report read goes then.
FALLBACK_CHECK = r"""
import json, django
django.setup()
from motcua.core import replica
from motcua.dossiers.models import Dossier
with replica.reading_from_replica() as state:
    row = Dossier.objects.order_by("pk").first()
    notice = replica.replica_notice()
print("CHECK " + json.dumps({"used_replica": state.use, "lag": state.lag, "read_from": row._state.db,
                             "notice": notice}))
"""


def run_check(pair: ReplicaPair, program: str, *args: str, settings: str = "config.settings.test", **env: str) -> dict:
    import json
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=ROOT,
        env=pair.env(DJANGO_SETTINGS_MODULE=settings, **env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode:
        raise RuntimeError(f"check failed: {proc.stderr[-3000:]}")
    line = next(line for line in proc.stdout.splitlines() if line.startswith("CHECK "))
    return json.loads(line.removeprefix("CHECK "))
