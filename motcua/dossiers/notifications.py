"""Applicant notifications after commit: email through Django, SMS/Zalo through a pluggable channel.

ND 61/2018 art 17 and ND 224/2026 art 15(1)(g): status notices go out at once. Each message is logged in
`Notification` (channel, template, status); logs never contain the applicant's name, phone or email.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Action, NotificationChannel, NotificationStatus
from .models import DossierEvent, Notification

logger = logging.getLogger("motcua.dossiers.notifications")

# Which events the applicant hears about, and the template (subject) of each.
TEMPLATES: dict[str, str] = {
    Action.SUBMIT: "submitted",
    Action.RECEIVE: "received",
    Action.REFUSE_RECEPTION: "refused",
    Action.REQUEST_SUPPLEMENT: "supplement_requested",
    Action.REQUEST_PAYMENT: "payment_requested",
    Action.EXTEND: "extended",
    Action.STOP: "stopped",
    Action.REJECT: "rejected",
    Action.SIGN: "result_ready",
    Action.NOTIFY_EARLY_RETURN: "early_return",
    Action.DELIVER: "delivered",
    Action.REPLAN: "due_date_moved",
}


# The channel lives in the shared kernel (motcua.core.messaging; adapters in motcua.integrations); these names stay importable here for
# settings that still point at `motcua.dossiers.notifications.LoggingChannel`.
from motcua.core.messaging import LoggingChannel, MessageChannel, message_channel  # noqa: E402

__all__ = ["LoggingChannel", "MessageChannel", "message_channel", "notify_event"]


def _text(event: DossierEvent, template: str) -> tuple[str, str]:
    dossier = event.dossier
    subject = _("Dossier %(code)s: %(status)s") % {"code": dossier.code, "status": dossier.get_status_display()}
    lines = [subject]
    if event.reason:
        lines.append(event.reason)
    items = event.data.get("items")
    if items:
        lines.extend(f"- {item}" for item in items)
    if dossier.due_at and template in {"received", "extended", "due_date_moved"}:
        lines.append(_("Due: %(due)s") % {"due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")})
    return subject, "\n".join(lines)


def notify_event(*, event: DossierEvent | None = None, event_id: int | None = None) -> list[Notification]:
    """Send the applicant the message for one event (called by `transaction.on_commit` with the event itself, so
    nothing is read back; `event_id` for callers that only have the key)."""
    if event is None:
        event = DossierEvent.objects.select_related("dossier").get(pk=event_id)
    template = TEMPLATES.get(event.action)
    if template is None:
        return []
    dossier = event.dossier
    targets = ((NotificationChannel.EMAIL, dossier.applicant_email), (None, dossier.applicant_phone))
    if not any(address for _channel, address in targets):
        # Nothing to send (no address on file): the skipped rows in one INSERT, no message text to build.
        sms = message_channel().name
        return Notification.objects.bulk_create(
            [
                Notification(
                    dossier=dossier,
                    event=event,
                    channel=channel or sms,
                    template=template,
                    status=NotificationStatus.SKIPPED,
                )
                for channel, _address in targets
            ]
        )
    subject, text = _text(event, template)
    sent: list[Notification] = []
    for channel, address in targets:
        backend = None if channel else message_channel()
        if not address:  # nothing to send: one INSERT, no pending row to update
            sent.append(
                Notification.objects.create(
                    dossier=dossier,
                    event=event,
                    channel=channel or backend.name,
                    template=template,
                    status=NotificationStatus.SKIPPED,
                )
            )
            continue
        row = Notification.objects.create(
            dossier=dossier, event=event, channel=channel or backend.name, template=template
        )
        try:
            if backend is None:
                send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
            else:
                backend.send(phone=address, text=text, template=template, dossier_id=dossier.pk)
            row.status, row.sent_at = NotificationStatus.SENT, timezone.now()
        except Exception as error:  # a failed message must not break the officer's action
            row.status, row.error = NotificationStatus.FAILED, type(error).__name__
            logger.warning("notification.failed", extra={"dossier_id": dossier.pk, "template": template})
        row.save(update_fields=["status", "sent_at", "error"])
        sent.append(row)
    return sent
