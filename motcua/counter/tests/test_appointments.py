"""Appointments: slots inside the working sessions of working days, capacity, no double booking under a race,
one booking per person and day, cancel, check-in, reminders the day before through the message channel."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from motcua.counter import selectors, services, slots
from motcua.counter.choices import AppointmentStatus
from motcua.counter.models import Appointment
from motcua.dossiers.tests.factories import vn
from motcua.workdays.selectors import get_calendar, invalidate_calendar

from .factories import CitizenFactory, QueueWorld

pytestmark = pytest.mark.django_db
# Tuesday 28 April 2026: Thursday 30/4 and Friday 1/5 are holidays (Labour Code 2019 art. 112.1 c, d)
NOW = vn(2026, 4, 28, 10, 0)


class RecordingChannel:
    name = "sms"
    sent: list[dict] = []

    def send(self, *, phone, text, template, dossier_id):
        RecordingChannel.sent.append({"phone": phone, "text": text, "template": template})


@pytest.fixture(autouse=True)
def _calendar():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def q():
    return QueueWorld(capacity=2)


def book(q, *, at, citizen=None, group=None, now=NOW, phone="0912 345 678"):
    return services.appointment_book(
        citizen=citizen or q.citizen, group=group or q.civil, starts_at=at, name="Trần Thị Bình", phone=phone, now=now
    )


def test_bookable_days_are_the_working_days_of_the_next_two_weeks():
    days = slots.bookable_days(get_calendar(), NOW)
    assert days[:3] == [dt.date(2026, 4, 29), dt.date(2026, 5, 4), dt.date(2026, 5, 5)]
    assert dt.date(2026, 4, 30) not in days and dt.date(2026, 5, 1) not in days  # 30/4 and 1/5
    assert days[-1] == dt.date(2026, 5, 12)  # 14 days ahead, Tuesday


def test_slots_fill_the_working_sessions():
    starts = slots.slot_starts(get_calendar(), dt.date(2026, 4, 29), 30)
    assert len(starts) == 16  # 07:30–11:30 and 13:00–17:00 in half hours
    assert (starts[0].time(), starts[7].time(), starts[8].time(), starts[-1].time()) == (
        dt.time(7, 30),
        dt.time(11, 0),
        dt.time(13, 0),
        dt.time(16, 30),
    )
    assert slots.slot_starts(get_calendar(), dt.date(2026, 4, 30), 30) == []


def test_a_holiday_a_past_day_or_an_odd_time_cannot_be_booked(q):
    for moment in (vn(2026, 4, 30, 8), vn(2026, 4, 28, 14), vn(2026, 4, 29, 7, 45), vn(2026, 4, 29, 12)):
        with pytest.raises(ValidationError, match="ngày làm việc"):
            book(q, at=moment)
    assert not Appointment.objects.exists()


def test_a_slot_takes_as_many_people_as_its_capacity(q):
    seats = [book(q, at=vn(2026, 4, 29, 8), citizen=CitizenFactory()).seat for _ in range(2)]
    assert seats == [1, 2]
    with pytest.raises(ValidationError, match="đã kín"):
        book(q, at=vn(2026, 4, 29, 8))
    free = {s.starts_at: s.free for s in selectors.slot_list(group=q.civil, day=dt.date(2026, 4, 29), now=NOW)}
    assert free[vn(2026, 4, 29, 8)] == 0 and free[vn(2026, 4, 29, 8, 30)] == 2


def test_one_person_one_booking_per_service_and_day(q):
    book(q, at=vn(2026, 4, 29, 8))
    with pytest.raises(ValidationError, match="đã có lịch hẹn"):
        book(q, at=vn(2026, 4, 29, 9))
    book(q, at=vn(2026, 4, 29, 8, 30), group=q.land)  # another service the same day is fine


def test_bad_name_or_phone_is_refused(q):
    with pytest.raises(ValidationError) as error:
        book(q, at=vn(2026, 4, 29, 8), phone="12345")
    assert "phone" in error.value.message_dict


def test_the_database_refuses_two_active_bookings_of_one_seat(q):
    first = book(q, at=vn(2026, 4, 29, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            centre=q.centre,
            group=q.civil,
            starts_at=first.starts_at,
            day=first.day,
            seat=1,
            citizen=CitizenFactory(),
            name="Lê Văn C",
            phone="0987654321",
            booked_at=NOW,
        )


def _stale_once(monkeypatch):
    """The race: the second booking read the seats before the first one wrote (both saw seat 1 free)."""
    real = services._free_seats
    calls = {"n": 0}

    def stale(group, starts_at):
        calls["n"] += 1
        return [1] if calls["n"] == 1 else real(group, starts_at)

    monkeypatch.setattr(services, "_free_seats", stale)


def test_a_racing_second_booking_gets_the_next_seat(q, monkeypatch):
    book(q, at=vn(2026, 4, 29, 8))
    _stale_once(monkeypatch)
    second = book(q, at=vn(2026, 4, 29, 8), citizen=CitizenFactory())
    assert second.seat == 2


def test_a_racing_booking_of_the_last_place_is_refused(monkeypatch):
    q = QueueWorld(capacity=1)
    book(q, at=vn(2026, 4, 29, 8))
    _stale_once(monkeypatch)
    with pytest.raises(ValidationError, match="đã kín"):
        book(q, at=vn(2026, 4, 29, 8), citizen=CitizenFactory())
    assert Appointment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_concurrent_bookings_of_the_last_place_on_postgresql():
    q = QueueWorld(capacity=1)
    people = [CitizenFactory(), CitizenFactory()]
    barrier, results = threading.Barrier(2), []

    def attempt(person):
        barrier.wait()
        try:
            results.append(book(q, at=vn(2026, 4, 29, 8), citizen=person).seat)
        except ValidationError:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [1, "full"]
    assert Appointment.objects.count() == 1


def test_cancel_frees_the_seat_and_only_the_owner_may_cancel(q):
    appointment = book(q, at=vn(2026, 4, 29, 8))
    with pytest.raises(PermissionDenied):
        services.appointment_cancel(citizen=CitizenFactory(), appointment=appointment, now=NOW)
    services.appointment_cancel(citizen=q.citizen, appointment=appointment, now=NOW)
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED
    assert book(q, at=vn(2026, 4, 29, 8)).seat == 1
    with pytest.raises(ValidationError):
        services.appointment_cancel(citizen=q.citizen, appointment=appointment, now=NOW)


def test_check_in_issues_a_ticket_that_goes_before_walk_ins(q):
    appointment = book(q, at=vn(2026, 4, 29, 9))
    walk_in = services.ticket_issue(group=q.civil, now=vn(2026, 4, 29, 8, 30))
    with pytest.raises(ValidationError):  # not today yet
        services.appointment_check_in(officer=q.officer, appointment=appointment, now=vn(2026, 4, 28, 16))
    ticket = services.appointment_check_in(officer=q.officer, appointment=appointment, now=vn(2026, 4, 29, 8, 55))
    assert selectors.people_ahead(ticket) == 0 and selectors.people_ahead(walk_in) == 1
    called = services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 4, 29, 9))
    assert called.pk == ticket.pk
    assert Appointment.objects.get().status == AppointmentStatus.ARRIVED


def test_reminders_go_out_the_day_before_once(q, settings):
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.counter.tests.test_appointments.RecordingChannel"
    RecordingChannel.sent = []
    monday = book(q, at=vn(2026, 5, 4, 8))
    cancelled = book(q, at=vn(2026, 5, 4, 8, 30), group=q.land)
    services.appointment_cancel(citizen=q.citizen, appointment=cancelled, now=NOW)
    assert services.appointment_send_reminders(now=vn(2026, 5, 2, 18)) == 0  # Saturday: two days before
    assert services.appointment_send_reminders(now=vn(2026, 5, 3, 8)) == 1  # Sunday: the day before
    assert services.appointment_send_reminders(now=vn(2026, 5, 3, 9)) == 0  # once
    [message] = RecordingChannel.sent
    assert message["phone"] == "0912345678" and message["template"] == "appointment_reminder"
    assert "08:00" in message["text"] and "04/05/2026" in message["text"]
    monday.refresh_from_db()
    assert monday.reminder_sent_at == vn(2026, 5, 3, 8)


def test_a_failed_send_is_retried_at_the_next_run(q, settings):
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.counter.tests.test_appointments.FailingChannel"
    book(q, at=vn(2026, 4, 29, 8))
    assert services.appointment_send_reminders(now=vn(2026, 4, 28, 16)) == 0
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.counter.tests.test_appointments.RecordingChannel"
    RecordingChannel.sent = []
    assert services.appointment_send_reminders(now=vn(2026, 4, 28, 17)) == 1


class FailingChannel:
    name = "sms"

    def send(self, **kwargs):
        raise ConnectionError("gateway down")
