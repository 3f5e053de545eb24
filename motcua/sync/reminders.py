"""Reminders to officers: dossiers due within 1 working day, and overdue ones (TT 01/2018 art 17: the system
alerts processing officers before and after the deadline). At most one reminder per dossier and Vietnamese day;
the unique row is inserted before sending, so two workers never both send it (at most once: a crash between
the insert and the e-mail loses that day's reminder, never doubles it)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership
from motcua.dossiers import clock
from motcua.dossiers.choices import CLOCK_RUNNING
from motcua.dossiers.models import Dossier
from motcua.workdays.calendar import VN_TZ

from .choices import ReminderKind, ReminderStatus
from .models import Reminder

logger = logging.getLogger("motcua.sync.reminders")


def _recipients(dossier: Dossier) -> list[str]:
    """The assigned specialist; without one, every active member of the unit holding the dossier."""
    officer = dossier.assigned_officer
    if officer is not None and officer.is_active:
        return [officer.email] if officer.email else []
    emails = Membership.objects.filter(
        unit_id=dossier.current_unit_id, is_active=True, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({email for email in emails if email})


def _message(dossier: Dossier, kind: str) -> tuple[str, str]:
    due = timezone.localtime(dossier.due_at, VN_TZ).strftime("%H:%M %d/%m/%Y")
    if kind == ReminderKind.OVERDUE:
        subject = _("Dossier %(code)s is overdue") % {"code": dossier.code}
    else:
        subject = _("Dossier %(code)s is due within 1 working day") % {"code": dossier.code}
    return subject, "\n".join([subject, _("Due: %(due)s") % {"due": due}, dossier.procedure.name])


def reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send today's due-soon and overdue reminders not sent yet; returns counts per kind."""
    now = now or timezone.now()
    cal = clock.get_calendar()
    soon = cal.add_working_days(cal.next_working_moment(now), 1)
    day = now.astimezone(VN_TZ).date()
    already = Reminder.objects.filter(dossier=OuterRef("pk"), day=day)
    candidates = (
        Dossier.objects.filter(status__in=list(CLOCK_RUNNING), due_at__isnull=False, due_at__lte=soon)
        .exclude(Exists(already))
        .select_related("procedure", "assigned_officer")
        .order_by("due_at")
    )
    counts = {ReminderKind.DUE_SOON.value: 0, ReminderKind.OVERDUE.value: 0}
    for dossier in candidates:
        # (`due_at` is set: filtered above)
        kind = ReminderKind.OVERDUE if dossier.due_at is not None and dossier.due_at < now else ReminderKind.DUE_SOON
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    dossier=dossier, day=day, kind=kind, status=ReminderStatus.SKIPPED, created_at=now
                )
        except IntegrityError:  # another worker has it
            continue
        recipients = _recipients(dossier)
        if recipients:
            subject, text = _message(dossier, kind)
            try:
                send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
                reminder.status = ReminderStatus.SENT
            except Exception as error:  # a mail failure must not stop the worker
                reminder.status = ReminderStatus.FAILED
                logger.warning("reminder.failed", extra={"dossier_id": dossier.pk, "error": type(error).__name__})
        reminder.recipients = len(recipients)
        reminder.save(update_fields=["status", "recipients"])
        counts[kind] += 1
    return counts
