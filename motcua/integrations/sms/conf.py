"""SMPP gateway settings: `MOTCUA_SMPP = {...}` in the Django settings, or `MOTCUA_SMPP_<NAME>` environment
variables read by config/settings/base.py."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings


@dataclass(frozen=True)
class SmppSettings:
    host: str = ""
    port: int = 2775
    system_id: str = ""
    password: str = ""
    system_type: str = ""
    source_addr: str = ""  # the registered brandname (alphanumeric, up to 11 characters)
    timeout: float = 10.0  # seconds for connect and for each response PDU
    attempts: int = 3  # tries of one message before it is recorded as failed
    backoff: float = 1.0  # seconds before the 2nd try; doubles each time
    receipt_wait: float = 2.0  # seconds to wait on the same bind for the delivery receipt (0: do not wait)
    phone_limit: int = 5  # messages to one phone number …
    phone_window: int = 3600  # … per this many seconds


def smpp_settings() -> SmppSettings:
    overrides = getattr(settings, "MOTCUA_SMPP", {}) or {}
    known = {f.name for f in fields(SmppSettings)}
    return SmppSettings(**{key.lower(): value for key, value in overrides.items() if key.lower() in known})
