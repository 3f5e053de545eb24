"""Zalo Notification Service (ZNS) over Zalo's HTTP API, as Zalo documents it for Official Accounts:

- refresh: `POST <oauth_url>` (https://oauth.zaloapp.com/v4/oa/access_token), header `secret_key: <app secret>`,
  form `refresh_token, app_id, grant_type=refresh_token` → `{"access_token", "refresh_token", "expires_in"}`
  (seconds, as a string); the refresh token is single-use, the new one is stored at once;
- send: `POST <api_url>/message/template`, header `access_token`, JSON `{"phone": "84…", "template_id",
  "template_data": {name: value}, "tracking_id"}` → `{"error": 0, "message", "data": {"msg_id", "sent_time"}}`;
  error -124 means the access token is invalid or expired: refresh once and repeat;
- delivery status: `GET <api_url>/message/status?message_id=…&phone=…`, header `access_token` →
  `{"error": 0, "data": {"delivery_time", "status"}}` (status 1: delivered to the phone).
"""

from __future__ import annotations

import datetime as dt

import requests
from django.db import transaction
from django.utils import timezone

from .conf import ZaloSettings
from .models import ZaloToken

TOKEN_INVALID = -124


class ZaloError(Exception):
    def __init__(self, message: str, *, code: int | None = None, http_status: int | None = None) -> None:
        super().__init__(message[:255])
        self.code, self.http_status = code, http_status

    @property
    def unreachable(self) -> bool:
        return self.code is None and (self.http_status is None or self.http_status >= 500)


class ZnsClient:
    def __init__(self, conf: ZaloSettings, *, http: requests.Session | None = None) -> None:
        self.conf = conf
        self.http = http or requests.Session()

    def _request(self, method: str, url: str, **kwargs) -> dict:
        try:
            reply = self.http.request(method, url, timeout=self.conf.timeout, **kwargs)
        except requests.Timeout:
            raise ZaloError("timeout") from None
        except requests.RequestException as error:
            raise ZaloError(type(error).__name__) from None
        if reply.status_code >= 400:
            raise ZaloError(f"HTTP {reply.status_code}", http_status=reply.status_code)
        try:
            body = reply.json()
        except ValueError:
            raise ZaloError("not JSON", http_status=reply.status_code) from None
        return body if isinstance(body, dict) else {}

    # -- tokens --
    def refresh(self) -> str:
        """Exchange the stored refresh token for a new pair (row-locked: one worker refreshes at a time)."""
        with transaction.atomic():
            row, _created = ZaloToken.objects.select_for_update().get_or_create(
                app_id=self.conf.app_id, defaults={"refresh_token": self.conf.refresh_token}
            )
            body = self._request(
                "POST",
                self.conf.oauth_url,
                headers={"secret_key": self.conf.secret_key},
                data={"refresh_token": row.refresh_token, "app_id": self.conf.app_id, "grant_type": "refresh_token"},
            )
            if not body.get("access_token") or not body.get("refresh_token"):
                raise ZaloError(f"token refresh refused ({body.get('error', 'no token')})", code=body.get("error"))
            now = timezone.now()
            row.access_token, row.refresh_token = body["access_token"], body["refresh_token"]
            row.expires_at = now + dt.timedelta(seconds=int(body.get("expires_in") or 0))
            row.refreshed_at = now
            row.save()
            return row.access_token

    def access_token(self) -> str:
        row = ZaloToken.objects.filter(app_id=self.conf.app_id).first()
        margin = timezone.now() + dt.timedelta(minutes=5)
        if row is None or not row.access_token or (row.expires_at and row.expires_at <= margin):
            return self.refresh()
        return row.access_token

    # -- messages --
    def _authorised(self, method: str, path: str, **kwargs) -> dict:
        body = self._request(method, self.conf.api_url + path, headers={"access_token": self.access_token()}, **kwargs)
        if body.get("error") == TOKEN_INVALID:
            body = self._request(method, self.conf.api_url + path, headers={"access_token": self.refresh()}, **kwargs)
        if body.get("error") != 0:
            raise ZaloError(f"refused ({body.get('error')})", code=body.get("error"))
        return body.get("data") or {}

    def send(self, *, phone: str, template_id: str, data: dict[str, str], tracking_id: str) -> str:
        document = {"phone": phone, "template_id": template_id, "template_data": data, "tracking_id": tracking_id}
        return str(self._authorised("POST", "/message/template", json=document).get("msg_id", ""))

    def status(self, *, message_id: str, phone: str) -> dict:
        return self._authorised("GET", "/message/status", params={"message_id": message_id, "phone": phone})
