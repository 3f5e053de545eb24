"""Reads of the queue and appointments, scoped to who asks: the public sees a centre's board and a ticket by its
token; an officer sees the counters of the centres they serve; a citizen sees their own appointments; the
statistics are for the centre manager."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.workdays.calendar import VN_TZ
from motcua.workdays.selectors import get_calendar

from . import slots
from .access import managed_centre_ids, serving_centre_ids
from .choices import AppointmentStatus, TicketStatus
from .models import Appointment, Counter, ServiceGroup, Ticket


def local_day(now: dt.datetime) -> dt.date:
    return now.astimezone(VN_TZ).date()


def centre_list_public() -> QuerySet[Unit]:
    """Centres that run a queue (at least one active service group)."""
    return Unit.objects.filter(kind=UnitKind.ONE_STOP, service_groups__is_active=True).distinct().order_by("name")


def centre_get_public(*, code: str) -> Unit:
    return centre_list_public().get(code=code)


def group_list_for_centre(*, centre: Unit) -> QuerySet[ServiceGroup]:
    return ServiceGroup.objects.filter(centre=centre, is_active=True).order_by("letter")


def group_get_for_centre(*, centre: Unit, pk) -> ServiceGroup:
    return group_list_for_centre(centre=centre).get(pk=pk)


def ticket_get_by_token(*, token: str) -> Ticket:
    return Ticket.objects.select_related("group", "centre", "counter").get(token=token)


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same group and day that will be called before this one (appointments first)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    waiting = Ticket.objects.filter(group_id=ticket.group_id, day=ticket.day, status=TicketStatus.WAITING)
    earlier = Q(issued_at__lt=ticket.issued_at) | Q(issued_at=ticket.issued_at, pk__lt=ticket.pk)
    if ticket.appointment_id:
        return waiting.filter(earlier, appointment__isnull=False).count()
    return waiting.filter(Q(appointment__isnull=False) | earlier).count()


@dataclass
class BoardRow:
    counter: Counter
    ticket: Ticket | None


def display_board(*, centre: Unit, now: dt.datetime) -> dict:
    """What the public display shows: the number each open counter is serving, the last numbers called, and
    how many wait per group (today, Vietnam day)."""
    day = local_day(now)
    today = Ticket.objects.filter(centre=centre, day=day).select_related("group", "counter")
    serving = {t.counter_id: t for t in today.filter(status=TicketStatus.CALLED)}
    counters = Counter.objects.filter(centre=centre, is_active=True).order_by("number")
    waiting = dict(
        today.filter(status=TicketStatus.WAITING)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    groups = [(group, waiting.get(group.pk, 0)) for group in group_list_for_centre(centre=centre)]
    recent = today.exclude(called_at__isnull=True).order_by("-called_at", "-pk")[:8]
    return {
        "rows": [BoardRow(counter=c, ticket=serving.get(c.pk)) for c in counters],
        "groups": groups,
        "recent": list(recent),
    }


def counter_list_for_officer(*, officer) -> QuerySet[Counter]:
    centres = serving_centre_ids(officer)
    counters = Counter.objects.filter(is_active=True).select_related("centre").order_by("centre__name", "number")
    return counters if officer.is_superuser else counters.filter(centre_id__in=centres)


def counter_get_for_officer(*, officer, pk) -> Counter:
    return counter_list_for_officer(officer=officer).get(pk=pk)


def counter_current_ticket(*, counter: Counter) -> Ticket | None:
    return Ticket.objects.filter(counter=counter, status=TicketStatus.CALLED).select_related("group").first()


def waiting_by_group_for_counter(*, counter: Counter, now: dt.datetime) -> list[tuple[ServiceGroup, int]]:
    day = local_day(now)
    counts = dict(
        Ticket.objects.filter(group__in=counter.groups.all(), day=day, status=TicketStatus.WAITING)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    return [(group, counts.get(group.pk, 0)) for group in counter.groups.filter(is_active=True).order_by("letter")]


def ticket_get_for_officer(*, officer, pk) -> Ticket:
    centres = serving_centre_ids(officer)
    tickets = Ticket.objects.select_related("group", "counter")
    return (tickets if officer.is_superuser else tickets.filter(centre_id__in=centres)).get(pk=pk)


def appointment_list_for_citizen(*, citizen) -> QuerySet[Appointment]:
    return Appointment.objects.filter(citizen=citizen).select_related("group", "centre").order_by("-starts_at")


def appointment_get_for_citizen(*, citizen, token: str) -> Appointment:
    return appointment_list_for_citizen(citizen=citizen).get(token=token)


def appointment_list_for_counter(*, counter: Counter, now: dt.datetime) -> QuerySet[Appointment]:
    """Today's booked appointments of the counter's groups, for check-in."""
    return (
        Appointment.objects.filter(group__in=counter.groups.all(), day=local_day(now), status=AppointmentStatus.BOOKED)
        .select_related("group")
        .order_by("starts_at", "seat")
    )


def appointment_get_for_officer(*, officer, pk) -> Appointment:
    appointments = Appointment.objects.select_related("group")
    if not officer.is_superuser:
        appointments = appointments.filter(centre_id__in=serving_centre_ids(officer))
    return appointments.get(pk=pk)


@dataclass
class Slot:
    starts_at: dt.datetime
    free: int


def slot_list(*, group: ServiceGroup, day: dt.date, now: dt.datetime) -> list[Slot]:
    """The slots of `day` with their free places (a day outside the booking window has none)."""
    calendar = get_calendar()
    if day not in slots.bookable_days(calendar, now) or group.slot_capacity == 0:
        return []
    starts = slots.slot_starts(calendar, day, group.slot_minutes)
    taken = dict(
        Appointment.objects.filter(group=group, day=day)
        .exclude(status=AppointmentStatus.CANCELLED)
        .values_list("starts_at")
        .annotate(n=Count("pk"))
        .values_list("starts_at", "n")
    )
    taken = {moment.astimezone(VN_TZ): n for moment, n in taken.items()}
    return [Slot(starts_at=start, free=max(group.slot_capacity - taken.get(start, 0), 0)) for start in starts]


def bookable_day_list(*, now: dt.datetime) -> list[dt.date]:
    return slots.bookable_days(get_calendar(), now)


def managed_centre_list(*, officer) -> QuerySet[Unit]:
    centres = Unit.objects.filter(kind=UnitKind.ONE_STOP).order_by("name")
    return centres if officer.is_superuser else centres.filter(pk__in=managed_centre_ids(officer))


NOT_CALLED = 10_000  # sorts after every counter number


@dataclass
class StatRow:
    hour: int
    counter: int  # NOT_CALLED for tickets no counter called
    tickets: int
    served: int
    no_show: int
    avg_wait_minutes: float | None
    max_wait_minutes: float | None
    avg_service_minutes: float | None


def _minutes(values: list[int]) -> float | None:
    return round(sum(values) / len(values) / 60, 1) if values else None


def waiting_statistics(*, centre: Unit, start: dt.date, end: dt.date) -> dict:
    """Waiting and service time per hour of issue × counter over the days `start`..`end` (Vietnam days).

    A ticket's waiting time runs from issue to call; its service time from call to finish, for served tickets
    only. Tickets never called count in the hour's total under "not called" and carry no waiting time.
    """
    tickets = Ticket.objects.filter(centre=centre, day__gte=start, day__lte=end).select_related("counter")
    cells: dict[tuple[int, int], dict] = defaultdict(lambda: {"n": 0, "served": 0, "no_show": 0, "wait": [], "svc": []})
    for ticket in tickets.iterator():
        hour = ticket.issued_at.astimezone(VN_TZ).hour
        cell = cells[(hour, ticket.counter.number if ticket.counter_id else NOT_CALLED)]
        cell["n"] += 1
        cell["served"] += ticket.status == TicketStatus.SERVED
        cell["no_show"] += ticket.status == TicketStatus.NO_SHOW
        if ticket.waiting_seconds is not None:
            cell["wait"].append(ticket.waiting_seconds)
        if ticket.service_seconds is not None:
            cell["svc"].append(ticket.service_seconds)
    rows = [
        StatRow(
            hour=hour,
            counter=number,
            tickets=cell["n"],
            served=cell["served"],
            no_show=cell["no_show"],
            avg_wait_minutes=_minutes(cell["wait"]),
            max_wait_minutes=round(max(cell["wait"]) / 60, 1) if cell["wait"] else None,
            avg_service_minutes=_minutes(cell["svc"]),
        )
        for (hour, number), cell in sorted(cells.items())
    ]
    waits = [w for cell in cells.values() for w in cell["wait"]]
    services = [s for cell in cells.values() for s in cell["svc"]]
    return {
        "rows": rows,
        "total": sum(cell["n"] for cell in cells.values()),
        "avg_wait_minutes": _minutes(waits),
        "avg_service_minutes": _minutes(services),
    }
