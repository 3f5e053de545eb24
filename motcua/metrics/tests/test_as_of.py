""" "As of" (DESIGN.md §4, issue 15): the stock figures of a period that includes today are measured at now —
a dossier due later in the period is within time today, as the officer inbox shows it — and at the end of the
last day once the period is over. The drill-down lists and the overdue ageing follow the same moment."""

import datetime as dt

import pytest
import time_machine

from motcua.console.presenters import due_soon_limit, due_state
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.tests.factories import World, vn
from motcua.metrics.drilldown import dossier_ids_behind, overdue_ageing
from motcua.metrics.selectors import period_report, period_report_grouped, stock_moment
from motcua.units.tests.factories import ProvinceFactory
from motcua.workdays.selectors import invalidate_calendar

D = dt.date
# The ND 09/2019 window of Q4 2026 (15/9–14/12/2026): it includes 7/12/2026, the "today" of these tests.
START, END = D(2026, 9, 15), D(2026, 12, 14)


@pytest.fixture
def stock(db):
    invalidate_calendar()
    province = ProvinceFactory()
    world = World()
    world.one_stop.parent = province
    world.one_stop.save()
    dossiers = {
        "old": world.dossier_in(S.IN_PROGRESS, at=vn(2026, 11, 23, 9, 0)),  # due the week before
        "today": world.dossier_in(S.IN_PROGRESS, at=vn(2026, 11, 30, 9, 0)),  # due Mon 7/12
        "later": world.dossier_in(S.IN_PROGRESS, at=vn(2026, 12, 1, 9, 0)),  # due Tue 8/12
    }
    yield province, dossiers
    invalidate_calendar()


def _ids(province, figure, now):
    return set(dossier_ids_behind(unit=province, start=START, end=END, figure=figure, now=now))


def test_due_dates_of_the_scenario(stock):
    _province, d = stock
    days = {name: dossier.due_at.astimezone(vn(2026, 1, 1).tzinfo).date() for name, dossier in d.items()}
    assert days["old"] < D(2026, 12, 7) and days["today"] == D(2026, 12, 7) and days["later"] > D(2026, 12, 7)


@pytest.mark.parametrize(
    "minutes,overdue",
    [(-1, {"old"}), (1, {"old", "today"})],
    ids=["before-todays-due-moment", "after-todays-due-moment"],
)
def test_current_period_counts_as_overdue_only_what_is_overdue_now(stock, minutes, overdue):
    province, d = stock
    now = d["today"].due_at + dt.timedelta(minutes=minutes)
    figures = period_report(unit=province, start=START, end=END, now=now)
    assert figures.as_of == now
    assert figures.in_progress == {"within_time": 3 - len(overdue), "overdue": len(overdue), "total": 3}
    assert figures.reconciles()
    # The officer inbox's rule (due_at < now) marks exactly the same dossiers.
    soon = due_soon_limit(now)
    inbox = {name for name, dossier in d.items() if due_state(dossier, now=now, soon=soon) == "overdue"}
    assert inbox == overdue
    # Drill-down lists match the cells.
    assert _ids(province, "in_progress_overdue", now) == {d[n].pk for n in overdue}
    assert _ids(province, "in_progress_within_time", now) == {d[n].pk for n in d if n not in overdue}
    assert sum(b.count for b in overdue_ageing(unit=province, day=END, now=now)) == len(overdue)
    _rows, total = period_report_grouped(unit=province, start=START, end=END, by="unit", now=now)
    assert total.in_progress == figures.in_progress
    by_field = period_report(unit=province, start=START, end=END, now=now, field=d["old"].procedure.field_id)
    assert by_field.in_progress == figures.in_progress


def test_a_finished_period_is_measured_at_the_end_of_its_last_day(stock):
    province, d = stock
    now = vn(2026, 12, 20, 9, 0)
    figures = period_report(unit=province, start=START, end=END, now=now)
    assert figures.as_of is None
    assert figures.in_progress == {"within_time": 0, "overdue": 3, "total": 3}
    assert _ids(province, "in_progress_overdue", now) == {x.pk for x in d.values()}


def test_default_now_is_the_clock(stock):
    province, d = stock
    now = d["today"].due_at - dt.timedelta(minutes=1)
    with time_machine.travel(now, tick=False):
        figures = period_report(unit=province, start=START, end=END)
        moment = stock_moment(end=END)
    assert figures.as_of == now and moment.day == D(2026, 12, 7) and moment.overdue_through == D(2026, 12, 6)
    assert figures.in_progress["overdue"] == 1
