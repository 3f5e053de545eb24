"""VNPost's partner API (MyVNPost, `https://donhang.vnpost.vn/api/api`), as public partner code shows it:

* sign in: `POST {base}/MobileAuthentication/GetAccessToken` `{"TenDangNhap", "MatKhau"}` →
  `{"IsSuccess": true, "Token": "…"}`; later calls send the token in the `h-token` header;
* create: `POST {base}/DoiTac/CreateOrder` with `CustomerCode, OrderCode, ServiceName, PickupType,
  SenderFullname, SenderTel, SenderAddress, SenderWardId, SenderDistrictId, SenderProvinceId, ReceiverFullname,
  ReceiverTel, ReceiverAddress, ReceiverWardId, ReceiverDistrictId, ReceiverProvinceId, WeightEvaluation,
  WidthEvaluation, LengthEvaluation, HeightEvaluation, CodAmountEvaluation, OrderAmountEvaluation,
  IsReceiverPayFreight, UseBaoPhat, UseHoaDon, CustomerNote`.

The request field names and the sign-in are those used by published integrations (e.g. the VnpostService of an
open Angular point-of-sale client, and PHP shop plugins calling GetAccessToken). INFERRED, not published by
VNPost: the answer of CreateOrder (`Id`, `ItemCode` = the tracking number, `TotalFreightIncludeVatEvaluation` =
the postage) — read from the same clients' use of the order they get back — and the whole status-event contract
(`webhook.py`). A province checks both against the partner document VNPost gives with the account.
"""

from __future__ import annotations

import time

import requests

from .. import links
from ..choices import LinkKind
from .conf import PostSettings

LINK = "post:vnpost"


class PostLinkError(Exception):
    def __init__(self, message: str, *, unreachable: bool = True) -> None:
        super().__init__(message[:255])
        self.unreachable = unreachable


class VnPostClient:
    def __init__(self, conf: PostSettings, *, http: requests.Session | None = None, sleep=time.sleep) -> None:
        self.conf = conf
        self.http = http or requests.Session()
        self.sleep = sleep
        self._token = ""

    def _post(self, path: str, document: dict | None, *, token: str = "") -> dict:
        headers = {"h-token": token} if token else {}
        try:
            reply = self.http.post(self.conf.base_url + path, json=document, headers=headers, timeout=self.conf.timeout)
        except requests.Timeout:
            raise PostLinkError("timeout") from None
        except requests.RequestException as error:
            raise PostLinkError(type(error).__name__) from None
        if reply.status_code >= 500:
            raise PostLinkError(f"HTTP {reply.status_code}")
        if reply.status_code >= 400:
            raise PostLinkError(f"HTTP {reply.status_code}", unreachable=False)
        try:
            body = reply.json()
        except ValueError:
            raise PostLinkError("not JSON") from None
        return body if isinstance(body, dict) else {}

    def _call(self, path: str, document: dict) -> dict:
        """One call with the breaker, retries with doubling backoff on transport errors and 5xx."""
        if links.link_open_until(name=LINK) is not None:
            raise PostLinkError("the VNPost link is paused after repeated failures")
        delay = self.conf.backoff
        for attempt in range(1, max(1, self.conf.attempts) + 1):
            started = time.monotonic()
            try:
                if not self._token:
                    self._token = self._sign_in()
                body = self._post(path, document, token=self._token)
            except PostLinkError as error:
                links.link_failed(name=LINK, kind=LinkKind.POST, error=str(error), counts=error.unreachable)
                if not error.unreachable or attempt >= self.conf.attempts:
                    raise
                self.sleep(delay)
                delay *= 2
                continue
            links.link_succeeded(name=LINK, kind=LinkKind.POST, duration_ms=int((time.monotonic() - started) * 1000))
            return body
        raise PostLinkError("no answer")  # pragma: no cover

    def _sign_in(self) -> str:
        body = self._post(
            "/MobileAuthentication/GetAccessToken", {"TenDangNhap": self.conf.username, "MatKhau": self.conf.password}
        )
        if not body.get("IsSuccess") or not body.get("Token"):
            raise PostLinkError("sign-in refused", unreachable=False)
        return str(body["Token"])

    def create_order(self, document: dict) -> dict:
        body = self._call("/DoiTac/CreateOrder", document)
        if not body.get("ItemCode"):
            raise PostLinkError(f"order refused ({str(body.get('Message', ''))[:80]})", unreachable=False)
        return body
