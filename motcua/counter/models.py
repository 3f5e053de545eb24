"""Queue tickets and appointments at a one-stop centre (issue 21 part 4).

A centre (`Unit` of kind one_stop) has service groups (e.g. "A — Hộ tịch, chứng thực") and numbered counters that
serve some of the groups. A person takes a ticket for a group (printed at the kiosk or shown on the phone: the
ticket page); an officer calls the next ticket of the groups their counter serves; the public display shows the
numbers called at each counter. Waiting time (issued → called) and service time (called → finished) are the
ticket's own timestamps, read by the statistics page that feeds staffing.

Appointments book a slot of a group on a working day (the calendar of motcua.workdays). A slot holds
`slot_capacity` people: each booking takes a seat number 1..capacity, and a partial unique constraint on (group,
slot start, seat) of the active bookings makes a double booking impossible even when two requests race.

Source: ND 61/2018/NĐ-CP art. 13 (facilities of the one-stop unit, incl. the equipment to take and call queue
numbers) and TT 01/2018/TT-VPCP (organisation of the centre's reception); the opening hours are the working
sessions of the calendar (QĐ 188/1999/QĐ-TTg, Monday–Friday; Labour Code 2019 art. 112 holidays).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AppointmentStatus, TicketStatus


def new_token() -> str:
    """An unguessable reference for the public ticket/appointment page (the number itself is guessable)."""
    return secrets.token_urlsafe(16)


class ServiceGroup(models.Model):
    centre = models.ForeignKey(
        "units.Unit", verbose_name=_("one-stop centre"), on_delete=models.CASCADE, related_name="service_groups"
    )
    letter = models.CharField(
        _("ticket letter"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{1,2}$", _("Use one or two capital letters, e.g. A."))],
        help_text=_("Printed before the ticket number, e.g. A012."),
    )
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("appointment slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    slot_capacity = models.PositiveSmallIntegerField(
        _("people per appointment slot"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("0 = this group takes no appointments."),
    )

    class Meta:
        verbose_name = _("service group")
        verbose_name_plural = _("service groups")
        ordering = ["centre", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "letter"], name="counter_group_unique_letter"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="counter_group_slot_minutes_min"),
        ]

    def __str__(self) -> str:
        return f"{self.letter} — {self.name}"

    def clean(self) -> None:
        """A group moved to another centre may not stay at the counters of the centre it leaves."""
        super().clean()
        if self.pk and self.centre_id and self.counters.exclude(centre_id=self.centre_id).exists():
            raise ValidationError(
                {"centre": _("Counters of another centre serve this group: take it off them before moving it.")}
            )


class Counter(models.Model):
    centre = models.ForeignKey(
        "units.Unit", verbose_name=_("one-stop centre"), on_delete=models.CASCADE, related_name="counters"
    )
    number = models.PositiveSmallIntegerField(_("counter number"), validators=[MinValueValidator(1)])
    groups = models.ManyToManyField(ServiceGroup, verbose_name=_("service groups"), related_name="counters")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["centre", "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="counter_counter_unique_number")]

    def __str__(self) -> str:
        return str(_("Counter %(number)s") % {"number": self.number})

    def clean(self) -> None:
        """A counter moved to another centre may not keep the groups of the centre it leaves (the groups chosen
        in a form are checked by `groups_of_other_centres` in the form and the service; the database refuses
        both: migration 0002)."""
        super().clean()
        if self.pk and self.centre_id:
            kept = ServiceGroup.objects.filter(counters=self).exclude(centre_id=self.centre_id)
            if kept.exists():
                raise ValidationError({"centre": other_centre_message(kept)})


COUNTER_GROUP_OTHER_CENTRE = "counter_group_other_centre"  # the database's refusal (triggers of migration 0002)


def groups_of_other_centres(*, centre_id: int | None, groups: Iterable[ServiceGroup]) -> list[ServiceGroup]:
    """The groups among `groups` that belong to a centre other than `centre_id`.

    ND 61/2018/NĐ-CP art. 13 and TT 01/2018/TT-VPCP: a one-stop unit's counters receive its own procedures; a
    counter calling the queue of another centre would call people who are somewhere else, and let an officer of
    one centre work another centre's queue."""
    return [group for group in groups if group.centre_id != centre_id]


def other_centre_message(groups: Iterable[ServiceGroup]) -> str:
    names = ", ".join(str(group) for group in groups)
    return str(_("A counter serves only the service groups of its own centre; not: %(groups)s.") % {"groups": names})


class Ticket(models.Model):
    centre = models.ForeignKey("units.Unit", verbose_name=_("one-stop centre"), on_delete=models.CASCADE)
    group = models.ForeignKey(ServiceGroup, verbose_name=_("service group"), on_delete=models.PROTECT)
    day = models.DateField(_("day"), help_text=_("Day of issue in Vietnam; numbers restart each day."))
    number = models.PositiveIntegerField(_("number"))
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=TicketStatus.choices, default=TicketStatus.WAITING, db_index=True
    )
    issued_at = models.DateTimeField(_("issued at"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter, verbose_name=_("counter"), null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("called by"), null=True, blank=True, on_delete=models.PROTECT
    )
    appointment = models.OneToOneField(
        "Appointment", verbose_name=_("appointment"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "day", "number"], name="counter_ticket_unique_number"),
            models.CheckConstraint(
                condition=Q(called_at__isnull=True) | Q(called_at__gte=models.F("issued_at")),
                name="counter_ticket_called_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["centre", "day", "status"], name="counter_ticket_centre_day")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The number as printed and shown: the group's letter and three digits (A007)."""
        return f"{self.group.letter}{self.number:03d}"

    @property
    def waiting_seconds(self) -> int | None:
        return int((self.called_at - self.issued_at).total_seconds()) if self.called_at else None

    @property
    def service_seconds(self) -> int | None:
        if self.called_at and self.finished_at and self.status == TicketStatus.SERVED:
            return int((self.finished_at - self.called_at).total_seconds())
        return None


class Appointment(models.Model):
    centre = models.ForeignKey("units.Unit", verbose_name=_("one-stop centre"), on_delete=models.CASCADE)
    group = models.ForeignKey(ServiceGroup, verbose_name=_("service group"), on_delete=models.PROTECT)
    starts_at = models.DateTimeField(_("slot start"))
    day = models.DateField(_("day"))
    seat = models.PositiveSmallIntegerField(_("place in the slot"))
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="appointments"
    )
    name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_at = models.DateTimeField(_("booked at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "seat"]
        constraints = [
            # One seat of a slot holds one active booking: the database refuses the second of two racing bookings.
            models.UniqueConstraint(
                fields=["group", "starts_at", "seat"],
                condition=~Q(status="cancelled"),
                name="counter_appointment_unique_seat",
            ),
            # A person holds at most one active booking per group and day.
            models.UniqueConstraint(
                fields=["citizen", "group", "day"],
                condition=~Q(status="cancelled"),
                name="counter_appointment_one_per_day",
            ),
        ]
        indexes = [models.Index(fields=["day", "status"], name="counter_appointment_day")]

    def __str__(self) -> str:
        return f"{self.group.letter} {self.starts_at:%d/%m/%Y %H:%M}"
