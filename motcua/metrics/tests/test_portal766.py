"""QĐ 766 indicator 2.1 the national portal's way (legal-details.md §3.3 row 2.1): supplement waiting time
subtracted instead of the decree's restart, more than one supplement request = late, open dossiers measured at
the period end — while the legal outcome keeps ND 61/2018 art 19."""

import datetime as dt

import pytest

from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.tests.factories import World, vn
from motcua.metrics.portal766 import Late, portal_on_time
from motcua.metrics.tests.factories import finish
from motcua.units.tests.factories import ProvinceFactory
from motcua.workdays.selectors import invalidate_calendar

D = dt.date
AFTER = vn(2026, 6, 1, 9, 0)  # a "now" after every period of these tests


@pytest.fixture
def world(db):
    invalidate_calendar()
    province = ProvinceFactory()
    w = World()  # 5 working days
    w.one_stop.parent = province
    w.one_stop.save()
    w.province = province
    yield w
    invalidate_calendar()


def supplement(w, dossier, *, asked, got):
    dossier = w.act(services.dossier_request_supplement, dossier, at=asked, officer=w.specialist, items=["Bản sao"])
    return w.act(services.dossier_supplement_received, dossier, at=got, officer=w.counter)


def test_supplement_wait_is_subtracted_where_the_decree_restarts_the_clock(world):
    """Received Mon 2/3 09:00 (due after 5 working days, ≈ 9/3), supplement asked Wed 4/3 15:00 and brought Thu 5/3
    09:00: the decree restarts 5 working days from 5/3 (due ≈ 12/3), the portal moves the appointment by the 18-hour
    wait (≈ 10/3). Signed Wed 11/3 11:00: on time by law, late on the portal."""
    dossier = world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 2, 9, 0))
    first_due = dossier.due_at
    dossier = supplement(world, dossier, asked=vn(2026, 3, 4, 15, 0), got=vn(2026, 3, 5, 9, 0))
    assert dossier.due_at > vn(2026, 3, 11, 12, 0)  # the decree's restart
    dossier = finish(world, dossier, at=vn(2026, 3, 11, 9, 0))
    assert dossier.outcome in ("early", "on_time")
    result = portal_on_time(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), now=AFTER)
    (timing,) = result.timings
    assert timing.appointment == first_due + dt.timedelta(hours=18)
    assert timing.appointment < timing.closed_at < timing.legal_due
    assert (result.dossiers, result.on_time, result.late_past_due, result.value) == (1, 0, 1, 0.0)
    assert timing.late_reason == Late.PAST_DUE and timing.legal_on_time is True
    assert result.differences() == [timing]


def test_more_than_one_supplement_request_is_late_even_when_finished_early(world):
    dossier = world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 2, 9, 0))
    dossier = supplement(world, dossier, asked=vn(2026, 3, 3, 9, 0), got=vn(2026, 3, 3, 15, 0))
    dossier = supplement(world, dossier, asked=vn(2026, 3, 4, 9, 0), got=vn(2026, 3, 4, 15, 0))
    dossier = finish(world, dossier, at=vn(2026, 3, 5, 9, 0))
    assert dossier.outcome == "early"
    result = portal_on_time(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), now=AFTER)
    assert result.timings[0].supplement_requests == 2
    assert (result.on_time, result.late_supplements) == (0, 1)


def test_one_supplement_finished_within_the_moved_appointment_is_on_time(world):
    dossier = world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 2, 9, 0))
    dossier = supplement(world, dossier, asked=vn(2026, 3, 3, 9, 0), got=vn(2026, 3, 5, 9, 0))
    finish(world, dossier, at=vn(2026, 3, 10, 9, 0))  # first due ≈ 9/3 + 2 days of waiting
    result = portal_on_time(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), now=AFTER)
    assert (result.dossiers, result.on_time, result.value) == (1, 1, 1.0)
    assert result.differences() == []


def test_open_dossiers_are_measured_at_the_period_end(world):
    """Open at 31/3 and past its appointment: late on the portal (and overdue by law); the one still within time
    counts as on time; a dossier closed before the period is not in it."""
    world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 20, 9, 0))  # due ≈ 27/3: past due at 31/3
    world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 30, 9, 0))  # due ≈ 6/4: within time at 31/3
    finish(world, world.dossier_in(S.IN_PROGRESS, at=vn(2026, 2, 2, 9, 0)), at=vn(2026, 2, 4, 9, 0))
    result = portal_on_time(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), now=AFTER)
    assert (result.dossiers, result.on_time, result.late_past_due) == (2, 1, 1)
    late = next(t for t in result.timings if not t.on_time)
    assert late.closed_at is None and late.legal_outcome == "late"
    # Measured at 25/3 (now, inside the period) the first one is not late yet.
    early = portal_on_time(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), now=vn(2026, 3, 25, 9))
    assert (early.dossiers, early.on_time) == (1, 1)


def test_refused_at_reception_is_not_a_dossier_of_the_indicator(world):
    dossier = world.dossier_in(S.SUBMITTED, at=vn(2026, 3, 2, 9, 0))
    world.act(services.dossier_refuse_reception, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, reason="Sai")
    result = portal_on_time(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), now=AFTER)
    assert result.dossiers == 0 and result.value is None


def test_the_replay_runs_only_where_the_766_figure_is_shown(world):
    """Dashboards and rankings by other indicators do not replay every dossier's history."""
    from motcua.metrics.indicators import indicator_values

    finish(world, world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 2, 9, 0)), at=vn(2026, 3, 3, 9, 0))
    cheap = indicator_values(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert cheap["portal_on_time_rate"].value is None and cheap["portal_on_time_rate"].no_data_reason
    full = indicator_values(unit=world.province, start=D(2026, 3, 1), end=D(2026, 3, 31), replay=True)
    assert full["portal_on_time_rate"].value == 1.0
