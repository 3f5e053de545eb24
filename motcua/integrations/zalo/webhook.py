"""Zalo OA webhook: the delivery status of ZNS messages, as Zalo publishes its webhook rules
(developers.zalo.me/docs/official-account/webhook/tong-quan):

* Zalo POSTs a JSON event to the URL registered for the OA, with the header
  `X-ZEvent-Signature: mac=<hex sha256(appId + data + timeStamp + OAsecretKey)>`, where `data` is the raw body,
  `timeStamp` the event's `timestamp` field, `appId` the app and `OAsecretKey` the OA's secret key
  (a plain SHA-256 over the concatenation, not an HMAC);
* the ZNS delivery event is `event_name: "user_received_message"` with `message: {"msg_id", "delivery_time"}`
  (`msg_id` is the id the send returned, stored as the message's part);
* Zalo expects a 2xx answer quickly and repeats the event otherwise, so handling is idempotent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from .conf import zalo_settings
from .services import zns_delivered

logger = logging.getLogger("motcua.integrations.zalo")

DELIVERED = "user_received_message"


def event_signature(*, app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    raw = app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()
    return "mac=" + hashlib.sha256(raw).hexdigest()


def zalo_event_receive(*, body: bytes, signature: str) -> int:
    """Verify and apply one event; returns the HTTP status to answer (401 bad signature, 400 bad body)."""
    conf = zalo_settings()
    try:
        event = json.loads(body)
    except ValueError:
        return 400
    if not isinstance(event, dict):
        return 400
    expected = event_signature(
        app_id=conf.app_id, body=body, timestamp=str(event.get("timestamp", "")), oa_secret_key=conf.oa_secret_key
    )
    given = signature if signature.startswith("mac=") else "mac=" + signature
    if not (conf.app_id and conf.oa_secret_key) or not hmac.compare_digest(given.lower(), expected):
        logger.warning("zalo.event.bad_signature")
        return 401
    if str(event.get("app_id", conf.app_id)) != conf.app_id:
        return 401
    if event.get("event_name") == DELIVERED:
        message_id = str((event.get("message") or {}).get("msg_id", ""))
        message = zns_delivered(message_id=message_id) if message_id else None
        logger.info("zalo.event.delivered", extra={"sms_id": getattr(message, "pk", None)})
    return 200
