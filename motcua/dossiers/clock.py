"""Deadline arithmetic for dossiers on the working calendar (`motcua.workdays`).

Rules (docs/domain/dossiers.md): the clock starts at reception, or at the next working day's opening when
received after 15:00 or on a day off (ND 61/2018 art 18); waiting for the applicant (supplement, payment,
suspension, withdrawal) pauses it and moves every due date by the working time waited; a supplement requested
after appraisal began restarts it from zero when the complete dossier arrives (ND 61/2018 art 19.4); one
extension moves the effective due date only (art 19.7). Dates are computed and stored on each clock event.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeAlias

from django.conf import settings

from motcua.workdays.calendar import VN_TZ, WorkingCalendar
from motcua.workdays.selectors import get_calendar

from . import workflow
from .choices import CLOCK_RUNNING, Action, StepKind, SupplementPhase

__all__ = ["VN_TZ", "get_calendar"]

# A dossier or step row: the ORM's (`models.Dossier`, `models.DossierStep`) on the service path, or the bulk
# simulator's in-memory copy with the same attributes (`simulation.bulk_engine`): the rules below read and set
# plain attributes only, so they take either.
DossierRow: TypeAlias = Any
StepRow: TypeAlias = Any


class ActionContext(Protocol):
    """What the clock and step rules read and set of an action in progress: the engine's `Context` (also the bulk
    simulator's). A protocol, so this module imports nothing of the engine and the reads (selectors, policy) that
    use it stay free of writes (import-linter contract in pyproject.toml)."""

    dossier: DossierRow
    now: dt.datetime
    cal: WorkingCalendar | None
    action: str
    from_status: str | None
    target: str
    data: dict[str, Any]


def limit_due(cal: WorkingCalendar, start: dt.datetime, value: Decimal | None, unit: str) -> dt.datetime | None:
    """Due moment for a time limit counted from a clock start (units of the catalogue's `TimeUnit`)."""
    if value is None or not unit:
        return None
    if unit == "working_days":
        return cal.add_working_days(start, value)
    if unit == "working_hours":
        return cal.add_working_hours(start, value)
    if unit == "hours":
        return clock_hours_due(cal, start, value)
    if unit == "days":
        return cal.add_calendar_days(start, int(value))
    if unit == "months":
        local = start.astimezone(VN_TZ)
        month_index = local.month - 1 + int(value)
        year, month = local.year + month_index // 12, month_index % 12 + 1
        day = min(local.day, _calendar.monthrange(year, month)[1])
        return cal.add_calendar_days(start, (dt.date(year, month, day) - local.date()).days)
    raise ValueError(f"unknown time unit {unit!r}")


def reception_due(
    cal: WorkingCalendar,
    received_at: dt.datetime,
    value: Decimal | None,
    unit: str,
    *,
    cutoff: dt.time | None = None,
) -> tuple[dt.datetime, dt.datetime | None]:
    """(clock start, legal due moment) of a dossier received at `received_at` with a time limit of `value` `unit`.

    The clock starts at reception, or at the next working day's opening when received after the cut-off (15:00)
    or on a day off (ND 61/2018 art 18; `WorkingCalendar.clock_start`); the limit runs from there (`limit_due`).
    The one computation behind the receipt (`start`), the restart after a supplement requested during appraisal
    (art 19.4, `transition`) and the command `motcua duedate` (`dossiers/management/commands/duedate.py`): a rule
    changed here changes all three. `cutoff` is for the command's what-if; dossiers use the calendar's own."""
    begin = cal.clock_start(received_at, cutoff=cutoff)
    return begin, limit_due(cal, begin, value, unit)


def clock_hours_due(cal: WorkingCalendar, start: dt.datetime, hours: Decimal) -> dt.datetime:
    """A limit in clock hours ("24 Giờ"): it runs from the moment fixed (Civil Code 2015 art. 147.1), so 24 hours
    from Monday 10:00 end Tuesday 10:00. Ending outside working time (night, weekend, holiday), it runs to the
    next working moment, as a period ending on a day off runs to the next working day (art. 148.5)."""
    end = start.astimezone(VN_TZ) + dt.timedelta(hours=float(hours))
    return end if cal.is_working_time(end) else cal.next_working_moment(end)


def committed_due(cal: WorkingCalendar, start: dt.datetime, dossier: DossierRow) -> dt.datetime | None:
    """The committed due moment (a service commitment shorter than the legal limit, docs/domain/deadlines.md §10):
    the committed time from the same clock start, by the same function as the legal one (`limit_due`: the 15:00
    rule, working days/hours on the working calendar). None when no commitment applies."""
    return limit_due(cal, start, getattr(dossier, "committed_limit_value", None), dossier.committed_limit_unit or "")


def record_due_dates(dossier: DossierRow, data: dict[str, Any]) -> None:
    """The due dates after an action, written into the event's data so the metrics can be rebuilt from the
    history alone: the effective due date and, under a service commitment, the committed one. Both paths (the
    engine and the bulk simulator) call this."""
    if dossier.due_at is not None:
        data.setdefault("effective_due_at", dossier.due_at.isoformat())
    if getattr(dossier, "committed_due_at", None) is not None:
        data.setdefault("committed_due_at", dossier.committed_due_at.isoformat())


def finish(dossier: DossierRow, *, now: dt.datetime, data: dict[str, Any]) -> None:
    """Processing finished: the outcome against the effective due date (early / on time / late, QĐ 766; TT
    01/2018 art 13 index 1) and, under a service commitment, whether it was kept — finished at or before the
    committed due moment (docs/domain/deadlines.md §10). Both go into the event's data for the rollups. Both paths
    (the engine's `processing` and the bulk simulator) call this."""
    dossier.finished_at = now
    dossier.outcome = workflow.outcome(finished_at=now, due_at=dossier.due_at) if dossier.due_at else ""
    data["outcome"] = dossier.outcome
    committed = getattr(dossier, "committed_due_at", None)
    if committed is not None:
        data["commitment_kept"] = now <= committed


def budget_duration(cal: WorkingCalendar, value: Decimal | None, unit: str) -> dt.timedelta | None:
    """A step's time budget as working time (working days × the length of a working day)."""
    if value is None or value <= 0:
        return None
    if unit == "working_hours":
        return dt.timedelta(hours=float(value))
    return cal.day_length * float(value)


def end_of_working_day(cal: WorkingCalendar, day: dt.date) -> dt.datetime:
    opening = cal.start_of_next_working_day(day - dt.timedelta(days=1))
    return cal.add_working_days(opening, 1)


def transfer_due(cal: WorkingCalendar, received_at: dt.datetime) -> dt.datetime:
    """ND 61/2018 art 18: paper dossiers move the same working day, or at the start of the next working day when
    received after 15:00 (grace `MOTCUA_TRANSFER_GRACE_HOURS` working hours, default 1)."""
    start = cal.clock_start(received_at)
    if start.astimezone(VN_TZ).date() == received_at.astimezone(VN_TZ).date():
        return end_of_working_day(cal, start.astimezone(VN_TZ).date())
    return cal.add_working_hours(start, getattr(settings, "MOTCUA_TRANSFER_GRACE_HOURS", 1))


def previous_working_day(cal: WorkingCalendar, day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def extension_latest_day(cal: WorkingCalendar, due_at: dt.datetime | None) -> dt.date | None:
    """ND 61/2018 art 19.7: the apology and new date come at least one working day before the due date."""
    if due_at is None:
        return None
    return previous_working_day(cal, due_at.astimezone(VN_TZ).date())


def supplement_deadline(cal: WorkingCalendar, appraisal_started_at: dt.datetime | None) -> dt.datetime | None:
    """ND 61/2018 art 19.3: within 3 working days of the start of appraisal."""
    if appraisal_started_at is None:
        return None
    return cal.add_working_days(cal.next_working_moment(appraisal_started_at), 3)


def shift(cal: WorkingCalendar, moment: dt.datetime | None, waited: dt.timedelta) -> dt.datetime | None:
    """Move a due moment later by working time waited (a paused clock)."""
    if moment is None:
        return None
    return cal.add_working_time(moment, max(waited, dt.timedelta(0)))


def provisional_years(cal: WorkingCalendar, dossier: DossierRow) -> list[int]:
    """Years without an official notice on file that the dossier's due date computation crosses (from the
    reception to the effective due date): the due date may still move when the ministry's notice comes out
    (Labour Code 2019 art. 112.3; docs/domain/deadlines.md §1.3). Empty for a dossier without a due date."""
    start = dossier.received_at or dossier.clock_started_at
    if start is None or dossier.due_at is None:
        return []
    return cal.provisional_years_between(start, dossier.due_at)


def due_moments(steps: Iterable[StepRow]) -> list[dt.datetime]:
    return [step.due_at for step in steps if step.due_at is not None]


@dataclass(frozen=True)
class Replan:
    """New clock start and due dates of one dossier under a changed calendar (`replan`)."""

    clock_started_at: dt.datetime
    legal_due_at: dt.datetime | None
    due_at: dt.datetime | None
    transfer_due_at: dt.datetime | None
    steps: dict[int, dt.datetime]  # open step id → new due moment (only the steps that move)
    committed_due_at: dt.datetime | None = None

    def moves(self, dossier: DossierRow) -> bool:
        return bool(self.steps) or (
            self.clock_started_at,
            self.legal_due_at,
            self.due_at,
            self.transfer_due_at,
            self.committed_due_at,
        ) != (
            dossier.clock_started_at,
            dossier.legal_due_at,
            dossier.due_at,
            dossier.transfer_due_at,
            dossier.committed_due_at,
        )


def replan(old: WorkingCalendar, new: WorkingCalendar, dossier: DossierRow, steps: Iterable[StepRow]) -> Replan | None:
    """Recompute a running dossier's clock start and due dates on the `new` calendar with the intake rules.

    * The clock start: again `clock_start(received_at)` (ND 61/2018 art 18) when it came from the reception; a
      clock restarted after a supplement (art 19.4) keeps its start, moved to the next working moment if that
      day is now off.
    * The legal due date: `limit_due` from the new start (the same function as intake, every unit).
    * The effective due date: the legal one plus the working time the applicant was waited for (a paused clock,
      `shift`); after an extension (art 19.7) it is the date promised in writing (form 04) and stays.
    * Open steps keep their working-time budget from their own start; the reception step's transfer deadline is
      `transfer_due` again (art 18).
    Returns None when the clock has not started or nothing moves.
    """
    start_old = dossier.clock_started_at
    if start_old is None:
        return None
    if dossier.received_at is not None and old.clock_start(dossier.received_at) == start_old:
        start = new.clock_start(dossier.received_at)
    else:
        start = new.next_working_moment(start_old)
    legal = limit_due(new, start, dossier.time_limit_value, dossier.time_limit_unit)
    committed = committed_due(new, start, dossier)
    committed_base = committed_due(old, start_old, dossier)
    if committed is not None and committed_base is not None and dossier.committed_due_at is not None:
        # the working time waited for the applicant (resumes after pauses) moves the committed date as it moved
        # the effective one; an extension does not move it (the commitment was not kept)
        waited_committed = old.working_time_between(committed_base, dossier.committed_due_at)
        committed = new.add_working_time(committed, max(waited_committed, dt.timedelta(0)))
    if dossier.extension_count:
        due = dossier.due_at
    elif dossier.due_at is not None and dossier.legal_due_at is not None and legal is not None:
        waited = max(old.working_time_between(dossier.legal_due_at, dossier.due_at), dt.timedelta(0))
        due = new.add_working_time(legal, waited)
    else:
        due = legal
    steps = list(steps)
    transfer = dossier.transfer_due_at
    reception_open = any(s.finished_at is None and s.due_at == transfer for s in steps)
    if transfer is not None and dossier.received_at is not None and reception_open:
        transfer = transfer_due(new, dossier.received_at)  # not yet handed over: its deadline moves too
    moved_steps: dict[int, dt.datetime] = {}
    for step in steps:
        if step.finished_at is not None or step.due_at is None:
            continue
        if dossier.transfer_due_at is not None and step.due_at == dossier.transfer_due_at:
            new_due = transfer
        elif step.due_at == dossier.due_at:
            new_due = due
        else:
            budget = old.working_time_between(step.started_at, step.due_at)
            new_due = new.add_working_time(step.started_at, max(budget, dt.timedelta(0)))
        if new_due is not None and new_due != step.due_at:
            moved_steps[step.pk] = new_due
    plan = Replan(start, legal, due, transfer, moved_steps, committed)
    return plan if plan.moves(dossier) else None


# --- the dossier's clock and its steps, storage-agnostic ---------------------------------------------------------
#
# The rules below change plain attributes of a dossier and of its steps and never touch the database: the steps
# are passed in (`open_steps(kinds)` gives the open steps of those kinds, fetched only when a rule needs them) and
# the step rows they change are returned as (step, fields) pairs for the caller to save. The service path
# (`engine`) saves them with the ORM; the bulk simulator (`simulation.bulk`) keeps its rows in memory and writes
# them with COPY. One rule, one place: both paths call these functions (docs/simulation.md, "The bulk path").

HOLDING_KINDS = (StepKind.RECEPTION, StepKind.PROCESSING)
RESUME_KINDS = (StepKind.PROCESSING, StepKind.CONSULTATION, StepKind.RECEPTION)
OpenSteps = Callable[[tuple[str, ...]], list[StepRow]]
Saves = list[tuple[StepRow, tuple[str, ...]]]


def start(dossier: DossierRow, *, now: dt.datetime, cal: WorkingCalendar, register_number: int) -> dict[str, Any]:
    """Receipt (ND 61/2018 art 17–18): register number (form 07), clock start (`clock_start`: the next working
    day's opening after 15:00 or on a day off), legal and effective due dates, the transfer deadline. Returns the
    arguments of the reception step the caller opens (`step_due` gives it the transfer deadline)."""
    dossier.received_at = now
    dossier.register_year = now.astimezone(VN_TZ).year
    dossier.register_number = register_number
    begin, dossier.legal_due_at = reception_due(cal, now, dossier.time_limit_value, dossier.time_limit_unit)
    dossier.clock_started_at = begin
    dossier.due_at = dossier.legal_due_at
    dossier.committed_due_at = committed_due(cal, begin, dossier)
    dossier.transfer_due_at = transfer_due(cal, now)
    return {
        "kind": StepKind.RECEPTION,
        "group": 0,
        "is_lead": True,
        "budget": None,
        "due_at": dossier.transfer_due_at,
        "name": "reception",
    }


def step_due(
    cal: WorkingCalendar, *, now: dt.datetime, budget: dt.timedelta | None, dossier_due: dt.datetime | None
) -> dt.datetime | None:
    """Due moment of a step opened at `now`: its working-time budget from the next working moment (ND 61/2018
    art 19.5, per-agency limits), else the dossier's effective due date."""
    return cal.add_working_time(cal.next_working_moment(now), budget) if budget else dossier_due


def close_step(step: StepRow, *, now: dt.datetime, cal: WorkingCalendar, result: str) -> tuple[str, ...]:
    """A step ends: its working time (elapsed working time less the applicant's waiting) and its outcome against
    its own due date. Returns the fields changed."""
    step.finished_at = now
    step.result = result
    elapsed = max(cal.working_time_between(step.started_at, now), dt.timedelta(0))
    step.working_time = max(elapsed - step.waiting_time, dt.timedelta(0))
    step.outcome = workflow.outcome(finished_at=now, due_at=step.due_at) if step.due_at else ""
    return ("finished_at", "result", "working_time", "outcome")


def transition(ctx: ActionContext, open_steps: OpenSteps) -> Saves:
    """Pause when an action leaves a running state for a waiting one (supplement, payment, suspension,
    withdrawal); resume when it comes back, every due date moved by the working time waited (`shift`); or, for a
    supplement requested after appraisal began, restart the time limit from zero (ND 61/2018 art 19.4).
    `ctx` is the engine's `Context`; returns the steps changed, with their fields."""
    dossier, cal = ctx.dossier, ctx.cal
    if dossier.clock_started_at is None:
        return []
    assert cal is not None  # an action on a stored dossier has its calendar (None only at creation)
    was_running, will_run = ctx.from_status in CLOCK_RUNNING, ctx.target in CLOCK_RUNNING
    if was_running and not will_run and ctx.target not in workflow.TERMINAL:
        if dossier.paused_at is None:
            dossier.paused_at = ctx.now
        ctx.data["clock"] = "paused"
        return []
    if was_running or not will_run or dossier.paused_at is None:
        return []
    waited = max(cal.working_time_between(dossier.paused_at, ctx.now), dt.timedelta(0))
    dossier.waiting_time += waited
    steps = open_steps(RESUME_KINDS)
    saves: Saves = []
    if ctx.action == Action.SUPPLEMENT_RECEIVED and dossier.supplement_phase == SupplementPhase.APPRAISAL:
        begin, dossier.legal_due_at = reception_due(cal, ctx.now, dossier.time_limit_value, dossier.time_limit_unit)
        dossier.clock_started_at = begin
        dossier.due_at = dossier.legal_due_at
        dossier.committed_due_at = committed_due(cal, begin, dossier)
        for step in steps:
            step.waiting_time += waited
            step.started_at = begin
            step.due_at = cal.add_working_time(begin, step.budget) if step.budget else dossier.due_at
            saves.append((step, ("waiting_time", "started_at", "due_at")))
        ctx.data["clock"] = "restarted"
    else:
        dossier.due_at = shift(cal, dossier.due_at, waited)
        dossier.committed_due_at = shift(cal, dossier.committed_due_at, waited)
        for step in steps:
            step.waiting_time += waited
            step.due_at = shift(cal, step.due_at, waited)
            saves.append((step, ("waiting_time", "due_at")))
        ctx.data["clock"] = "resumed"
    ctx.data["waited_seconds"] = int(waited.total_seconds())
    dossier.paused_at = None
    return saves
