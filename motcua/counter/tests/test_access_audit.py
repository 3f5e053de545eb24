"""Insider access to the queue and the appointments (audit, session 6): every officer screen and every id in a
URL tried as the wrong actor — an officer of another centre, a non-serving officer of the same centre, a leader of
another unit, a citizen, a former officer — expecting 404 (out of scope) or 403 (not an officer at all).

Rules (motcua/counter/access.py): the officers of a centre (counter officers, the centre manager, its
administrator) call tickets at its counters and check in its appointments; the waiting statistics are the centre
manager's (ND 61/2018/NĐ-CP art 12: the head of the one-stop unit organises its staff); a citizen sees only their own
appointments (ND 13/2023/NĐ-CP on personal data: names and phone numbers of people who booked).
"""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.counter import services
from motcua.counter.choices import AppointmentStatus, TicketStatus
from motcua.counter.models import Appointment, Counter, Ticket
from motcua.dossiers.tests.factories import DepartmentFactory, officer_in, vn

from .factories import QueueWorld

pytestmark = pytest.mark.django_db
BOOKED_AT = vn(2026, 4, 28, 10, 0)  # a Tuesday
DAY = vn(2026, 4, 29, 8, 0)  # the next morning, when the appointments are checked in


def _book(world: QueueWorld, citizen=None, hour: int = 9) -> Appointment:
    return services.appointment_book(
        citizen=citizen or world.citizen,
        group=world.civil,
        starts_at=vn(2026, 4, 29, hour),
        name="Trần Thị Bình",
        phone="0912345678",
        now=BOOKED_AT,
    )


@pytest.fixture
def two():
    """Two centres, each with a waiting ticket and a booked appointment for the morning."""
    here, there = QueueWorld(), QueueWorld()
    for world in (here, there):
        world.appointment = _book(world)
        world.ticket = services.ticket_issue(group=world.civil, now=DAY)
    return here, there


def _desk_screens(client, counter: Counter, appointment: Appointment) -> list[int]:
    return [
        client.get(reverse("counter:desk", args=[counter.pk])).status_code,
        client.post(reverse("counter:desk_call", args=[counter.pk])).status_code,
        client.post(reverse("counter:desk_finish", args=[counter.pk])).status_code,
        client.post(reverse("counter:desk_check_in", args=[counter.pk, appointment.pk])).status_code,
    ]


@pytest.mark.parametrize(
    "actor", ["counter_of_another_centre", "manager_of_another_centre", "leader_of_another_unit", "specialist_here"]
)
def test_officers_outside_the_centre_get_404_and_change_nothing(client, two, actor):
    here, there = two
    viewer = {
        "counter_of_another_centre": there.officer,
        "manager_of_another_centre": there.manager,
        "leader_of_another_unit": officer_in(DepartmentFactory(), Role.UNIT_LEADER),
        "specialist_here": officer_in(here.centre, Role.SPECIALIST),
    }[actor]
    client.force_login(viewer)
    with time_machine.travel(DAY, tick=False):
        assert _desk_screens(client, here.counter1, here.appointment) == [404] * 4
        listing = client.get(reverse("counter:desk_list")).content.decode()
    assert reverse("counter:desk", args=[here.counter1.pk]) not in listing
    assert Ticket.objects.get(pk=here.ticket.pk).status == TicketStatus.WAITING
    assert Appointment.objects.get(pk=here.appointment.pk).status == AppointmentStatus.BOOKED


def test_an_appointment_of_another_centre_cannot_be_checked_in_at_my_counter(client, two):
    """Id walking: the officer's own counter with the appointment id of a centre they do not serve."""
    here, there = two
    client.force_login(here.officer)
    with time_machine.travel(DAY, tick=False):
        response = client.post(reverse("counter:desk_check_in", args=[here.counter1.pk, there.appointment.pk]))
    assert response.status_code == 404
    assert Appointment.objects.get(pk=there.appointment.pk).status == AppointmentStatus.BOOKED
    assert not Ticket.objects.filter(appointment=there.appointment).exists()


