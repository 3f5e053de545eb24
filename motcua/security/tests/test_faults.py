"""Fast fault injection (the full drill is `bench/faults.py`): real processes killed with SIGKILL.

Both tests run the real commands in subprocesses against this test's database: on PostgreSQL the test database
itself, on SQLite (in memory under pytest) a file copy made with SQLite's backup API. No timing is asserted; the
waits are bounded so a hang fails the test instead of blocking the suite.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from motcua.integrations import services as integrations
from motcua.sync import services as sync
from motcua.sync.testing import NationalPortalMock

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)
SETTINGS = """
from config.settings.base import *  # noqa
MOTCUA_SYNC = {"LEASE": 2, "IDLE_SLEEP": 0.1, "BACKOFF_BASE": 0.2, "BACKOFF_MAX": 1, "TIMEOUT": 20}
"""


class External:
    """This test's database as seen by another process, and SQL on it from here."""

    def __init__(self, tmp_path: Path) -> None:
        (tmp_path / "faults_test_settings.py").write_text(SETTINGS)
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}",
            "DJANGO_SETTINGS_MODULE": "faults_test_settings",
            "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_LOG_LEVEL": "WARNING",
        }
        self.env.pop("MOTCUA_CACHE_URL", None)
        self.sqlite: Path | None = None
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.env["DATABASE_URL"] = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        else:
            self.env.pop("DATABASE_URL", None)
            self.sqlite = tmp_path / "motcua.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite)
            connection.connection.backup(target)
            target.close()

    def rows(self, sql: str) -> list[tuple]:
        if self.sqlite is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        with sqlite3.connect(self.sqlite, timeout=20) as conn:
            return conn.execute(sql).fetchall()

    def value(self, sql: str):
        return self.rows(sql)[0][0]


def wait_for(condition, *, timeout: float = 60, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


# --- the sync worker killed while it delivers ------------------------------------------------------------------


class HoldFirstRequest(NationalPortalMock):
    """Applies the first request it receives, then holds its answer until told: the sender is mid-delivery."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    def receive(self, *, body: bytes, headers):
        answer = super().receive(body=body, headers=headers)
        if not self.arrived.is_set():
            self.arrived.set()
            self.release.wait(30)
        return answer


def start_worker(external: External, log: Path) -> subprocess.Popen:
    with open(log, "ab") as handle:
        return subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reminders"],
            cwd=ROOT,
            env=external.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )


def test_a_worker_killed_mid_delivery_is_replaced_and_every_event_is_applied_once(world, tmp_path):
    with HoldFirstRequest() as portal:
        sync.endpoint_create(name="DVCQG", kind="webhook", url=portal.url + "/dossiers")
        for state in ("in_progress", "in_progress", "submitted"):  # 2 + 2 + 1 events
            world.dossier_in(state)
        external = External(tmp_path)
        messages = {str(uuid.UUID(str(value))) for (value,) in external.rows("SELECT uuid FROM sync_outboxmessage")}
        assert len(messages) == 5

        first = start_worker(external, tmp_path / "worker.log")
        try:
            assert portal.arrived.wait(60), (tmp_path / "worker.log").read_text()
            first.send_signal(signal.SIGKILL)  # the receiver applied the message; the worker never hears back
            first.wait(10)
        finally:
            portal.release.set()
        held = portal.accepted_ids[0]
        second = start_worker(external, tmp_path / "worker.log")
        try:
            wait_for(
                lambda: external.value("SELECT count(*) FROM sync_delivery WHERE status = 'delivered'") == 5,
                what="the second worker to deliver everything once the first one's lease ran out",
            )
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(20)

    assert first.returncode == -signal.SIGKILL
    assert set(portal.seen) == messages  # nothing lost
    assert portal.seen[held] == 2  # the message in flight was sent again (at least once) …
    assert all(times == 1 for message, times in portal.seen.items() if message != held)  # … and only that one
    assert len(set(portal.arrivals)) == 5  # each (dossier, sequence) applied once by message id / sequence
    assert sorted(portal.sequences.values()) == [1, 2, 2]  # every dossier at its last event
    assert external.value("SELECT count(*) FROM sync_outboxmessage WHERE status = 'pending'") == 0


# --- a gunicorn worker killed during intake ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


class Intake(threading.Thread):
    """Files dossiers with an Idempotency-Key each; on any error sends the same request with the same key again."""

    def __init__(self, *, port: int, token: str, world, prefix: str, acked: list, lock, stop, errors: list) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.world, self.prefix = port, token, world, prefix
        self.acked, self.lock, self.stop, self.errors = acked, lock, stop, errors

    def run(self) -> None:
        n = 0
        conn = None
        while not self.stop.is_set():
            n += 1
            key = f"{self.prefix}-{n}"
            body = json.dumps(
                {
                    "procedure_code": self.world.procedure.code,
                    "receiving_unit": self.world.one_stop.e_identifier,
                    "applicant_name": "Nguyễn Văn An",
                    "subject": key,
                }
            )
            headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
            headers["Content-Type"] = "application/json"
            deadline = time.monotonic() + 60  # a started dossier is finished even after stop: no answer is lost
            while time.monotonic() < deadline:
                try:
                    conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    conn.request("POST", "/api/v1/dossiers", body=body, headers=headers)
                    response = conn.getresponse()
                    data = response.read()
                except (OSError, http.client.HTTPException) as error:
                    self.errors.append(type(error).__name__)
                    if conn is not None:
                        conn.close()
                    conn = None
                    time.sleep(0.1)
                    continue
                if response.status == 201:
                    with self.lock:
                        self.acked.append((json.loads(data)["code"], key))
                    break
                self.errors.append(str(response.status))
                time.sleep(0.1)


def test_gunicorn_workers_killed_during_intake_lose_and_duplicate_nothing(world, tmp_path):
    client = integrations.api_client_create(
        name="Portal", kind="national_portal", units=[world.one_stop], rate_limit=1_000_000_000
    )
    token = integrations.api_token_issue(client=client, scopes=["dossiers:read", "dossiers:write"]).secret
    external = External(tmp_path)
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "30",
            "--preload",  # workers respawned after a kill fork from the loaded master
            "--chdir",
            str(ROOT),
        ],
        cwd=ROOT,
        env=external.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    acked, lock, stop, errors, killed = [], threading.Lock(), threading.Event(), [], []
    try:

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_for(healthy, what="gunicorn to start")
        clients = [
            Intake(
                port=port, token=token, world=world, prefix=f"T{i}", acked=acked, lock=lock, stop=stop, errors=errors
            )
            for i in range(3)
        ]
        for thread in clients:
            thread.start()
        for target in (3, 8):  # kill a worker twice while the three clients keep filing
            wait_for(lambda target=target: len(acked) >= target, what=f"{target} acknowledged dossiers")
            victim = children(server.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
        wait_for(lambda: len(acked) >= 14, what="14 acknowledged dossiers after the kills")
        stop.set()
        for thread in clients:
            thread.join(40)
        respawned = set(children(server.pid)) - set(killed)
    finally:
        stop.set()
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()

    assert len(respawned) == 2  # the master replaced the killed workers
    filed = external.rows("SELECT code, subject FROM dossiers_dossier WHERE subject LIKE 'T%'")
    assert sorted(filed) == sorted(acked)  # every acknowledged dossier is there, nothing else
    assert len({subject for _, subject in filed}) == len(filed)  # no idempotency key filed twice
