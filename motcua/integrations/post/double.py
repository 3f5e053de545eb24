"""A local stand-in for VNPost's partner API (HTTP on 127.0.0.1, random port), speaking the contract of
`client.py` (request fields as public partner code uses them; the answer and the status events inferred, see
there), for tests.

It validates: the sign-in (`TenDangNhap`, `MatKhau`), the `h-token` of every order, our `CustomerCode`, the
required sender and receiver fields, a Vietnamese phone number, a weight > 0, no cash on delivery, a known
`ServiceName` and an `OrderCode` not used before — refusing with `{"IsSuccess": false, "Message"}` (HTTP 400)
or 401 for a bad token. An accepted order gets an `ItemCode` (EB…VN) and a postage; `report()` sends a signed
status event to `event_url` (or `event_call` in tests without a server).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from motcua.integrations.loopback import LoopbackServer

from .webhook import event_signature

PHONE = re.compile(r"^0\d{9}$")  # mobile (03…09) or landline (02…), 10 digits
REQUIRED = (
    "CustomerCode",
    "OrderCode",
    "ServiceName",
    "SenderFullname",
    "SenderTel",
    "SenderAddress",
    "ReceiverFullname",
    "ReceiverTel",
    "ReceiverAddress",
)
SERVICES = {"BK", "EMS", "TMDT-BK"}


class VnPostDouble(LoopbackServer):
    def __init__(
        self,
        *,
        username: str = "ubnd-tinh",
        password: str = "mat-khau",  # noqa: S107 (the double's own test account)
        customer_code: str = "CRM0001",
        secret: str = "vnpost-secret",  # noqa: S107
        event_url: str = "",
        event_call: Callable[[bytes, str], int] | None = None,
        postage: int = 16500,
    ) -> None:
        self.username, self.password, self.customer_code = username, password, customer_code
        self.secret, self.event_url, self.event_call, self.postage = secret, event_url, event_call, postage
        self.tokens: set[str] = set()
        self.orders: dict[str, dict] = {}
        self.refusals: list[str] = []
        self.event_answers: list[int] = []
        self.lock = threading.Lock()

    def start(self) -> VnPostDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                if path == "/api/api/MobileAuthentication/GetAccessToken":
                    status, body = double.sign_in(raw)
                elif path == "/api/api/DoiTac/CreateOrder":
                    status, body = double.create(self.headers.get("h-token", ""), raw)
                else:
                    status, body = 404, {}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._serve(Handler)
        return self

    @property
    def base_url(self) -> str:
        return self.origin + "/api/api"

    # -- contract --
    def sign_in(self, raw: bytes) -> tuple[int, dict]:
        try:
            form = json.loads(raw)
        except ValueError:
            return 400, {"IsSuccess": False, "Message": "Invalid data"}
        if form.get("TenDangNhap") != self.username or form.get("MatKhau") != self.password:
            return 200, {"IsSuccess": False, "Message": "Sai tên đăng nhập hoặc mật khẩu"}
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens.add(token)
        return 200, {"IsSuccess": True, "Token": token}

    def create(self, token: str, raw: bytes) -> tuple[int, dict]:
        with self.lock:
            if token not in self.tokens:
                return 401, {"IsSuccess": False, "Message": "Unauthorized"}
            try:
                order = json.loads(raw)
            except ValueError:
                order = None
            problem = self._check(order)
            if problem:
                self.refusals.append(problem)
                return 400, {"IsSuccess": False, "Message": problem}
            item = f"EB{secrets.randbelow(10**8):08d}VN"
            answer = {
                "Id": secrets.token_hex(8),
                "OrderCode": order["OrderCode"],
                "ItemCode": item,
                "TotalFreightIncludeVatEvaluation": self.postage,
                "IsSuccess": True,
            }
            self.orders[order["OrderCode"]] = {"request": order, "answer": answer}
            return 200, answer

    def _check(self, order) -> str:
        if not isinstance(order, dict):
            return "invalid body"
        missing = [name for name in REQUIRED if not str(order.get(name) or "").strip()]
        if missing:
            return "missing " + ",".join(missing)
        if order["CustomerCode"] != self.customer_code:
            return "unknown CustomerCode"
        if order["ServiceName"] not in SERVICES:
            return "unknown ServiceName"
        if not PHONE.match(str(order["ReceiverTel"])) or not PHONE.match(str(order["SenderTel"])):
            return "bad phone"
        if not isinstance(order.get("WeightEvaluation"), int) or order["WeightEvaluation"] <= 0:
            return "bad weight"
        if order.get("CodAmountEvaluation") not in (0, None):
            return "cash on delivery not in this contract"
        if order["OrderCode"] in self.orders:
            return "duplicate OrderCode"
        return ""

    def event(self, order_code: str, status_id: int) -> tuple[bytes, str]:
        order = self.orders[order_code]
        body = json.dumps(
            {
                "OrderCode": order_code,
                "ItemCode": order["answer"]["ItemCode"],
                "OrderStatusId": status_id,
                "StatusName": {1: "Nhận hàng", 2: "Đang vận chuyển", 3: "Phát thành công"}.get(status_id, ""),
                "StatusTime": "2026-03-04T10:00:00",
            },
            ensure_ascii=False,
        ).encode()
        return body, event_signature(body=body, secret=self.secret)

    def report(self, order_code: str, status_id: int) -> int:
        """Send one signed status event; returns the HTTP status our webhook answered."""
        body, signature = self.event(order_code, status_id)
        if self.event_call is not None:
            status = self.event_call(body, signature)
        else:
            request = urllib.request.Request(  # noqa: S310 (loopback test server)
                self.event_url,
                data=body,
                headers={"Content-Type": "application/json", "X-VNPost-Signature": signature},
            )
            with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
                status = reply.status
        self.event_answers.append(status)
        return status
