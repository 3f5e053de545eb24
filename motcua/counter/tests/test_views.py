"""The queue screens through the test client: who may open what, bad input refused with a Vietnamese message."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.core import ratelimit
from motcua.counter.models import Appointment, Ticket
from motcua.dossiers.tests.factories import OneStopFactory, officer_in, vn

from .factories import CitizenFactory, QueueWorld

pytestmark = pytest.mark.django_db
NOW = vn(2026, 4, 28, 10, 0)


@pytest.fixture
def q():
    return QueueWorld()


@pytest.fixture(autouse=True)
def _frozen():
    ratelimit.reset("ticket", "127.0.0.1")
    with time_machine.travel(NOW, tick=False):
        yield


def test_anyone_takes_a_number_at_the_kiosk_and_sees_the_ticket(client, q):
    response = client.post(reverse("counter:kiosk", args=[q.centre.code]), {"group": q.civil.pk})
    ticket = Ticket.objects.get()
    assert response["Location"] == reverse("counter:ticket", args=[ticket.token])
    page = client.get(response["Location"]).content.decode()
    assert "A001" in page and "Hộ tịch, chứng thực" in page and 'data-refresh="20"' in page


def test_the_kiosk_refuses_a_group_of_another_centre(client, q):
    other = QueueWorld()
    response = client.post(reverse("counter:kiosk", args=[q.centre.code]), {"group": other.civil.pk})
    assert response.status_code == 400 and "Vui lòng chọn" in response.content.decode()
    assert client.post(reverse("counter:kiosk", args=[q.centre.code]), {"group": "x"}).status_code == 400
    assert not Ticket.objects.exists()


def test_the_kiosk_limits_tickets_per_device(client, q, settings):
    settings.MOTCUA_TICKET_LIMIT = (2, 600)
    ratelimit.reset("ticket", "127.0.0.1")
    url = reverse("counter:kiosk", args=[q.centre.code])
    statuses = [client.post(url, {"group": q.civil.pk}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429] and Ticket.objects.count() == 2


def test_unknown_ticket_or_centre_is_not_found(client, q):
    assert client.get(reverse("counter:ticket", args=["khong-co"])).status_code == 404
    assert client.get(reverse("counter:display", args=["KHONGCO"])).status_code == 404


def test_the_display_is_public_and_refreshes_through_a_static_script(client, q):
    page = client.get(reverse("counter:display", args=[q.centre.code])).content.decode()
    assert 'data-refresh="10"' in page and "counter/counter.js" in page and "<script>" not in page


def test_officer_calls_at_own_centre_only(client, q):
    client.post(reverse("counter:kiosk", args=[q.centre.code]), {"group": q.civil.pk})
    stranger = officer_in(OneStopFactory(), Role.COUNTER_OFFICER)
    client.force_login(stranger)
    assert client.post(reverse("counter:desk_call", args=[q.counter1.pk])).status_code == 404
    assert client.get(reverse("counter:desk", args=[q.counter1.pk])).status_code == 404
    client.force_login(q.officer)
    response = client.post(reverse("counter:desk_call", args=[q.counter1.pk]), follow=True)
    assert "Mời số A001" in response.content.decode()
    assert Ticket.objects.get().counter == q.counter1


def test_citizens_and_visitors_do_not_reach_the_desk(client, q):
    assert client.get(reverse("counter:desk_list"))["Location"].startswith(reverse("accounts:login"))
    client.force_login(q.citizen)
    assert client.get(reverse("counter:desk_list")).status_code == 403


def test_statistics_are_for_the_centre_manager(client, q):
    client.force_login(q.officer)
    assert client.get(reverse("counter:statistics")).status_code == 403
    client.force_login(q.manager)
    response = client.get(reverse("counter:statistics"))
    assert response.status_code == 200 and "Thời gian chờ" in response.content.decode()
    bad = client.get(reverse("counter:statistics"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 400 and "trước ngày bắt đầu" in bad.content.decode()


def test_booking_needs_a_signed_in_citizen(client, q):
    response = client.get(reverse("counter:book", args=[q.centre.code]))
    assert response.status_code == 302 and reverse("accounts:citizen_signin") in response["Location"]


def test_citizen_books_and_sees_only_own_appointments(client, q):
    client.force_login(q.citizen)
    url = reverse("counter:book", args=[q.centre.code])
    page = client.get(url, {"nhom": q.civil.pk, "ngay": "2026-04-29"}).content.decode()
    assert 'value="2026-04-29T08:00+0700"' in page
    data = {"nhom": q.civil.pk, "ngay": "2026-04-29", "slot": "2026-04-29T08:00+0700", "name": "Trần Thị Bình"}
    bad = client.post(url, {**data, "phone": "123"})
    assert bad.status_code == 400 and "10 chữ số" in bad.content.decode()
    response = client.post(url, {**data, "phone": "0912345678"})
    assert response["Location"] == reverse("counter:appointments")
    appointment = Appointment.objects.get()
    assert appointment.starts_at == vn(2026, 4, 29, 8)
    other = CitizenFactory()
    client.force_login(other)
    assert "Hộ tịch" not in client.get(reverse("counter:appointments")).content.decode()
    assert client.post(reverse("counter:appointment_cancel", args=[appointment.token])).status_code == 404


def test_booking_a_holiday_through_a_crafted_post_is_refused(client, q):
    client.force_login(q.citizen)
    data = {
        "nhom": q.civil.pk,
        "ngay": "2026-04-30",
        "slot": "2026-04-30T08:00+0700",
        "name": "A",
        "phone": "0912345678",
    }
    response = client.post(reverse("counter:book", args=[q.centre.code]), data)
    assert response.status_code == 400 and not Appointment.objects.exists()
