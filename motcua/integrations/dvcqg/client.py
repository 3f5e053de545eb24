"""The LGSP/NGSP client of the national public service portal (Cổng DVCQG) sync services.

The contract provincial systems speak (OpenCPS `DVCQGIntegrationActionImpl`, provincial systems posting
`…/DongBoHoSoMC`; see docs/sync.md):

- authentication: `POST <auth_url>` with `{"username", "password"}` → `{"session", "error_code"}`;
- every service call: `POST <service_url>` with `{"session", "madonvi", "service", …}` where `madonvi` is the
  agency's e-identifier on the portal (MaDinhDanhDV) and `service` one of `DongBoHoSoMC`, `CapNhatTienDoHoSoMC`,
  `TraCuuHoSo`, `LayThuTuc`;
- success is `"error_code": "00"`; anything else is a refusal, its `message`/`error_message` kept (it never
  contains the applicant's data we sent, only the portal's own text, and is cut to 255 characters).

A session is kept per (auth URL, user) for the life of the process; a refused call logs in again once and
repeats (the portal expires sessions without a distinct error code).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import requests

logger = logging.getLogger("motcua.integrations.dvcqg")

SUCCESS = "00"
SYNC_DOSSIERS = "DongBoHoSoMC"
SYNC_PROGRESS = "CapNhatTienDoHoSoMC"
LOOK_UP_DOSSIER = "TraCuuHoSo"
LIST_PROCEDURES = "LayThuTuc"
SERVICES = (SYNC_DOSSIERS, SYNC_PROGRESS, LOOK_UP_DOSSIER, LIST_PROCEDURES)


class LgspError(Exception):
    """The far side refused a call (`code` is its error_code) or could not be reached (`code` is "")."""

    def __init__(self, message: str, *, code: str = "", http_status: int | None = None) -> None:
        super().__init__(message[:255])
        self.code = code
        self.http_status = http_status

    @property
    def unreachable(self) -> bool:
        """Down, timing out or answering 5xx: the circuit breaker counts these, not business refusals."""
        return not self.code and (self.http_status is None or self.http_status >= 500)


@dataclass(frozen=True)
class LgspConfig:
    auth_url: str
    service_url: str
    username: str
    password: str
    unit_code: str  # madonvi
    timeout: float = 10.0


_sessions: dict[tuple[str, str], str] = {}
_sessions_lock = threading.Lock()


def forget_sessions() -> None:
    with _sessions_lock:
        _sessions.clear()


class LgspClient:
    def __init__(self, config: LgspConfig, *, http: requests.Session | None = None) -> None:
        self.config = config
        self.http = http or requests.Session()
        self.http.headers["User-Agent"] = "motcua-lgsp/1"

    # -- transport --
    def _post(self, url: str, document: dict) -> dict:
        started = time.monotonic()
        try:
            reply = self.http.post(url, json=document, timeout=self.config.timeout)
        except requests.Timeout:
            raise LgspError("timeout") from None
        except requests.RequestException as error:
            raise LgspError(type(error).__name__) from None
        finally:
            self.last_duration_ms = int((time.monotonic() - started) * 1000)
        if reply.status_code >= 400:
            raise LgspError(f"HTTP {reply.status_code}", http_status=reply.status_code)
        try:
            body = reply.json()
        except ValueError:
            raise LgspError("not JSON", http_status=reply.status_code) from None
        if not isinstance(body, dict):
            raise LgspError("not a JSON object", http_status=reply.status_code)
        return body

    # -- session --
    def _key(self) -> tuple[str, str]:
        return (self.config.auth_url, self.config.username)

    def login(self) -> str:
        body = self._post(self.config.auth_url, {"username": self.config.username, "password": self.config.password})
        code = str(body.get("error_code", ""))
        session = body.get("session")
        if code != SUCCESS or not session:
            raise LgspError(f"login refused ({code or 'no code'})", code=code or "login")
        with _sessions_lock:
            _sessions[self._key()] = str(session)
        return str(session)

    def session(self) -> str:
        with _sessions_lock:
            cached = _sessions.get(self._key())
        return cached or self.login()

    # -- services --
    def call(self, service: str, **fields) -> dict:
        """One service call; the reply when its error_code is "00", else `LgspError`."""
        if service not in SERVICES:
            raise ValueError(f"unknown LGSP service {service!r}")
        body = self._send(service, self.session(), fields)
        if str(body.get("error_code", "")) != SUCCESS:
            # Sessions expire without a distinct code: log in again once and repeat.
            body = self._send(service, self.login(), fields)
        code = str(body.get("error_code", ""))
        if code != SUCCESS:
            text = str(body.get("message") or body.get("error_message") or "")
            raise LgspError(f"{service} refused ({code}) {text}".strip(), code=code or "missing")
        logger.info("dvcqg.call", extra={"service": service, "duration_ms": self.last_duration_ms})
        return body

    def _send(self, service: str, session: str, fields: dict) -> dict:
        document = {"session": session, "madonvi": self.config.unit_code, "service": service} | fields
        return self._post(self.config.service_url, document)

    def look_up(self, code: str) -> dict | None:
        """`TraCuuHoSo`: the portal's record of one dossier, or None when it has none."""
        body = self.call(LOOK_UP_DOSSIER, mahoso=code)
        result = body.get("result")
        if isinstance(result, list):
            result = result[0] if result else None
        return result or None

    def sync_dossiers(self, records: list[dict], *, updating: bool) -> dict:
        """`DongBoHoSoMC`: create (isUpdating false) or update (true) dossiers."""
        return self.call(SYNC_DOSSIERS, isUpdating=updating, data=records)

    def sync_progress(self, rows: list[dict]) -> dict:
        """`CapNhatTienDoHoSoMC`: append processing-progress rows."""
        return self.call(SYNC_PROGRESS, data=rows)

    def procedures(self) -> list[dict]:
        """`LayThuTuc`: the portal's procedure list for this agency (to fill the MaTTHC mapping)."""
        result = self.call(LIST_PROCEDURES).get("result") or []
        return [row for row in result if isinstance(row, dict)]
