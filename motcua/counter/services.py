"""Writes of the queue and the appointments: each one a keyword-only `<entity>_<verb>` in one transaction.

Rules (sources in models.py): ticket numbers restart each day per service group and are unique (database
constraint); the officer calls the oldest waiting ticket of the groups their counter serves (first come, first
served; a ticket from an appointment goes first — the person kept the time they booked); an appointment takes a
free seat of a slot on a working day, and the seat's partial unique constraint refuses a racing second booking.
Reminders go through the shared message channel (motcua.core.messaging) on the day before.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Max, When
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.messaging import message_channel
from motcua.workdays.calendar import VN_TZ
from motcua.workdays.selectors import get_calendar

from . import slots
from .access import can_manage, can_serve
from .choices import AppointmentStatus, TicketStatus
from .models import (
    COUNTER_GROUP_OTHER_CENTRE,
    Appointment,
    Counter,
    ServiceGroup,
    Ticket,
    groups_of_other_centres,
    other_centre_message,
)

logger = logging.getLogger("motcua.counter")
RETRIES = 5


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def ticket_issue(*, group: ServiceGroup, now: dt.datetime | None = None, appointment: Appointment | None = None):
    """Give the next number of `group` for today (Vietnam day). Two kiosks at once get two numbers: the group row
    is locked where the database can, and the (group, day, number) constraint catches the rest (retry)."""
    now = _now(now)
    if not group.is_active:
        raise ValidationError(_("This service group does not issue tickets now."))
    day = now.astimezone(VN_TZ).date()
    for _attempt in range(RETRIES):
        try:
            with transaction.atomic():
                list(ServiceGroup.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True))
                last = Ticket.objects.filter(group=group, day=day).aggregate(last=Max("number"))["last"] or 0
                ticket = Ticket.objects.create(
                    centre_id=group.centre_id,
                    group=group,
                    day=day,
                    number=last + 1,
                    issued_at=now,
                    appointment=appointment,
                )
        except IntegrityError:
            continue
        logger.info("counter.ticket_issued", extra={"group_id": group.pk, "ticket_id": ticket.pk})
        return ticket
    raise ValidationError(_("The ticket machine is busy, please try again."))


def counter_groups_set(*, actor, counter: Counter, groups) -> Counter:
    """Set the service groups `counter` serves (the admin's counter form saves through here).

    Refused: an actor who does not manage the counter's centre (its manager or administrator, or a superuser),
    and any group of another centre (`models.groups_of_other_centres`; the database refuses it as well)."""
    if not can_manage(actor, counter.centre_id):
        raise PermissionDenied(_("You do not manage this centre."))
    groups = list(groups)
    foreign = groups_of_other_centres(centre_id=counter.centre_id, groups=groups)
    if foreign:
        raise ValidationError({"groups": other_centre_message(foreign)})
    try:
        with transaction.atomic():
            counter.groups.set(groups)
    except IntegrityError as error:  # a group moved to another centre meanwhile (migration 0002's triggers)
        if COUNTER_GROUP_OTHER_CENTRE not in str(error):
            raise
        raise ValidationError({"groups": other_centre_message(groups)}) from error
    logger.info("counter.groups_set", extra={"counter_id": counter.pk, "groups": [group.pk for group in groups]})
    return counter


def _require_officer(officer, centre_id: int) -> None:
    if not can_serve(officer, centre_id):
        raise PermissionDenied(_("You do not work at this centre."))


def _finish_current(counter: Counter, now: dt.datetime) -> None:
    Ticket.objects.filter(counter=counter, status=TicketStatus.CALLED).update(
        status=TicketStatus.SERVED, finished_at=now
    )


def ticket_call_next(*, officer, counter: Counter, now: dt.datetime | None = None) -> Ticket | None:
    """Finish the ticket being served at `counter` and call the next one of its groups (None: nobody waits).

    The oldest waiting ticket of today wins; tickets of people who booked an appointment go first. The row is
    locked (`skip_locked` where supported) so two counters never call the same person.
    """
    now = _now(now)
    _require_officer(officer, counter.centre_id)
    if not counter.is_active:
        raise ValidationError(_("This counter is closed."))
    day = now.astimezone(VN_TZ).date()
    with transaction.atomic():
        _finish_current(counter, now)
        waiting = (
            Ticket.objects.select_for_update(skip_locked=True)
            .filter(group__in=counter.groups.all(), day=day, status=TicketStatus.WAITING)
            .order_by(Case(When(appointment__isnull=True, then=1), default=0), "issued_at", "pk")
        )
        ticket = waiting.first()
        if ticket is None:
            return None
        updated = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.WAITING).update(
            status=TicketStatus.CALLED, called_at=max(now, ticket.issued_at), counter=counter, called_by=officer
        )
        if not updated:  # another counter took it between the read and the write (databases without row locks)
            return None
    ticket.refresh_from_db()
    logger.info("counter.ticket_called", extra={"ticket_id": ticket.pk, "counter_id": counter.pk})
    return ticket


def ticket_finish(*, officer, ticket: Ticket, served: bool, now: dt.datetime | None = None) -> Ticket:
    """Close a called ticket: served, or the person did not come (no show: no service time is counted)."""
    now = _now(now)
    _require_officer(officer, ticket.centre_id)
    with transaction.atomic():
        updated = Ticket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(
            status=TicketStatus.SERVED if served else TicketStatus.NO_SHOW, finished_at=now
        )
        if not updated:
            raise ValidationError(_("This ticket is not being served."))
    ticket.refresh_from_db()
    return ticket


def _clean_phone(phone: str) -> str:
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not (digits.startswith("0") and len(digits) == 10):
        raise ValidationError({"phone": _("Enter a Vietnamese mobile number of 10 digits starting with 0.")})
    return digits


def _free_seats(group: ServiceGroup, starts_at: dt.datetime) -> list[int]:
    active = Appointment.objects.filter(group=group, starts_at=starts_at).exclude(status=AppointmentStatus.CANCELLED)
    taken = set(active.values_list("seat", flat=True))
    return [seat for seat in range(1, group.slot_capacity + 1) if seat not in taken]


def appointment_book(
    *, citizen, group: ServiceGroup, starts_at: dt.datetime, name: str, phone: str, now: dt.datetime | None = None
) -> Appointment:
    """Book a place in the slot of `group` starting at `starts_at`.

    Refused: a slot that is not a slot of a working day within the booking window (slots.py), a full slot, a
    second active booking of the same person for the same group and day, a group that takes no appointments.
    """
    now = _now(now)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Enter your full name.")})
    phone = _clean_phone(phone)
    if not group.is_active or group.slot_capacity == 0:
        raise ValidationError(_("This service group takes no appointments."))
    if not slots.is_bookable(get_calendar(), now, starts_at, group.slot_minutes):
        raise ValidationError(_("This time is not an appointment slot on a working day you may book."))
    day = starts_at.astimezone(VN_TZ).date()
    for _attempt in range(RETRIES):
        if (
            Appointment.objects.filter(citizen=citizen, group=group, day=day)
            .exclude(status=AppointmentStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError(_("You already have an appointment for this service on that day."))
        free = _free_seats(group, starts_at)
        if not free:
            raise ValidationError(_("This slot is full; please choose another time."))
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    centre_id=group.centre_id,
                    group=group,
                    starts_at=starts_at,
                    day=day,
                    seat=free[0],
                    citizen=citizen,
                    name=name,
                    phone=phone,
                    booked_at=now,
                )
        except IntegrityError:
            continue  # someone took that seat (or booked the same day) meanwhile: look again
        logger.info("counter.appointment_booked", extra={"appointment_id": appointment.pk, "group_id": group.pk})
        return appointment
    raise ValidationError(_("This slot is full; please choose another time."))


def appointment_cancel(*, citizen, appointment: Appointment, now: dt.datetime | None = None) -> Appointment:
    """The person cancels their own booking before it starts; the seat becomes free for someone else."""
    now = _now(now)
    if appointment.citizen_id != citizen.pk:
        raise PermissionDenied(_("This is not your appointment."))
    if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= now:
        raise ValidationError(_("This appointment can no longer be cancelled."))
    with transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk, status=AppointmentStatus.BOOKED).update(
            status=AppointmentStatus.CANCELLED, cancelled_at=now
        )
    appointment.refresh_from_db()
    return appointment


def appointment_check_in(*, officer, appointment: Appointment, now: dt.datetime | None = None) -> Ticket:
    """The person arrived on the day of the appointment: a ticket is issued that goes before walk-in tickets."""
    now = _now(now)
    _require_officer(officer, appointment.centre_id)
    if appointment.status != AppointmentStatus.BOOKED or appointment.day != now.astimezone(VN_TZ).date():
        raise ValidationError(_("Only a booked appointment of today can be checked in."))
    with transaction.atomic():
        ticket = ticket_issue(group=appointment.group, now=now, appointment=appointment)
        Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.ARRIVED)
    return ticket


def appointment_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Send each booked appointment its reminder on the day before it (once; `reminder_sent_at`).

    Run by the `send_appointment_reminders` command (cron, several times a day is harmless). A booking made after
    its reminder day (e.g. on the eve) is reminded at the next run. A failed send is logged and retried next run.
    """
    now = _now(now)
    today = now.astimezone(VN_TZ).date()
    channel = message_channel()
    sent = 0
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True, starts_at__gt=now, day__gt=today
    ).select_related("group", "centre")
    for appointment in due:
        if slots.reminder_day(appointment.day) > today:
            continue
        local = appointment.starts_at.astimezone(VN_TZ)
        text = _("Reminder: your appointment at %(centre)s, %(group)s, at %(time)s on %(day)s.") % {
            "centre": appointment.centre.name,
            "group": appointment.group.name,
            "time": local.strftime("%H:%M"),
            "day": local.strftime("%d/%m/%Y"),
        }
        try:
            channel.send(phone=appointment.phone, text=text, template="appointment_reminder", dossier_id=0)
        except Exception:  # a gateway failure must not stop the other reminders
            logger.warning("counter.reminder_failed", extra={"appointment_id": appointment.pk})
            continue
        Appointment.objects.filter(pk=appointment.pk).update(reminder_sent_at=now)
        sent += 1
    logger.info("counter.reminders_sent", extra={"count": sent})
    return sent
