"""Calls from us to the payment platform: the pay URL the citizen's browser is sent to (no call), and querydr
(the transaction's state, for reconciliation) with timeouts, retries with backoff and the link's breaker."""

from __future__ import annotations

import datetime as dt
import secrets
import time

import requests

from .. import links
from ..choices import LinkKind
from . import protocol
from .conf import PaymentSettings

LINK = "payment:platform"


class PaymentLinkError(Exception):
    def __init__(self, message: str, *, unreachable: bool = True) -> None:
        super().__init__(message[:255])
        self.unreachable = unreachable


def pay_url(
    conf: PaymentSettings,
    *,
    txn_ref: str,
    amount: int,
    order_info: str,
    return_url: str,
    ip_address: str,
    now: dt.datetime,
) -> str:
    params = {
        "vnp_Version": protocol.VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": conf.tmn_code,
        "vnp_Amount": protocol.wire_amount(amount),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": protocol.ORDER_TYPE_FEES,
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": ip_address or "127.0.0.1",
        "vnp_CreateDate": protocol.timestamp(now),
        "vnp_ExpireDate": protocol.timestamp(now + dt.timedelta(minutes=conf.expire_minutes)),
    }
    return conf.pay_url + "?" + protocol.query_string(params, conf.hash_secret)


class PaymentClient:
    def __init__(self, conf: PaymentSettings, *, http: requests.Session | None = None, sleep=time.sleep) -> None:
        self.conf = conf
        self.http = http or requests.Session()
        self.sleep = sleep

    def query(self, *, txn_ref: str, order_info: str, transaction_date: str, now: dt.datetime) -> dict:
        """querydr: the platform's record of one transaction, its signature checked. Raises PaymentLinkError."""
        if links.link_open_until(name=LINK) is not None:
            raise PaymentLinkError("the payment link is paused after repeated failures")
        body = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": protocol.VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.conf.tmn_code,
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info,
            "vnp_TransactionDate": transaction_date,
            "vnp_CreateDate": protocol.timestamp(now),
            "vnp_IpAddr": "127.0.0.1",
        }
        body["vnp_SecureHash"] = protocol.sign_fields(body, protocol.QUERY_REQUEST_ORDER, self.conf.hash_secret)
        delay = self.conf.backoff
        for attempt in range(1, max(1, self.conf.attempts) + 1):
            started = time.monotonic()
            try:
                answer = self._post(body)
            except PaymentLinkError as error:
                links.link_failed(name=LINK, kind=LinkKind.PAYMENT, error=str(error), counts=error.unreachable)
                if not error.unreachable or attempt >= self.conf.attempts:
                    raise
                self.sleep(delay)
                delay *= 2
                continue
            links.link_succeeded(name=LINK, kind=LinkKind.PAYMENT, duration_ms=int((time.monotonic() - started) * 1000))
            return answer
        raise PaymentLinkError("no answer")  # pragma: no cover (the loop returns or raises)

    def _post(self, body: dict) -> dict:
        try:
            reply = self.http.post(self.conf.api_url, json=body, timeout=self.conf.timeout)
        except requests.Timeout:
            raise PaymentLinkError("timeout") from None
        except requests.RequestException as error:
            raise PaymentLinkError(type(error).__name__) from None
        if reply.status_code >= 500:
            raise PaymentLinkError(f"HTTP {reply.status_code}")
        if reply.status_code >= 400:
            raise PaymentLinkError(f"HTTP {reply.status_code}", unreachable=False)
        try:
            answer = reply.json()
        except ValueError:
            raise PaymentLinkError("not JSON") from None
        if not isinstance(answer, dict):
            raise PaymentLinkError("not an object", unreachable=False)
        expected = protocol.sign_fields(answer, protocol.QUERY_RESPONSE_ORDER, self.conf.hash_secret)
        if str(answer.get("vnp_SecureHash", "")).lower() != expected:
            raise PaymentLinkError("bad signature on the query answer", unreachable=False)
        return answer
