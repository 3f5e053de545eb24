"""Population look-up settings: `MOTCUA_DANCU = {...}`.

ENDPOINT (the LGSP address of `TraCuuThongTinCongDan`), SERVICE_CODE (`MaDVC`, the province's public-service
system code) and INTEGRATION_CODE (`MaTichHop`, issued with the LGSP connection), TOKEN (an LGSP access token
sent as `Authorization: Bearer`, optional), TIMEOUT (seconds), RETRIES (transport errors only).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings

LINK_NAME = "dancu"


@dataclass(frozen=True)
class DancuSettings:
    endpoint: str = ""
    service_code: str = ""
    integration_code: str = ""
    token: str = ""
    timeout: float = 10.0
    retries: int = 2

    @property
    def configured(self) -> bool:
        return bool(self.endpoint and self.service_code and self.integration_code)


def dancu_settings() -> DancuSettings:
    overrides = getattr(settings, "MOTCUA_DANCU", {}) or {}
    known = {f.name for f in fields(DancuSettings)}
    return DancuSettings(**{key.lower(): value for key, value in overrides.items() if key.lower() in known})
