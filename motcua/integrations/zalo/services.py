"""Send a dossier notice or a sign-in code as a Zalo ZNS template message, and record its delivery.

ZNS sends only templates Zalo approved, with named parameters: the registered text of our template (admin
*SMS templates*, the same text, with `zns_template_id` set) yields the parameter values, so a text that does not
match is never sent. The per-phone limit, the breaker and the message record are the SMS link's.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone

from .. import links
from ..choices import LinkKind, SmsStatus
from ..sms.models import SmsMessage, SmsPart, SmsTemplate
from ..sms.services import SmsRefused, _record, phone_limit_check
from ..sms.smpp import international
from .client import ZaloError, ZnsClient
from .conf import zalo_settings

logger = logging.getLogger("motcua.integrations.zalo")

LINK = "zalo:zns"


def zns_send(*, phone: str, text: str, template: str, dossier_id: int | None = None, client: ZnsClient | None = None):
    registered = SmsTemplate.objects.filter(code=template, active=True).exclude(zns_template_id="").first()
    values = registered.parameters(text) if registered else None
    if values is None:
        _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED, channel="zalo")
        raise SmsRefused("no approved ZNS template matches the text")
    phone_limit_check(phone=phone, template=template, dossier_id=dossier_id, channel="zalo")
    if links.link_open_until(name=LINK) is not None:
        _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED, channel="zalo")
        raise SmsRefused("the Zalo link is paused after repeated failures")
    message = _record(template=template, phone=phone, dossier_id=dossier_id, status=SmsStatus.FAILED, channel="zalo")
    client = client or ZnsClient(zalo_settings())
    started = time.monotonic()
    message.attempts = 1
    try:
        message_id = client.send(
            phone=international(phone),
            template_id=registered.zns_template_id,
            data=values,
            tracking_id=f"motcua-{message.pk}",
        )
    except ZaloError as error:
        links.link_failed(name=LINK, kind=LinkKind.ZALO, error=str(error), counts=error.unreachable)
        message.error = str(error)[:255]
        message.save(update_fields=["attempts", "error"])
        logger.warning("zns.failed", extra={"sms_id": message.pk, "template": template, "error": message.error})
        raise
    links.link_succeeded(name=LINK, kind=LinkKind.ZALO, duration_ms=int((time.monotonic() - started) * 1000))
    with transaction.atomic():
        message.status, message.parts, message.submitted_at = SmsStatus.SUBMITTED, 1, timezone.now()
        message.save(update_fields=["status", "parts", "submitted_at", "attempts"])
        SmsPart.objects.create(message=message, gateway_id=message_id)
    logger.info("zns.sent", extra={"sms_id": message.pk, "template": template})
    return message


@transaction.atomic
def zns_delivered(*, message_id: str) -> SmsMessage | None:
    """Zalo's `user_received_message` event: the message reached the citizen's phone."""
    part = SmsPart.objects.select_for_update().filter(gateway_id=message_id, message__channel="zalo").first()
    if part is None:
        return None
    part.stat, part.receipt_at = "DELIVRD", timezone.now()
    part.save(update_fields=["stat", "receipt_at"])
    message = SmsMessage.objects.get(pk=part.message_id)
    message.status, message.done_at = SmsStatus.DELIVERED, part.receipt_at
    message.save(update_fields=["status", "done_at"])
    return message


class ZaloChannel:
    """`MOTCUA_MESSAGE_CHANNEL = "motcua.integrations.zalo.services.ZaloChannel"`."""

    name = "zalo"

    def send(self, *, phone: str, text: str, template: str, dossier_id: int) -> None:
        zns_send(phone=phone, text=text, template=template, dossier_id=dossier_id or None)
