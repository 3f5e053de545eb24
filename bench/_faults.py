"""Helpers of `bench/faults.py`: the retrying API client, process trees, SQL on the run's database, the disk filler."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

from _server import ADMIN_URL

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"% padding\n" * 2000 + b"%%EOF\n"
RETRY = {409, 429, 500, 502, 503, 504, 507}


# --- the client ---------------------------------------------------------------------------------------------


class Log:
    """Every request's outcome with its time, for the per-fault figures."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[tuple[float, str, str]] = []  # (monotonic time, kind, outcome: "2xx", "507", "conn"…)
        self.dossiers: list[dict] = []
        self.events: list[list] = []
        self.refusals: dict[str, int] = {}

    def add(self, kind: str, outcome: str) -> None:
        with self.lock:
            self.rows.append((time.monotonic(), kind, outcome))


class Client(threading.Thread):
    def __init__(self, *, number: int, port: int, token: str, fixture: dict, prefix: str, log: Log, stop) -> None:
        super().__init__(daemon=True)
        self.number, self.port, self.token, self.fx, self.prefix = number, port, token, fixture, prefix
        self.log, self.stop = log, stop
        self.conn: http.client.HTTPConnection | None = None

    def send(self, kind: str, method: str, path: str, body: bytes, key: str, content_type: str) -> dict | None:
        """The same request (same key) until a 2xx, a final 4xx or the end of the load; the JSON of the 2xx."""
        headers = {"Authorization": "Bearer " + self.token, "Idempotency-Key": key, "Content-Type": content_type}
        while not self.stop.is_set():
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                self.log.add(kind, "timeout" if isinstance(error, TimeoutError) else "connection")
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                time.sleep(0.2)
                continue
            self.log.add(kind, "2xx" if 200 <= status < 300 else str(status))
            if 200 <= status < 300:
                return json.loads(data)
            if status not in RETRY:
                with self.log.lock:
                    self.log.refusals[f"{kind} {status}"] = self.log.refusals.get(f"{kind} {status}", 0) + 1
                return None
            time.sleep(0.2)
        return None

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            key = f"{self.prefix}-{self.number}-{n}"
            payload = {
                "procedure_code": self.fx["procedure"],
                "receiving_unit": self.fx["unit"],
                "applicant_name": "Nguyễn Văn Fault",
                "applicant_phone": "0912345678",
                "subject": key,
            }
            answer = self.send(
                "intake", "POST", "/api/v1/dossiers", json.dumps(payload).encode(), key, "application/json"
            )
            if answer is None:
                continue
            code = answer["code"]
            with self.log.lock:
                self.log.dossiers.append({"code": code, "key": key})
                self.log.events.append([code, answer["version"]])
            body = {"action": "request_supplement", "expected_version": answer["version"], "items": ["Giấy tờ"]}
            answer = self.send(
                "action",
                "POST",
                f"/api/v1/dossiers/{code}/actions",
                json.dumps(body).encode(),
                key + "-s",
                "application/json",
            )
            if answer is None:
                continue
            with self.log.lock:
                self.log.events.append([code, answer["version"]])
            if n % 3:
                continue
            boundary = "fault" + uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="expected_version"\r\n\r\n'
                f"{answer['version']}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bo-sung.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n".encode()
                + PDF
                + b"\r\n",
                f"--{boundary}--\r\n".encode(),
            ]
            answer = self.send(
                "upload",
                "POST",
                f"/api/v1/dossiers/{code}/documents",
                b"".join(parts),
                key + "-d",
                f"multipart/form-data; boundary={boundary}",
            )
            if answer is not None:
                with self.log.lock:
                    self.log.events.append([code, answer["version"]])


# --- processes and faults -----------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc), so the whole gunicorn is killed at once."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                queue.extend(int(child) for child in (task / "children").read_text().split())
    return pids


def kill_tree(process: subprocess.Popen) -> int:
    pids = process_tree(process.pid)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait()
    return len(pids)


def sql(url: str, query: str, *params):
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(query, params or None)
        return cursor.fetchall() if cursor.description else None


def fill(directory: Path) -> int:
    """Fill the file system of `directory` to the last byte; returns the bytes written."""
    written = 0
    chunk = b"\0" * (1 << 20)
    with open(directory / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(chunk)
                written += len(chunk)
        except OSError:
            pass
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
                    written += size
            except OSError:
                pass
    return written


def other_sessions(dbname: str) -> int:
    """Client sessions of other databases (idle ones too: a restart breaks an idle test connection as well)."""
    rows = sql(
        ADMIN_URL,
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname IS NOT NULL "
        "AND datname <> %s AND pid <> pg_backend_pid()",
        dbname,
    )
    return rows[0][0]
