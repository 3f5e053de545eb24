"""The step and guard rules of an action, storage-agnostic: what `engine.apply_action` decides and changes between
reading the dossier and appending its event, on plain attributes only.

The caller hands in the dossier and its open steps (`open_steps(kinds)`, fetched only when a rule needs them) and
a `save(obj, fields)` for the rows a rule changes: the service path (`engine`) saves with the ORM, the bulk
simulator (`simulation.bulk`) keeps its rows in memory. Both call these functions, so a guard, clock or step rule
is written once (issue 14, "one engine"; `simulation/tests/test_bulk.py` proves the two paths' rows equal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from . import clock, workflow
from .choices import Action, DossierStatus, FeeStatus, StepKind
from .errors import DossierPermissionDenied, TransitionNotAllowed

if TYPE_CHECKING:
    from motcua.workdays.calendar import WorkingCalendar

    from .clock import DossierRow, StepRow
    from .policy import Actor

S = DossierStatus
Ctx = TypeVar("Ctx", bound=clock.ActionContext)  # the engine's `Context`, or the bulk simulator's
Save = Callable[[Any, tuple[str, ...]], None]


def open_of(steps: Iterable[StepRow], kinds: tuple[str, ...] = clock.HOLDING_KINDS) -> list[StepRow]:
    """The open steps of `kinds` among `steps`, in their order."""
    return sorted((s for s in steps if s.finished_at is None and s.kind in kinds), key=lambda s: s.seq)


def holding_unit_ids(dossier: DossierRow, holding_steps: Iterable[StepRow]) -> set[int]:
    """Units leading the dossier now (the lead of the open group); parallel units act through their own step."""
    return {step.unit_id for step in holding_steps if step.is_lead} or {dossier.current_unit_id}


def acting_unit(
    officer: Actor,
    dossier: DossierRow,
    action: str,
    unit_ids: set[int] | None,
    *,
    holding: Callable[[], set[int]],
    roles_in: Callable[[Any, set[int]], Mapping[int, set[str] | frozenset[str]]],
) -> int | None:
    """The unit in which `officer` may perform `action` (`workflow.ACTION_ROLES`), or `DossierPermissionDenied`:
    among `unit_ids` (the action's own units), else the receiving unit or the holding units (`holding()`) as
    `workflow.actor_unit_kind` says. `roles_in(officer, unit_ids)` gives the officer's roles per unit."""
    needed = workflow.ACTION_ROLES[action]
    if not needed:
        return None
    if officer is None or not getattr(officer, "is_authenticated", False):
        raise DossierPermissionDenied()
    if unit_ids is None:
        receiving = workflow.actor_unit_kind(action, dossier.status) == workflow.RECEIVING
        unit_ids = {dossier.receiving_unit_id} if receiving else holding()
    roles = roles_in(officer, unit_ids)
    for unit_id in sorted(unit_ids):
        if roles.get(unit_id, set()) & needed:
            return unit_id
    raise DossierPermissionDenied()


def state_facts(
    action: str, d: DossierRow, cal: WorkingCalendar, open_steps: clock.OpenSteps, unit_name: Callable[[Any], str]
) -> dict[str, Any]:
    """The facts of the dossier itself (not of the officer's input) that the guards of `action` read
    (`workflow.STATE_GUARDS`): parallel units still working and open consultations (ND 61/2018 art 19.4–19.5),
    the 3-day supplement window (art 19.3), the extension already used and its latest day (art 19.7), unpaid fees
    (art 22), the due date. `open_steps(kinds)` gives the open steps, `unit_name(step)` the name of a step's unit
    (shown in the refusal)."""
    if action in (Action.FORWARD, Action.APPRAISE, Action.REJECT):
        steps = open_steps((*clock.HOLDING_KINDS, StepKind.CONSULTATION))
        lead = None
        if action != Action.FORWARD:
            lead = next(iter(holding_unit_ids(d, open_of(steps))))
        pending = tuple(
            unit_name(s) for s in steps if s.kind == StepKind.PROCESSING and not s.is_lead and s.unit_id != lead
        )
        consultations = sum(1 for s in steps if s.kind == StepKind.CONSULTATION)
        return {"other_units_pending": pending, "open_consultations": consultations}
    if action == Action.REQUEST_SUPPLEMENT and d.status != S.SUBMITTED:
        return {"supplement_deadline": clock.supplement_deadline(cal, d.processing_started_at or d.clock_started_at)}
    if action == Action.EXTEND:
        return {
            "extension_count": d.extension_count,
            "extension_latest_day": clock.extension_latest_day(cal, d.due_at) if d.due_at else None,
            "due_at": d.due_at,
        }
    if action == Action.NOTIFY_EARLY_RETURN:
        return {"due_at": d.due_at}
    if action == Action.DELIVER:
        return {"fee_settled": d.fee_status != FeeStatus.DUE}
    return {}


def decide(action: str, dossier: DossierRow, *, now: dt.datetime, reason: str, facts: dict[str, Any]) -> str:
    """The transition table and its guards (`workflow.check`): the target status, or `TransitionNotAllowed`."""
    decision = workflow.check(
        action,
        workflow.Facts(status=dossier.status, now=now, reason=reason, **facts),
        return_status=dossier.return_status,
    )
    if not decision.allowed:
        assert decision.refusal is not None  # a refused decision carries its refusal
        raise TransitionNotAllowed(decision.refusal.message, code=decision.refusal.code)
    assert decision.target is not None  # an allowed decision names its target
    return decision.target


def enter(ctx: Ctx, *, open_steps: clock.OpenSteps, save: Save, mutate: Callable[[Ctx], None] | None) -> None:
    """The clock's pause, resume or restart (`clock.transition`, its step changes saved before the action's own
    mutation reads the steps), the mutation, then the new status: the one place `Dossier.status` is set."""
    for step, fields in clock.transition(ctx, open_steps):
        save(step, fields)
    if mutate:
        mutate(ctx)
    ctx.dossier.status = ctx.target
