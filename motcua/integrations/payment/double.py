"""A local stand-in for the payment platform (HTTP on 127.0.0.1, random port), speaking the VNPAY 2.1.0 contract
of `protocol`, for tests and demonstrations.

It validates like the platform: the pay request needs every required field, version 2.1.0, command `pay`, our
merchant code, an amount in đồng × 100, currency VND, an order text without diacritics, a timestamp
yyyyMMddHHmmss, an order number not used before, and a correct vnp_SecureHash — else it answers 400 with the
platform's code (03 invalid data, 70 bad signature, 02 merchant unknown, 94 duplicate order). A valid request
shows a page where the payer pays or cancels; the outcome is signed and sent as the IPN (GET to `ipn_url`, or
to `ipn_call` in tests without a server), then the browser is redirected to vnp_ReturnUrl with the same signed
fields. querydr (`POST /merchant_webapi/api/transaction`) checks its `|` signature and answers signed.

    with PaymentDouble(tmn_code="MOTCUA01", hash_secret="s", ipn_url=live + "/thanh-toan/ipn/") as platform:
        platform.pay_url, platform.api_url, platform.pay(txn_ref), platform.orders, platform.ipn_answers
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit

from motcua.integrations.loopback import LoopbackServer

from . import protocol

STAMP = re.compile(r"^\d{14}$")


class PaymentDouble(LoopbackServer):
    def __init__(
        self,
        *,
        tmn_code: str = "MOTCUA01",
        hash_secret: str = "double-secret",  # noqa: S107 (the double's own test merchant)
        ipn_url: str = "",
        ipn_call: Callable[[dict], dict] | None = None,
    ) -> None:
        self.tmn_code, self.hash_secret = tmn_code, hash_secret
        self.ipn_url, self.ipn_call = ipn_url, ipn_call
        self.orders: dict[str, dict] = {}  # vnp_TxnRef → the request fields and the outcome
        self.ipn_answers: list[dict] = []
        self.errors: list[str] = []
        self.queries: list[dict] = []
        self.lock = threading.Lock()

    # -- server --
    def start(self) -> PaymentDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != "/paymentv2/vpcpay.html":
                    return self._send(404, b"", "text/plain")
                params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                code = double.accept(params)
                if code:
                    page = f"<!doctype html><html lang='vi'><body><h1>Lỗi {code}</h1></body></html>"
                    return self._send(400, page.encode(), "text/html; charset=utf-8")
                return self._send(200, double.page(params).encode(), "text/html; charset=utf-8")

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                if path == "/paymentv2/confirm":
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                    outcome = "00" if form.get("outcome") == "pay" else "24"  # 24: the payer cancelled
                    _answer, location = double.pay(form.get("txn_ref", ""), response_code=outcome)
                    if not location:
                        return self._send(404, b"", "text/plain")
                    return self._send(302, b"", "text/plain", {"Location": location})
                if path == "/merchant_webapi/api/transaction":
                    body = json.dumps(double.query(raw)).encode()
                    return self._send(200, body, "application/json")
                return self._send(404, b"", "text/plain")

        self._serve(Handler)
        return self

    @property
    def base_url(self) -> str:
        return self.origin

    @property
    def pay_url(self) -> str:
        return self.base_url + "/paymentv2/vpcpay.html"

    @property
    def api_url(self) -> str:
        return self.base_url + "/merchant_webapi/api/transaction"

    # -- contract --
    def accept(self, params: dict[str, str]) -> str:
        """Validate a pay request; '' when accepted (the order is stored), else the platform's error code."""
        with self.lock:
            code = self._check(params)
            if code:
                self.errors.append(code)
                return code
            self.orders[params["vnp_TxnRef"]] = {"request": params, "status": "pending"}
            return ""

    def _check(self, params: dict[str, str]) -> str:
        if any(not params.get(name) for name in protocol.PAY_REQUIRED):
            return "03"
        if params["vnp_TmnCode"] != self.tmn_code:
            return "02"
        if not protocol.verify(params, self.hash_secret):
            return "70"
        if (params["vnp_Version"], params["vnp_Command"], params["vnp_CurrCode"]) != (protocol.VERSION, "pay", "VND"):
            return "03"
        amount = params["vnp_Amount"]
        if not amount.isdigit() or int(amount) <= 0 or int(amount) % 100:
            return "03"
        if params["vnp_Locale"] not in ("vn", "en") or not params["vnp_ReturnUrl"].startswith(("http://", "https://")):
            return "03"
        if not STAMP.match(params["vnp_CreateDate"]) or not STAMP.match(params.get("vnp_ExpireDate", "0" * 14)):
            return "03"
        if protocol.ascii_text(params["vnp_OrderInfo"]) != params["vnp_OrderInfo"]:
            return "03"
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,100}", params["vnp_TxnRef"]) or params["vnp_TxnRef"] in self.orders:
            return "94"
        return ""

    def page(self, params: dict[str, str]) -> str:
        txn = html.escape(params["vnp_TxnRef"])
        amount = int(params["vnp_Amount"]) // 100
        return (
            "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Cổng thanh toán (giả lập)</title>"
            f"</head><body><h1>Thanh toán {amount:,} đồng</h1><p>{html.escape(params['vnp_OrderInfo'])}</p>"
            "<form method='post' action='/paymentv2/confirm'>"
            f"<input type='hidden' name='txn_ref' value='{txn}'>"
            "<button name='outcome' value='pay'>Thanh toán</button> "
            "<button name='outcome' value='cancel'>Hủy giao dịch</button></form></body></html>"
        )

    def result(self, txn_ref: str, *, response_code: str = "00") -> dict[str, str]:
        """The signed fields the platform sends in the IPN and the return redirect."""
        request = self.orders[txn_ref]["request"]
        order = self.orders[txn_ref]
        order.setdefault("transaction_no", str(10_000_000 + len(self.orders) * 7 + secrets.randbelow(7)))
        order.setdefault("pay_date", time.strftime("%Y%m%d%H%M%S", time.gmtime(time.time() + 7 * 3600)))
        fields = {
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": request["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": "VNP" + order["transaction_no"],
            "vnp_CardType": "ATM",
            "vnp_PayDate": order["pay_date"],
            "vnp_OrderInfo": request["vnp_OrderInfo"],
            "vnp_TransactionNo": order["transaction_no"] if response_code == "00" else "0",
            "vnp_ResponseCode": response_code,
            "vnp_TransactionStatus": "00" if response_code == "00" else "02",
            "vnp_TxnRef": txn_ref,
        }
        fields["vnp_SecureHash"] = protocol.sign(fields, self.hash_secret)
        return fields

    def pay(self, txn_ref: str, *, response_code: str = "00") -> tuple[dict | None, str]:
        """The payer pays (00) or cancels (24): send the IPN, return (our IPN answer, the return redirect)."""
        with self.lock:
            if txn_ref not in self.orders:
                return None, ""
            fields = self.result(txn_ref, response_code=response_code)
            self.orders[txn_ref]["status"] = "paid" if response_code == "00" else "failed"
        answer = self.send_ipn(fields)
        return answer, self.orders[txn_ref]["request"]["vnp_ReturnUrl"] + "?" + urlencode(fields)

    def send_ipn(self, fields: dict[str, str]) -> dict:
        if self.ipn_call is not None:
            answer = self.ipn_call(dict(fields))
        else:
            with urllib.request.urlopen(self.ipn_url + "?" + urlencode(fields), timeout=10) as reply:  # noqa: S310
                answer = json.loads(reply.read())
        with self.lock:
            self.ipn_answers.append(answer)
        return answer

    def query(self, raw: bytes) -> dict:
        with self.lock:
            try:
                body = json.loads(raw)
            except ValueError:
                return {"vnp_ResponseCode": "03", "vnp_Message": "Invalid data"}
            self.queries.append(body)
            expected = protocol.sign_fields(body, protocol.QUERY_REQUEST_ORDER, self.hash_secret)
            if body.get("vnp_SecureHash") != expected:
                answer = {"vnp_ResponseCode": "97", "vnp_Message": "Invalid checksum"}
            elif body.get("vnp_TmnCode") != self.tmn_code or body.get("vnp_Command") != "querydr":
                answer = {"vnp_ResponseCode": "02", "vnp_Message": "Merchant is not valid"}
            elif body.get("vnp_TxnRef") not in self.orders:
                answer = {"vnp_ResponseCode": "91", "vnp_Message": "Not found transaction"}
            else:
                order = self.orders[body["vnp_TxnRef"]]
                paid = order["status"] == "paid"
                answer = {
                    "vnp_ResponseCode": "00",
                    "vnp_Message": "QueryDR Success",
                    "vnp_TxnRef": body["vnp_TxnRef"],
                    "vnp_Amount": order["request"]["vnp_Amount"],
                    "vnp_BankCode": "NCB",
                    "vnp_PayDate": order.get("pay_date", ""),
                    "vnp_TransactionNo": order.get("transaction_no", "") if paid else "0",
                    "vnp_TransactionType": "01",
                    "vnp_TransactionStatus": "00" if paid else ("01" if order["status"] == "pending" else "02"),
                    "vnp_OrderInfo": order["request"]["vnp_OrderInfo"],
                    "vnp_PromotionCode": "",
                    "vnp_PromotionAmount": "",
                }
            answer.update(vnp_ResponseId=secrets.token_hex(16), vnp_Command="querydr", vnp_TmnCode=self.tmn_code)
            answer["vnp_SecureHash"] = protocol.sign_fields(answer, protocol.QUERY_RESPONSE_ORDER, self.hash_secret)
            return answer
