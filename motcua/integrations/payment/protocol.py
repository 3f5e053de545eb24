"""The payment platform's wire contract: VNPAY payment gateway API version 2.1.0.

The national payment platform of the public-service portal (PayGov) is run for the Government Office by VNPAY and
takes merchants through VNPAY's published merchant contract; PayGov's own merchant specification is handed to a
province with its credentials and is not public, so the field names, hashing and codes here follow VNPAY's
public documentation (sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html, "Truy vấn kết quả thanh toán"
…/truy-van-hoan-tien/querydr&refund.html; also described by the maintained client vnpay.js.org):

* pay: the citizen's browser is sent to `pay_url?<params>` with `vnp_Version=2.1.0, vnp_Command=pay,
  vnp_TmnCode, vnp_Amount` (in đồng × 100), `vnp_CurrCode=VND, vnp_TxnRef` (unique per merchant),
  `vnp_OrderInfo` (no diacritics), `vnp_OrderType, vnp_Locale=vn, vnp_ReturnUrl, vnp_IpAddr, vnp_CreateDate,
  vnp_ExpireDate` (yyyyMMddHHmmss, GMT+7) and `vnp_SecureHash`;
* vnp_SecureHash = hex HMAC-SHA512(hash secret, the parameters sorted by name as `name=value` joined by `&`,
  names and values URL-encoded with `+` for spaces), `vnp_SecureHash`/`vnp_SecureHashType` left out;
* IPN (server to server, GET to the URL registered with the platform) and the return URL carry `vnp_TmnCode,
  vnp_Amount, vnp_BankCode, vnp_BankTranNo, vnp_CardType, vnp_PayDate, vnp_OrderInfo, vnp_TransactionNo,
  vnp_ResponseCode, vnp_TransactionStatus, vnp_TxnRef, vnp_SecureHash`; success is vnp_ResponseCode "00" and
  vnp_TransactionStatus "00"; the IPN is answered `{"RspCode", "Message"}` with 00 confirmed, 01 order not
  found, 02 already confirmed, 04 wrong amount, 97 bad signature, 99 other error (the platform retries the IPN
  until it gets an answer);
* querydr: POST JSON to `api_url`, hash over the fields joined by `|` in the documented order (below), the
  answer signed the same way over its own documented order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import unicodedata
from collections.abc import Mapping
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

VERSION = "2.1.0"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
SUCCESS = "00"

# IPN answers (RspCode)
CONFIRMED, ORDER_NOT_FOUND, ALREADY_CONFIRMED, WRONG_AMOUNT, BAD_SIGNATURE, OTHER_ERROR = (
    "00",
    "01",
    "02",
    "04",
    "97",
    "99",
)

QUERY_REQUEST_ORDER = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_RESPONSE_ORDER = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)
PAY_REQUIRED = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_CurrCode",
    "vnp_TxnRef",
    "vnp_OrderInfo",
    "vnp_OrderType",
    "vnp_Locale",
    "vnp_ReturnUrl",
    "vnp_IpAddr",
    "vnp_CreateDate",
)
ORDER_TYPE_FEES = "billpayment"  # VNPAY's category for bill and fee payments


def _hmac(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def hash_data(params: Mapping[str, str]) -> str:
    """The signed string: every parameter except the signature, sorted by name, URL-encoded `name=value&…`."""
    items = sorted((k, str(v)) for k, v in params.items() if k not in SIGNATURE_FIELDS and str(v) != "")
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in items)


def sign(params: Mapping[str, str], secret: str) -> str:
    return _hmac(secret, hash_data(params))


def verify(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def sign_fields(values: Mapping[str, str], order: tuple[str, ...], secret: str) -> str:
    """querydr's signature: the values in the documented order joined by `|`."""
    return _hmac(secret, "|".join(str(values.get(name, "")) for name in order))


def query_string(params: Mapping[str, str], secret: str) -> str:
    signed = dict(params)
    return hash_data(signed) + "&vnp_SecureHash=" + sign(signed, secret)


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def parse_timestamp(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=VIETNAM)
    except (TypeError, ValueError):
        return None


def wire_amount(dong: int) -> str:
    """vnp_Amount: the amount in đồng multiplied by 100 (the platform's two implied decimals)."""
    return str(int(dong) * 100)


def ascii_text(text: str, limit: int = 255) -> str:
    """vnp_OrderInfo must be Vietnamese without diacritics and without special characters."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join("".join(ch if ch.isalnum() or ch in " -._" else " " for ch in plain).split())[:limit]
