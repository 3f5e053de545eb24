"""Writes of the SMS link: send one message (template check, per-phone limit, breaker, retries) and record
delivery receipts.

Rules: a brandname sender sends only registered content (ND 91/2020/NĐ-CP art 13–15), so a text must match its
registered template; at most `phone_limit` messages per phone number per `phone_window` seconds (a runaway
loop or an abuser of the sign-in form cannot flood a citizen — ND 91/2020 art 12 limits advertising messages to
3 a day; service messages have no legal cap, the limit is configuration); a gateway that is down is retried
with back-off within the call (`attempts`), and after `MOTCUA_BREAKER` consecutive failures the link pauses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import links
from ..choices import LinkKind, SmsStatus
from .conf import SmppSettings, smpp_settings
from .models import SmsMessage, SmsPart, SmsTemplate
from .smpp import GatewayError, SmppLink

logger = logging.getLogger("motcua.integrations.sms")

LINK = "sms:smpp"
DELIVERED_STATES = {"DELIVRD"}
FINAL_FAILURES = {"UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN"}


class SmsRefused(Exception):
    """Not sent: unregistered template, text not matching it, per-phone limit, or the link is paused."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def phone_hash(phone: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"sms:{phone}".encode(), hashlib.sha256).hexdigest()


def phone_limit_check(*, phone: str, template: str, dossier_id: int | None, channel: str) -> None:
    """Refuse (and record a held-back row) when `phone` had `phone_limit` messages on `channel` in the window."""
    conf = smpp_settings()
    since = timezone.now() - dt.timedelta(seconds=conf.phone_window)
    recent = SmsMessage.objects.filter(phone_hash=phone_hash(phone), channel=channel, created_at__gte=since)
    if recent.exclude(status=SmsStatus.LIMITED).count() >= conf.phone_limit:
        _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.LIMITED, channel=channel)
        logger.warning("sms.limited", extra={"template": template, "channel": channel})
        raise SmsRefused("per-phone limit reached")


def _record(
    *, template: str, phone: str, dossier_id: int | None, status: str, error: str = "", channel: str = "sms"
) -> SmsMessage:
    return SmsMessage.objects.create(
        channel=channel,
        template=template[:64],
        phone_hash=phone_hash(phone),
        phone_tail=phone[-3:],
        dossier_id_ref=dossier_id or None,
        status=status,
        error=error[:255],
    )


def sms_send(*, phone: str, text: str, template: str, dossier_id: int | None = None, link: SmppLink | None = None):
    """Send one text; returns the `SmsMessage`. Raises `SmsRefused` (nothing sent) or `GatewayError` (failed
    after the retries) so callers record the failure (a dossier notice) or tell the user (a sign-in code)."""
    conf = smpp_settings()
    registered = SmsTemplate.objects.filter(code=template, active=True).first()
    if registered is None:
        _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED, error="no template")
        raise SmsRefused("template not registered")
    if not registered.matches(text):
        _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED, error="mismatch")
        raise SmsRefused("text does not match the registered template")
    phone_limit_check(phone=phone, template=template, dossier_id=dossier_id, channel="sms")
    if links.link_open_until(name=LINK) is not None:
        _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED, error="paused")
        raise SmsRefused("the SMS gateway is paused after repeated failures")
    message = _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED)
    return _submit(message=message, phone=phone, text=text, conf=conf, link=link or SmppLink(conf))


def _submit(*, message: SmsMessage, phone: str, text: str, conf: SmppSettings, link: SmppLink) -> SmsMessage:
    error: GatewayError | None = None
    for attempt in range(1, max(conf.attempts, 1) + 1):
        message.attempts = attempt
        started = time.monotonic()
        try:
            submitted = link.submit(phone=phone, text=text)
        except GatewayError as failure:
            error = failure
            links.link_failed(name=LINK, kind=LinkKind.SMS, error=str(failure), counts=failure.unreachable)
            if not failure.unreachable or attempt == conf.attempts:
                break  # a refusal (bad number, bad credentials) does not improve with retries
            time.sleep(conf.backoff * (2 ** (attempt - 1)))
            continue
        links.link_succeeded(name=LINK, kind=LinkKind.SMS, duration_ms=int((time.monotonic() - started) * 1000))
        with transaction.atomic():
            message.status, message.error = SmsStatus.SUBMITTED, ""
            message.parts, message.submitted_at = len(submitted.message_ids), timezone.now()
            message.save(update_fields=["status", "error", "parts", "submitted_at", "attempts"])
            SmsPart.objects.bulk_create(SmsPart(message=message, gateway_id=gid) for gid in submitted.message_ids)
        for gateway_id, stat in submitted.receipts.items():
            sms_receipt_record(gateway_id=gateway_id, stat=stat)
        message.refresh_from_db()
        logger.info("sms.sent", extra={"sms_id": message.pk, "template": message.template, "status": message.status})
        return message
    message.error = str(error)[:255] if error else "failed"
    message.save(update_fields=["attempts", "error"])
    logger.warning("sms.failed", extra={"sms_id": message.pk, "template": message.template, "error": message.error})
    raise error or GatewayError("failed")


@transaction.atomic
def sms_receipt_record(*, gateway_id: str, stat: str) -> SmsMessage | None:
    """Store a delivery receipt on its part; the message is delivered when every part is, undeliverable as soon
    as one part finally fails. Unknown ids (another system on the same account) are ignored."""
    part = SmsPart.objects.select_for_update().filter(gateway_id=gateway_id).select_related("message").first()
    if part is None:
        return None
    part.stat, part.receipt_at = stat[:16], timezone.now()
    part.save(update_fields=["stat", "receipt_at"])
    message = part.message
    stats = list(SmsPart.objects.filter(message=message).values_list("stat", flat=True))
    if any(value in FINAL_FAILURES for value in stats):
        message.status = SmsStatus.UNDELIVERABLE
    elif stats and all(value in DELIVERED_STATES for value in stats):
        message.status = SmsStatus.DELIVERED
    else:
        return message
    message.done_at = timezone.now()
    message.save(update_fields=["status", "done_at"])
    return message


def sms_receipts_listen(*, seconds: float) -> int:
    """Read late delivery receipts for `seconds` on a receiver bind (`motcua sms listen`)."""
    conf = smpp_settings()
    return SmppLink(conf).listen(
        seconds=seconds, on_receipt=lambda gid, stat: sms_receipt_record(gateway_id=gid, stat=stat)
    )
