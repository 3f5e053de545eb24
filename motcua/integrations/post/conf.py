"""VNPost settings: `MOTCUA_VNPOST = {...}` or `MOTCUA_VNPOST_<NAME>` environment variables. Unset USERNAME: no
shipment is created through VNPost (officers use the manual fallback, with a reason)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.conf import settings


@dataclass(frozen=True)
class PostSettings:
    base_url: str = "https://donhang.vnpost.vn/api/api"
    username: str = ""  # TenDangNhap of the agency's MyVNPost account
    password: str = ""  # MatKhau
    customer_code: str = ""  # the agency's CRM code (CustomerCode)
    service_name: str = "BK"  # VNPost service code (ServiceName); ask VNPost which one the contract covers
    sender_fullname: str = ""
    sender_tel: str = ""
    sender_address: str = ""
    sender_ward_id: int = 0
    sender_district_id: int = 0
    sender_province_id: int = 0
    weight_grams: int = 200  # an envelope with the result papers
    webhook_secret: str = ""  # shared secret of the status events (X-VNPost-Signature)
    timeout: float = 10.0
    attempts: int = 3
    backoff: float = 0.5
    # OrderStatusId → our status; INFERRED (docs/payments.md "Postal return"): set from VNPost's partner document
    status_map: dict = field(
        default_factory=lambda: {"1": "accepted", "2": "in_transit", "3": "delivered", "4": "failed", "5": "returned"}
    )

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.username and self.password and self.customer_code)


def post_settings() -> PostSettings:
    overrides = getattr(settings, "MOTCUA_VNPOST", {}) or {}
    known = {f.name for f in fields(PostSettings)}
    return PostSettings(**{key.lower(): value for key, value in overrides.items() if key.lower() in known})
