"""pytest plugin for `scripts/mutation_deadlines.py`: disable one deadline or fee rule (MOTCUA_MUTATION)."""

from __future__ import annotations

import datetime as dt
import os

import pytest


def _limit_due_mutant(replace_unit: str, behaviour):
    from motcua.dossiers import clock

    original = clock.limit_due

    def mutant(cal, start, value, unit):
        if unit == replace_unit and value is not None:
            return behaviour(cal, start, value)
        return original(cal, start, value, unit)

    return clock, "limit_due", mutant


def _add_calendar_days_mutant(kind: str):
    from motcua.workdays.calendar import WorkingCalendar

    original = WorkingCalendar.add_calendar_days

    def at_clock_time(self, start, days):  # the reviewed bug: ends at the clock time, not the end of the day
        local = self._local(start) + dt.timedelta(days=days)
        if self.is_working_day(local.date()):
            return local
        return original(self, start, days)

    def no_day_off_rule(self, start, days):  # Civil Code art 148.5 removed: may end on a day off
        day = self._local(start).date() + dt.timedelta(days=days)
        return dt.datetime(day.year, day.month, day.day, tzinfo=self._local(start).tzinfo) + dt.timedelta(
            microseconds=self._close_us
        )

    return WorkingCalendar, "add_calendar_days", {"clock_time": at_clock_time, "no_day_off": no_day_off_rule}[kind]


def _fee_guard_removed():
    from motcua.dossiers import workflow

    key = (workflow.S.RESULT_READY, workflow.A.DELIVER)
    rule = workflow.TABLE[key]
    guards = tuple(g for g in rule.guards if g is not workflow.fee_settled)
    assert len(guards) < len(rule.guards)
    return workflow.TABLE, key, workflow.Rule(rule.target, guards)


def _fee_fact_always_settled():
    from motcua.dossiers.services import processing

    original = processing.state_facts

    def mutant(*args, **kwargs):
        facts = original(*args, **kwargs)
        return {**facts, "fee_settled": True} if "fee_settled" in facts else facts

    return processing, "state_facts", mutant


def _mutation(name: str):
    if name == "days_as_working_days":
        return _limit_due_mutant("days", lambda cal, start, value: cal.add_working_days(start, value))
    if name == "working_hours_as_working_days":
        return _limit_due_mutant("working_hours", lambda cal, start, value: cal.add_working_days(start, value))
    if name == "hours_as_working_hours":
        return _limit_due_mutant("hours", lambda cal, start, value: cal.add_working_hours(start, value))
    if name == "months_as_30_days":
        return _limit_due_mutant("months", lambda cal, start, value: cal.add_calendar_days(start, int(value) * 30))
    if name == "months_removed":
        return _limit_due_mutant("months", lambda cal, start, value: None)
    if name == "calendar_days_end_at_clock_time":
        return _add_calendar_days_mutant("clock_time")
    if name == "calendar_days_may_end_on_a_day_off":
        return _add_calendar_days_mutant("no_day_off")
    if name == "fee_guard_removed":
        return _fee_guard_removed()
    if name == "fee_fact_always_settled":
        return _fee_fact_always_settled()
    raise SystemExit(f"unknown mutation {name!r}")


@pytest.fixture(autouse=True)
def _apply_mutation(monkeypatch):
    name = os.environ.get("MOTCUA_MUTATION", "")
    if name:
        target, attribute, value = _mutation(name)
        if isinstance(target, dict):
            monkeypatch.setitem(target, attribute, value)
        else:
            monkeypatch.setattr(target, attribute, value)
    yield
