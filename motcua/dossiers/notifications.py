"""Applicant notifications through an outbox: email through Django, SMS/Zalo through a pluggable channel.

ND 61/2018 art 17 and ND 224/2026 art 15(1)(g): status notices go out at once. The event's own transaction
writes one `Notification` row per channel (`notify_enqueue`, an in-transaction subscriber of `dossiers.events`):
`pending` when the applicant has an address for it, `skipped` otherwise. The background worker
(`motcua worker`, docs/sync.md) sends the pending rows within seconds (`notifications_send_pending`) and records
`sent` or `failed`. So an action is one durable commit, a message exists if and only if its event committed, and
a slow mail or SMS server never holds up the officer or the API client (issue 20). Logs never contain the
applicant's name, phone or email; the address is read from the dossier when sending, never copied here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.db import insert_blind

from .choices import Action, NotificationChannel, NotificationStatus
from .models import Dossier, DossierEvent, Notification

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

__all__ = [
    "LoggingChannel",
    "MessageChannel",
    "message_channel",
    "notice_enqueue",
    "notices_withhold",
    "notifications_send_pending",
    "notify_enqueue",
    "register_renderer",
]

# Notices another app writes for a dossier in the same outbox (a bundle's one notice for its component dossiers,
# `motcua.bundles`): the app registers how its template reads, `_send` renders with it.
Renderer = Callable[[Notification], tuple[str, str]]
RENDERERS: dict[str, Renderer] = {}


def register_renderer(template: str, renderer: Renderer) -> None:
    """`renderer(row)` → (subject, text) of a notice written with `notice_enqueue(template=…)`."""
    RENDERERS[template] = renderer


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


def _targets(dossier: Dossier) -> tuple[tuple[str | None, str], ...]:
    """(channel, address) per channel: e-mail, then the SMS/Zalo channel (None: `message_channel()`)."""
    return ((NotificationChannel.EMAIL, dossier.applicant_email), (None, dossier.applicant_phone))


def notify_enqueue(*, dossier: Dossier, event: DossierEvent) -> list[Notification]:
    """The `dossiers.events` subscriber (in the event's transaction): the applicant's message rows for `event`,
    one INSERT for both channels, sent with the event's other blind writes (`core.db.insert_blind`: one round
    trip on PostgreSQL; the returned rows have no pk); nothing is sent here."""
    template = TEMPLATES.get(event.action)
    if template is None:
        return []
    rows = []
    for channel, address in _targets(dossier):
        rows.append(
            Notification(
                dossier=dossier,
                event=event,
                channel=channel or message_channel().name,
                template=template,
                status=NotificationStatus.PENDING if address else NotificationStatus.SKIPPED,
                created_at=event.created_at,
            )
        )
    insert_blind(*rows)
    return rows


def notice_enqueue(*, dossier: Dossier, event: DossierEvent, template: str) -> list[Notification]:
    """One notice with another app's `template` (registered with `register_renderer`) to the dossier's applicant,
    one row per channel like `notify_enqueue`, in the caller's transaction; sent by the worker."""
    if template not in RENDERERS:
        raise ValueError(f"no renderer registered for {template!r}")
    rows = [
        Notification(
            dossier=dossier,
            event=event,
            channel=channel or message_channel().name,
            template=template,
            status=NotificationStatus.PENDING if address else NotificationStatus.SKIPPED,
            created_at=event.created_at,
        )
        for channel, address in _targets(dossier)
    ]
    return Notification.objects.bulk_create(rows)


def notices_withhold(*, dossier: Dossier, reason: str, event: DossierEvent | None = None) -> int:
    """Mark the dossier's pending notices (only those of `event`, when given) skipped with `reason` (another
    notice speaks for them: a bundle's one notice for its component dossiers). Returns the rows changed; the rows
    stay as the record of what was not sent."""
    only_event = {"event": event} if event is not None else {}
    pending = Notification.objects.filter(dossier=dossier, status=NotificationStatus.PENDING, **only_event)
    return Notification.objects.filter(pk__in=pending).update(status=NotificationStatus.SKIPPED, error=reason[:255])


def _send(row: Notification) -> None:
    """Send one pending row now and record the outcome on it (not saved here)."""
    dossier = row.dossier
    assert row.event is not None  # the rows sent here are made for an event
    renderer = RENDERERS.get(row.template)
    subject, text = renderer(row) if renderer else _text(row.event, row.template)
    try:
        if row.channel == NotificationChannel.EMAIL:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [dossier.applicant_email])
        else:
            message_channel().send(
                phone=dossier.applicant_phone, text=text, template=row.template, dossier_id=dossier.pk
            )
        row.status, row.sent_at = NotificationStatus.SENT, timezone.now()
    except Exception as error:  # a failed message is recorded, never retried blindly (the applicant may get two)
        row.status, row.error = NotificationStatus.FAILED, type(error).__name__
        logger.warning("notification.failed", extra={"dossier_id": dossier.pk, "template": row.template})


def notifications_send_pending(*, limit: int = 100) -> int:
    """Send up to `limit` pending notifications, oldest first (the worker's duty, docs/sync.md). Rows are
    claimed with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of workers may run; each row
    is sent once. Returns the number of rows handled."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=NotificationStatus.PENDING)
            .select_related("dossier", "event")
            .order_by("created_at", "pk")[:limit]
        )
        for row in rows:
            _send(row)
            row.save(update_fields=["status", "sent_at", "error"])
    return len(rows)
