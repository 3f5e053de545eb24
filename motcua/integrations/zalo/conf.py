"""ZNS settings: `MOTCUA_ZALO = {...}` (APP_ID, SECRET_KEY, REFRESH_TOKEN for the first refresh, URLs)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings


@dataclass(frozen=True)
class ZaloSettings:
    app_id: str = ""
    secret_key: str = ""  # the app's secret, sent as the `secret_key` header of the token refresh
    oa_secret_key: str = ""  # the OA's secret key, which signs the webhook events (X-ZEvent-Signature)
    refresh_token: str = ""  # the first refresh token (from the OA authorisation); later ones are stored
    oauth_url: str = "https://oauth.zaloapp.com/v4/oa/access_token"
    api_url: str = "https://business.openapi.zalo.me"
    timeout: float = 10.0


def zalo_settings() -> ZaloSettings:
    overrides = getattr(settings, "MOTCUA_ZALO", {}) or {}
    known = {f.name for f in fields(ZaloSettings)}
    return ZaloSettings(**{key.lower(): value for key, value in overrides.items() if key.lower() in known})
