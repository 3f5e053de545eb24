"""The one writer of `Dossier.status`: lock the row, check version, actor and transition, mutate, append the event.

Every public service in `services.py` goes through `apply_action` (or `record_creation` for a new dossier), so
each action is exactly one transaction, one `DossierEvent` and one row update. The event is then dispatched once
to its subscribers (`events.py`: rollups, sync and notification outboxes in the transaction; the rest after
commit).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from motcua.core.db import upsert_add
from motcua.workdays.calendar import WorkingCalendar

from . import audit, clock, events, mutations, steps
from .choices import StepKind
from .errors import StaleDossier
from .models import Dossier, DossierEvent, DossierStep, RegisterCounter
from .policy import acting_unit, check_applicant, open_steps

if TYPE_CHECKING:
    from django.db.models import Model

    from motcua.accounts.models import User

    from .policy import Actor

logger = logging.getLogger("motcua.dossiers")


@dataclass
class Context:
    """What a mutation callback receives: the locked dossier, the moment, the calendar, the actor's unit."""

    dossier: Dossier
    now: dt.datetime
    cal: WorkingCalendar | None  # None only for the creation event (record_creation)
    unit_id: int | None
    action: str
    from_status: str | None
    target: str
    data: dict[str, Any]


def next_event(ctx: Context, *, reason: str) -> dict[str, Any]:
    """What appending an event does to the dossier (next version, `updated_at`) and the new event's fields but
    its row ids, actor and hash — shared by `_append_event` and the bulk simulator's in-memory engine."""
    dossier = ctx.dossier
    dossier.version += 1
    dossier.updated_at = ctx.now
    clock.record_due_dates(dossier, ctx.data)  # the dates after the action, so metrics rebuild from history
    return {
        "seq": dossier.version,
        "action": ctx.action,
        "from_status": ctx.from_status or "",
        "to_status": dossier.status,
        "unit_id": ctx.unit_id,
        "reason": reason,
        "data": ctx.data,
        "created_at": ctx.now,
    }


def _append_event(ctx: Context, *, actor: Actor, reason: str) -> DossierEvent:
    dossier = ctx.dossier
    fields = next_event(ctx, reason=reason)
    dossier.save()
    event = DossierEvent(dossier=dossier, actor=actor if getattr(actor, "pk", None) else None, **fields)
    audit.seal(event)  # tamper-evident chain; the dossier row is locked, so the chain stays linear
    event.save(force_insert=True)
    # Rollups and the outboxes in this transaction, the rest after commit: the subscribers (dossiers.events).
    events.dispatch(dossier=dossier, event=event)
    logger.info(
        "dossier.transition",
        extra={"dossier_id": dossier.pk, "seq": event.seq, "verb": ctx.action, "to": dossier.status},
    )
    return event


