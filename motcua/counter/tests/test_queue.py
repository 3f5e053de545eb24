"""Queue tickets: numbers per group and day, calling order, waiting and service time, the board, the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from motcua.accounts.choices import Role
from motcua.counter import selectors, services
from motcua.counter.choices import TicketStatus
from motcua.counter.models import Ticket
from motcua.dossiers.tests.factories import OneStopFactory, officer_in, vn

from .factories import QueueWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def q():
    return QueueWorld()


def test_numbers_follow_per_group_and_restart_the_next_day(q):
    a1 = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 7, 35))
    a2 = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 7, 36))
    b1 = services.ticket_issue(group=q.land, now=vn(2026, 3, 2, 7, 37))
    next_day = services.ticket_issue(group=q.civil, now=vn(2026, 3, 3, 7, 31))
    assert [a1.label, a2.label, b1.label, next_day.label] == ["A001", "A002", "B001", "A001"]
    assert next_day.day == dt.date(2026, 3, 3)


def test_the_day_of_a_ticket_is_the_vietnamese_day_whatever_the_process_zone(q):
    # 23:30 UTC on 1 March is 06:30 on 2 March in Vietnam
    ticket = services.ticket_issue(group=q.civil, now=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    assert ticket.day == dt.date(2026, 3, 2)


def test_the_database_refuses_a_second_ticket_with_the_same_number(q):
    ticket = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(centre=q.centre, group=q.civil, day=ticket.day, number=1, issued_at=vn(2026, 3, 2, 8))


def test_an_inactive_group_issues_no_ticket(q):
    q.land.is_active = False
    q.land.save()
    with pytest.raises(ValidationError, match="không cấp số"):
        services.ticket_issue(group=q.land, now=vn(2026, 3, 2, 8))


def test_call_next_takes_the_oldest_waiting_ticket_of_the_counters_groups(q):
    b1 = services.ticket_issue(group=q.land, now=vn(2026, 3, 2, 7, 31))
    a1 = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 7, 32))
    a2 = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 7, 33))
    # counter 1 serves only A: B001 is older but not its group
    called = services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 7, 40))
    assert called.pk == a1.pk and called.status == TicketStatus.CALLED and called.counter == q.counter1
    called = services.ticket_call_next(officer=q.officer, counter=q.counter2, now=vn(2026, 3, 2, 7, 41))
    assert called.pk == b1.pk
    # calling again at counter 1 closes A001 as served and calls A002
    called = services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 7, 50))
    assert called.pk == a2.pk
    a1.refresh_from_db()
    assert a1.status == TicketStatus.SERVED and a1.service_seconds == 10 * 60 and a1.waiting_seconds == 8 * 60
    assert services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 8)) is None


def test_yesterdays_waiting_tickets_are_not_called_today(q):
    services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 16, 55))
    assert services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 3, 7, 30)) is None


def test_people_ahead_counts_the_waiting_tickets_before_mine(q):
    first = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 7, 31))
    services.ticket_issue(group=q.land, now=vn(2026, 3, 2, 7, 32))
    mine = services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 7, 33))
    assert selectors.people_ahead(first) == 0
    assert selectors.people_ahead(mine) == 1
    services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 7, 40))
    assert selectors.people_ahead(mine) == 0


def test_no_show_counts_no_service_time(q):
    services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 8))
    ticket = services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 8, 10))
    ticket = services.ticket_finish(officer=q.officer, ticket=ticket, served=False, now=vn(2026, 3, 2, 8, 15))
    assert ticket.status == TicketStatus.NO_SHOW and ticket.service_seconds is None and ticket.waiting_seconds == 600
    with pytest.raises(ValidationError):
        services.ticket_finish(officer=q.officer, ticket=ticket, served=True, now=vn(2026, 3, 2, 8, 16))


def test_an_officer_of_another_centre_cannot_call_or_close(q):
    stranger = officer_in(OneStopFactory(), Role.COUNTER_OFFICER)
    specialist_here = officer_in(q.centre, Role.SPECIALIST)
    services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 8))
    for officer in (stranger, specialist_here):
        with pytest.raises(PermissionDenied):
            services.ticket_call_next(officer=officer, counter=q.counter1, now=vn(2026, 3, 2, 8, 5))
    assert not selectors.counter_list_for_officer(officer=stranger).exists()
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_the_board_shows_the_number_at_each_counter_and_who_waits(q):
    services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 8))
    services.ticket_issue(group=q.civil, now=vn(2026, 3, 2, 8, 1))
    services.ticket_issue(group=q.land, now=vn(2026, 3, 2, 8, 2))
    services.ticket_call_next(officer=q.officer, counter=q.counter2, now=vn(2026, 3, 2, 8, 5))
    board = selectors.display_board(centre=q.centre, now=vn(2026, 3, 2, 8, 6))
    assert [(row.counter.number, row.ticket.label if row.ticket else None) for row in board["rows"]] == [
        (1, None),
        (2, "A001"),
    ]
    assert [(group.letter, n) for group, n in board["groups"]] == [("A", 1), ("B", 1)]


def test_statistics_give_waiting_and_service_minutes_per_hour_and_counter(q):
    """Hand-computed: 07h — A001 waits 10 min, served 6 min; A002 waits 16 min, served 4 min (both counter 1);
    08h — A003 waits 5 min at counter 2 and does not come; B001 is never called."""
    issue = services.ticket_issue
    issue(group=q.civil, now=vn(2026, 3, 2, 7, 40))  # A001
    issue(group=q.civil, now=vn(2026, 3, 2, 7, 40))  # A002
    services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 7, 50))  # A001 → 1
    services.ticket_call_next(officer=q.officer, counter=q.counter1, now=vn(2026, 3, 2, 7, 56))  # A001 served 6'
    # ...that second call closed A001 and took A002 to counter 1
    a2 = Ticket.objects.get(number=2, group=q.civil)
    assert a2.counter == q.counter1 and a2.waiting_seconds == 16 * 60
    services.ticket_finish(officer=q.officer, ticket=a2, served=True, now=vn(2026, 3, 2, 8, 0))  # served 4'
    issue(group=q.civil, now=vn(2026, 3, 2, 8, 10))  # A003
    a3 = services.ticket_call_next(officer=q.officer, counter=q.counter2, now=vn(2026, 3, 2, 8, 15))
    services.ticket_finish(officer=q.officer, ticket=a3, served=False, now=vn(2026, 3, 2, 8, 20))
    issue(group=q.land, now=vn(2026, 3, 2, 8, 30))  # B001, never called
    stats = selectors.waiting_statistics(centre=q.centre, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 2))
    rows = [
        (
            r.hour,
            r.counter,
            r.tickets,
            r.served,
            r.no_show,
            r.avg_wait_minutes,
            r.max_wait_minutes,
            r.avg_service_minutes,
        )
        for r in stats["rows"]
    ]
    assert rows == [
        (7, 1, 2, 2, 0, 13.0, 16.0, 5.0),
        (8, 2, 1, 0, 1, 5.0, 5.0, None),
        (8, selectors.NOT_CALLED, 1, 0, 0, None, None, None),
    ]
    assert (stats["total"], stats["avg_wait_minutes"], stats["avg_service_minutes"]) == (4, 10.3, 5.0)
