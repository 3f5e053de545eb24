"""A webhook receiver with a summary API, for the outbox tests and for trying the worker by hand. (The national
portal itself speaks the LGSP contract; its double is `motcua.integrations.dvcqg.double.LgspDouble`.)

A real HTTP server (threading `http.server` on 127.0.0.1, random port) that stores received payloads by
`MaHoSo` and can be told to accept, fail (HTTP 500) or time out. It implements the remote API that
`motcua sync reconcile` expects (docs/sync.md):

- `POST /dossiers` — one payload; applied only if its `X-Motcua-Sequence` is not older than the stored one.
- `GET /summary` — `{"total": n, "by_status": {"<TrangThaiHoSo>": count}, "dossiers": {"<MaHoSo>": status}}`.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import signing

ACCEPT, FAIL, TIMEOUT = "accept", "fail", "timeout"
Document = dict[str, Any]  # a JSON document received or answered


class NationalPortalMock:
    """`with NationalPortalMock() as portal: portal.url …`; `portal.mode = "fail"`, or `portal.plan = f(call)`
    returning the mode for one request (`Call`: request number, message number in order of first arrival, and
    how many times this message was seen), e.g. `fail_half_the_messages`."""

    def __init__(self, *, secret: str = "", hang_seconds: float = 5.0) -> None:
        self.secret = secret
        self.hang_seconds = hang_seconds
        self.mode = ACCEPT
        self.plan: Callable[[Call], str] | None = None
        self.seen: dict[str, int] = {}  # message id → requests carrying it
        self.lock = threading.Lock()
        self.requests = 0
        self.records: dict[str, Document] = {}
        self.sequences: dict[str, int] = {}
        self.accepted_ids: list[str] = []
        self.arrivals: list[tuple[str, int]] = []  # (MaHoSo, sequence) of accepted requests, in order
        self.bad_signatures = 0
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --
    def start(self) -> NationalPortalMock:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def _json(self, status: int, document: Document) -> None:
                data = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/summary":
                    self._json(200, mock.summary())
                else:
                    self._json(404, {"detail": "not found"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, document = mock.receive(body=body, headers=self.headers)
                if status is None:  # time out: hold the connection until the client gives up
                    mock._release.wait(mock.hang_seconds)
                    return
                self._json(status, document)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> NationalPortalMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the mock is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    # -- behaviour --
    def receive(self, *, body: bytes, headers: Mapping[str, str] | Message) -> tuple[int | None, Document]:
        with self.lock:
            self.requests += 1
            message_id = headers.get("X-Motcua-Message-Id", "")
            number = list(self.seen).index(message_id) + 1 if message_id in self.seen else len(self.seen) + 1
            self.seen[message_id] = self.seen.get(message_id, 0) + 1
            call = Call(request=self.requests, message=number, times=self.seen[message_id])
            mode = self.plan(call) if self.plan else self.mode
            if mode == FAIL:
                return 500, {"detail": "simulated failure"}
            if mode == TIMEOUT:
                return None, {}
            if self.secret and not signing.verify(
                secret=self.secret, body=body, header=headers.get(signing.HEADER, "")
            ):
                self.bad_signatures += 1
                return 401, {"detail": "bad signature"}
            document = json.loads(body)
            data = document.get("data", document)
            code, seq = data["MaHoSo"], int(headers.get("X-Motcua-Sequence", 0))
            self.accepted_ids.append(headers.get("X-Motcua-Message-Id", ""))
            self.arrivals.append((code, seq))
            if seq >= self.sequences.get(code, -1):
                self.records[code], self.sequences[code] = data, seq
            return 200, {"MaHoSo": code, "accepted": True}

    def summary(self) -> Document:
        with self.lock:
            statuses = {code: int(record["TrangThaiHoSo"]) for code, record in self.records.items()}
        counts = Counter(statuses.values())
        return {
            "total": len(statuses),
            "by_status": {str(status): count for status, count in sorted(counts.items())},
            "dossiers": statuses,
        }


@dataclass(frozen=True)
class Call:
    request: int  # 1-based number of the request
    message: int  # 1-based number of the message, in order of first arrival
    times: int  # how many requests carried this message, this one included


def fail_half_the_messages(call: Call) -> str:
    """Every other message fails twice (HTTP 500) before it is accepted: half the deliveries fail."""
    return FAIL if call.message % 2 and call.times <= 2 else ACCEPT


def fail_first_request(call: Call) -> str:
    return FAIL if call.request == 1 else ACCEPT