def test_an_officer_serving_two_centres_checks_in_only_through_a_counter_of_the_appointments_centre(client, two):
    """An appointment is checked in at a counter of its own centre: through a counter of the other centre the
    officer serves, its id is not found (the ticket would otherwise be issued in the other centre's queue from a
    desk that does not serve it)."""
    here, there = two
    Membership.objects.create(user=here.officer, unit=there.centre, role=Role.COUNTER_OFFICER)
    client.force_login(here.officer)
    with time_machine.travel(DAY, tick=False):
        wrong = client.post(reverse("counter:desk_check_in", args=[here.counter1.pk, there.appointment.pk]))
        assert wrong.status_code == 404
        assert Appointment.objects.get(pk=there.appointment.pk).status == AppointmentStatus.BOOKED
        right = client.post(reverse("counter:desk_check_in", args=[there.counter1.pk, there.appointment.pk]))
    assert right.status_code == 302
    assert Appointment.objects.get(pk=there.appointment.pk).status == AppointmentStatus.ARRIVED


def test_counter_and_appointment_ids_cannot_be_walked(client, two):
    """Every counter id and appointment id of the database, tried by the officer of the second centre."""
    here, there = two
    client.force_login(there.officer)
    with time_machine.travel(DAY, tick=False):
        opened = {
            pk
            for pk in Counter.objects.values_list("pk", flat=True)
            if client.get(reverse("counter:desk", args=[pk])).status_code == 200
        }
        checked_in = [
            pk
            for pk in Appointment.objects.values_list("pk", flat=True)
            if client.post(reverse("counter:desk_check_in", args=[there.counter1.pk, pk])).status_code != 404
        ]
    assert opened == {there.counter1.pk, there.counter2.pk}
    assert checked_in == [there.appointment.pk]
    assert Appointment.objects.get(pk=here.appointment.pk).status == AppointmentStatus.BOOKED


def test_statistics_of_another_centre_cannot_be_asked_for_by_id(client, two):
    here, there = two
    client.force_login(there.manager)
    with time_machine.travel(DAY, tick=False):
        response = client.get(reverse("counter:statistics"), {"trung-tam": here.centre.pk})
    assert response.status_code == 200 and response.context["centre"] == there.centre
    assert response.context["centres"] == [there.centre]
    for viewer in (here.officer, officer_in(DepartmentFactory(), Role.UNIT_LEADER), here.citizen):
        client.force_login(viewer)
        assert client.get(reverse("counter:statistics"), {"trung-tam": here.centre.pk}).status_code == 403


def test_a_former_officer_loses_the_desk(client, two):
    here, _there = two
    Membership.objects.filter(user=here.officer).update(is_active=False)
    client.force_login(here.officer)
    with time_machine.travel(DAY, tick=False):
        assert _desk_screens(client, here.counter1, here.appointment) == [404] * 4


def test_citizens_see_and_cancel_only_their_own_appointments(client, two):
    here, there = two
    client.force_login(there.citizen)
    with time_machine.travel(BOOKED_AT, tick=False):
        page = client.get(reverse("counter:appointments"))
        assert list(page.context["appointments"]) == [there.appointment]
        cancel = client.post(reverse("counter:appointment_cancel", args=[here.appointment.token]))
        assert cancel.status_code == 404
        assert _desk_screens(client, here.counter1, here.appointment) == [403] * 4
    assert Appointment.objects.get(pk=here.appointment.pk).status == AppointmentStatus.BOOKED


def test_visitors_are_sent_to_sign_in_for_anything_personal(client, two):
    here, _there = two
    for url in (
        reverse("counter:appointments"),
        reverse("counter:book", args=[here.centre.code]),
        reverse("counter:desk", args=[here.counter1.pk]),
        reverse("counter:statistics"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith((reverse("accounts:login"), reverse("accounts:citizen_signin")))
    response = client.post(reverse("counter:appointment_cancel", args=[here.appointment.token]))
    assert response.status_code == 302
    assert Appointment.objects.get(pk=here.appointment.pk).status == AppointmentStatus.BOOKED


def test_the_public_board_and_ticket_page_show_no_personal_data(client, two):
    here, _there = two
    with time_machine.travel(DAY, tick=False):
        ticket = services.appointment_check_in(officer=here.officer, appointment=here.appointment, now=DAY)
        pages = [
            client.get(reverse("counter:display", args=[here.centre.code])).content.decode(),
            client.get(reverse("counter:ticket", args=[ticket.token])).content.decode(),
        ]
    for page in pages:
        assert "Trần Thị Bình" not in page and "0912345678" not in page
    assert len(ticket.token) >= 20  # 128 random bits (secrets.token_urlsafe(16)): not guessable