def apply_action(
    *,
    dossier_id: int,
    actor: Actor,
    action: str,
    expected_version: int | None,
    reason: str = "",
    facts: Callable[[Dossier, dt.datetime, object], dict[str, Any]] | None = None,
    mutate: Callable[[Context], None] | None = None,
    unit_ids: Callable[[Dossier], set[int]] | None = None,
    after: Callable[[Dossier, DossierEvent], None] | None = None,
    applicant: bool = False,
    system: bool = False,
) -> tuple[Dossier, DossierEvent]:
    """Run one action: the only code path that changes a dossier's status (see module docstring).

    `applicant=True`: the actor is the applicant (`check_applicant`) instead of an officer with a role.
    `system=True`: no actor — a confirmation verified by the caller (the payment platform's signed IPN,
    `motcua.dossiers.payments`); the transition table still decides."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
        if expected_version is not None and dossier.version != expected_version:
            raise StaleDossier()
        if system:
            unit_id = None
        elif applicant:
            check_applicant(actor=actor, dossier=dossier)
            unit_id = None
        else:
            unit_id = acting_unit(
                officer=actor, dossier=dossier, action=action, unit_ids=unit_ids(dossier) if unit_ids else None
            )
        now = timezone.now()
        cal = clock.get_calendar()
        target = steps.decide(action, dossier, now=now, reason=reason, facts=facts(dossier, now, cal) if facts else {})
        ctx = Context(dossier, now, cal, unit_id, action, dossier.status, target, {})
        steps.enter(ctx, open_steps=lambda kinds: open_steps(dossier, kinds=kinds), save=_save, mutate=mutate)
        event = _append_event(ctx, actor=actor, reason=reason)
        if after:
            after(dossier, event)
        return dossier, event


def record_creation(
    *, dossier: Dossier, actor: Actor, action: str, unit_id: int | None, data: dict[str, Any], now: dt.datetime
) -> DossierEvent:
    """First event of a dossier created by submission or counter reception (inside the caller's transaction)."""
    ctx = Context(dossier, now, None, unit_id, action, None, dossier.status, data)
    return _append_event(ctx, actor=actor, reason="")


def record_applicant_event(
    *,
    dossier_id: int,
    actor: Actor,
    action: str,
    expected_version: int | None,
    reason: str = "",
    mutate: Callable[[Context], None] | None = None,
) -> tuple[Dossier, DossierEvent]:
    """An event by the applicant that changes no status (e.g. asking for the result by post): locked, versioned
    and appended to the history like any action, outside the transition table."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
        if expected_version is not None and dossier.version != expected_version:
            raise StaleDossier()
        check_applicant(actor=actor, dossier=dossier)
        ctx = Context(dossier, timezone.now(), clock.get_calendar(), None, action, dossier.status, dossier.status, {})
        if mutate:
            mutate(ctx)
        return dossier, _append_event(ctx, actor=actor, reason=reason)


def record_system_event(
    *,
    dossier_id: int,
    actor: Actor,
    action: str,
    mutate: Callable[[Context], str | None],
) -> tuple[Dossier, DossierEvent] | None:
    """An event recorded by the system (e.g. a calendar re-plan) that changes no status: the dossier row is
    locked, `mutate` decides on the fresh row and returns the event's reason (None: nothing to record), and the
    event is appended, sealed, rolled up and notified like any action (inside the caller's transaction, if any)."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
        ctx = Context(dossier, timezone.now(), clock.get_calendar(), None, action, dossier.status, dossier.status, {})
        reason = mutate(ctx)
        if reason is None:
            return None
        return dossier, _append_event(ctx, actor=actor, reason=reason)


def _save(row: Model, fields: tuple[str, ...]) -> None:
    row.save(update_fields=list(fields))


def close_step(step: DossierStep, *, now: dt.datetime, cal: WorkingCalendar | None, result: str) -> None:
    assert cal is not None  # an action on a stored dossier has its calendar (None only at creation)
    _save(step, clock.close_step(step, now=now, cal=cal, result=result))


def open_step(
    dossier: Dossier,
    *,
    now: dt.datetime,
    cal: WorkingCalendar,
    unit_id: int,
    kind: str,
    group: int,
    is_lead: bool,
    budget: dt.timedelta | None,
    due_at: dt.datetime | None = None,
    name: str = "",
) -> DossierStep:
    seq = (dossier.steps.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    if due_at is None:
        due_at = clock.step_due(cal, now=now, budget=budget, dossier_due=dossier.due_at)
    return DossierStep.objects.create(
        dossier=dossier,
        seq=seq,
        kind=kind,
        group=group,
        is_lead=is_lead,
        unit_id=unit_id,
        name=name[:255],
        budget=budget,
        started_at=now,
        due_at=due_at,
    )


class OrmStore:
    """`mutations.Store` on the database: what the actions' mutations read and write beside the dossier row."""

    def open_steps(self, dossier: Dossier, kinds: tuple[str, ...] = clock.HOLDING_KINDS) -> list[DossierStep]:
        return open_steps(dossier, kinds=kinds)

    def save(self, row: Model, fields: tuple[str, ...]) -> None:
        _save(row, fields)

    def open_step(self, dossier: Dossier, **kwargs: Any) -> DossierStep:
        if dossier._state.adding:  # a dossier received at the counter: its row first (the step refers to it)
            dossier.save()
        return open_step(dossier, **kwargs)

    def step_groups(self, dossier: Dossier) -> tuple[int, int]:
        last = dossier.steps.order_by("-group").values_list("group", flat=True).first() or 0
        processing = dossier.steps.filter(kind=StepKind.PROCESSING).values("group").distinct().count()
        return last, processing

    def template(self, dossier: Dossier, cal: WorkingCalendar) -> mutations.Template:
        return mutations.template_groups(dossier.procedure, cal)

    def register_number(self, unit_id: int, year: int) -> int:
        """Form 07 (Sổ theo dõi hồ sơ): continuous numbering per unit and year (TT 01/2018 art 10), taken in one
        insert-or-increment statement that keeps the counter row locked until commit."""
        values = {"unit_id": unit_id, "year": year, "last": 1}
        return int(upsert_add(RegisterCounter, key=("unit", "year"), values=values, add=("last",), returning="last"))

    def member_units(self, officer: User) -> set[int]:
        from motcua.accounts.choices import Role
        from motcua.accounts.selectors import officer_unit_ids

        return set(officer_unit_ids(officer=officer, roles=[Role.SPECIALIST, Role.UNIT_LEADER]))


STORE = OrmStore()
