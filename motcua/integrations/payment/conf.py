"""Payment platform settings: `MOTCUA_PAYMENT = {...}` or `MOTCUA_PAYMENT_<NAME>` environment variables read by
config/settings/base.py. Unset TMN_CODE: online payment is not offered (the pay button is hidden)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings


@dataclass(frozen=True)
class PaymentSettings:
    tmn_code: str = ""  # vnp_TmnCode: the merchant (terminal) code the platform issues to the province
    hash_secret: str = ""  # the shared secret of vnp_SecureHash (HMAC-SHA512)
    pay_url: str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    api_url: str = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
    return_url: str = ""  # absolute URL of our return page; empty: built from the request
    expire_minutes: int = 15  # vnp_ExpireDate = vnp_CreateDate + this
    timeout: float = 10.0
    attempts: int = 3  # tries of one query (querydr) before the reconciliation records the link as down
    backoff: float = 0.5  # seconds before the 2nd try; doubles each time
    receipt_series: str = "BL"  # prefix of our e-receipt numbers (the province's registered series)

    @property
    def configured(self) -> bool:
        return bool(self.tmn_code and self.hash_secret and self.pay_url)


def payment_settings() -> PaymentSettings:
    overrides = getattr(settings, "MOTCUA_PAYMENT", {}) or {}
    known = {f.name for f in fields(PaymentSettings)}
    return PaymentSettings(**{key.lower(): value for key, value in overrides.items() if key.lower() in known})
