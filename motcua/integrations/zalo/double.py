"""A local stand-in for Zalo's OAuth and ZNS endpoints (HTTP on 127.0.0.1, random port), for tests.

It validates like Zalo: the token refresh needs the app's `secret_key` header, `app_id`, `grant_type=
refresh_token` and the *current* refresh token (each one works once: it returns a new pair and retires the old
one); a send needs a live `access_token` header (an expired or retired one gets error -124), a phone 84xxxxxxxxx
(-108), an approved template id and exactly that template's parameters as strings within their lengths (-201).

    with ZnsDouble(templates={"301234": {"ma_ho_so": 30}}) as zalo:
        zalo.oauth_url, zalo.api_url, zalo.sent, zalo.expire_access_token()
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from motcua.integrations.loopback import LoopbackServer

TOKEN_INVALID, PHONE_INVALID, PARAMETER_INVALID, TEMPLATE_UNKNOWN = -124, -108, -201, -1124
PHONE = re.compile(r"^84[35789]\d{8}$")


class ZnsDouble(LoopbackServer):
    def __init__(
        self,
        *,
        app_id: str = "4321",
        secret_key: str = "app-secret",  # noqa: S107 (the double's own test app)
        refresh_token: str = "first-refresh",  # noqa: S107
        templates: dict[str, dict[str, int]] | None = None,
        token_seconds: int = 90000,
    ) -> None:
        self.app_id, self.secret_key = app_id, secret_key
        self.refresh_token = refresh_token
        self.templates = templates or {}
        self.token_seconds = token_seconds
        self.access_tokens: dict[str, float] = {}  # token → expiry (monotonic)
        self.sent: list[dict] = []
        self.refreshes = 0
        self.errors: list[int] = []
        self.lock = threading.Lock()

    def start(self) -> ZnsDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _reply(self, document: dict) -> None:
                data = json.dumps(document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                if path == "/v4/oa/access_token":
                    return self._reply(double.refresh(self.headers, raw))
                if path == "/message/template":
                    return self._reply(double.send(self.headers, raw))
                self.send_response(404)
                self.end_headers()

        self._serve(Handler)
        return self

    @property
    def base_url(self) -> str:
        return self.origin

    @property
    def oauth_url(self) -> str:
        return self.base_url + "/v4/oa/access_token"

    @property
    def api_url(self) -> str:
        return self.base_url

    def expire_access_token(self) -> None:
        with self.lock:
            self.access_tokens = dict.fromkeys(self.access_tokens, 0.0)

    # -- contract --
    def refresh(self, headers, raw: bytes) -> dict:
        with self.lock:
            form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
            if not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                return {"error": -14002, "error_name": "Invalid content type"}
            if headers.get("secret_key") != self.secret_key or form.get("app_id") != self.app_id:
                return {"error": -14001, "error_name": "Invalid app"}
            if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
                return {"error": -14014, "error_name": "Invalid refresh token"}
            self.refreshes += 1
            access = secrets.token_hex(12)
            self.access_tokens[access] = time.monotonic() + self.token_seconds
            self.refresh_token = secrets.token_hex(12)  # single use: the old one is retired
            return {"access_token": access, "refresh_token": self.refresh_token, "expires_in": str(self.token_seconds)}

    def send(self, headers, raw: bytes) -> dict:
        with self.lock:
            code = self._check(headers, raw)
            if code:
                self.errors.append(code)
                return {"error": code, "message": "refused"}
            document = json.loads(raw)
            self.sent.append(document)
            return {
                "error": 0,
                "message": "Success",
                "data": {"msg_id": secrets.token_hex(10), "sent_time": str(int(time.time() * 1000))},
            }

    def _check(self, headers, raw: bytes) -> int:
        expiry = self.access_tokens.get(headers.get("access_token", ""), 0.0)
        if expiry <= time.monotonic():
            return TOKEN_INVALID
        try:
            document = json.loads(raw)
        except ValueError:
            return PARAMETER_INVALID
        if not isinstance(document, dict) or not PHONE.match(str(document.get("phone", ""))):
            return PHONE_INVALID
        params = self.templates.get(document.get("template_id"))
        if params is None:
            return TEMPLATE_UNKNOWN
        data = document.get("template_data")
        if not isinstance(data, dict) or set(data) != set(params):
            return PARAMETER_INVALID
        if any(not isinstance(value, str) or not 0 < len(value) <= params[name] for name, value in data.items()):
            return PARAMETER_INVALID
        tracking = document.get("tracking_id", "")
        if not isinstance(tracking, str) or len(tracking) > 48:
            return PARAMETER_INVALID
        return 0
