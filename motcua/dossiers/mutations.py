"""What each action changes on the dossier, storage-agnostic: the status-independent field changes of an action
(clock, steps, results, supplement, payment, delivery fields and the event's data), written once.

`engine.apply_action` runs the guards and the clock rules (`steps`), then calls the action's mutation with the
`Context` and a `Store`; the mutation changes plain attributes and asks the store for what lives beside the
dossier row (its steps, the register counter, the procedure's process template, a specialist's units). The
service path passes `engine.STORE` (the ORM); the bulk simulator (`simulation.bulk_engine.MemoryEngine`) is its
own store, with every row in memory. So an action's rule is one function here, called by both paths (issue 14,
"one engine"); `simulation/tests/test_bulk.py` proves the two paths' rows equal. Legal sources are on the
services that call these (`services`, `processing`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from . import clock
from .choices import DeliveryMethod, DossierStatus, FeeStatus, StepKind, StepOutcome, SupplementPhase
from .errors import DossierError

S = DossierStatus
Template = list[list[tuple[str, dt.timedelta | None]]]


class Store(Protocol):
    """Where the rows beside the dossier live: the ORM (`engine.STORE`) or the bulk simulator's memory."""

    def open_steps(self, dossier: Any, kinds: tuple[str, ...] = clock.HOLDING_KINDS) -> list[Any]: ...

    def save(self, row: Any, fields: tuple[str, ...]) -> None: ...

    def open_step(
        self,
        dossier: Any,
        *,
        now: dt.datetime,
        cal: Any,
        unit_id: int,
        kind: str,
        group: int,
        is_lead: bool,
        budget: dt.timedelta | None,
        due_at: dt.datetime | None = None,
        name: str = "",
    ) -> Any: ...

    def step_groups(self, dossier: Any) -> tuple[int, int]:
        """The dossier's last step group number and how many processing groups it has had."""
        ...

    def template(self, dossier: Any, cal: Any) -> Template:
        """`template_groups` of the dossier's procedure (the bulk path caches it per procedure)."""
        ...

    def register_number(self, unit_id: int, year: int) -> int: ...

    def member_units(self, officer: Any) -> set[int]:
        """The units in which `officer` is a specialist or a unit leader."""
        ...


def template_groups(procedure: Any, cal: Any) -> Template:
    """The procedure's process template as groups of (name, budget) outside the one-stop unit; consecutive steps
    sharing a `parallel_group` form one group (ND 61/2018 art 19.5: per-agency limits in a liên thông chain)."""
    groups: Template = []
    last_key = None
    for step in procedure.process_steps.exclude(unit_kind="one_stop").order_by("order"):
        budget = clock.budget_duration(cal, step.budget_value, step.budget_unit)
        if step.parallel_group and step.parallel_group == last_key:
            groups[-1].append((step.name, budget))
        else:
            groups.append([(step.name, budget)])
        last_key = step.parallel_group or None
    return groups


def close_holding(ctx: Any, store: Store, *, result: str, unit_id: int | None = None) -> None:
    """Close the open reception/processing steps (only `unit_id`'s when given) with `result`."""
    for step in store.open_steps(ctx.dossier):
        if unit_id is None or step.unit_id == unit_id:
            store.save(step, clock.close_step(step, now=ctx.now, cal=ctx.cal, result=result))


def start_clock(dossier: Any, store: Store, *, now: dt.datetime, cal: Any, unit_id: int) -> None:
    """Receipt: register number, clock start, legal and effective due dates, reception step (`clock.start`)."""
    number = store.register_number(dossier.receiving_unit_id, now.astimezone(clock.VN_TZ).year)
    reception = clock.start(dossier, now=now, cal=cal, register_number=number)
    store.open_step(dossier, now=now, cal=cal, unit_id=unit_id, **reception)


def receive(ctx: Any, store: Store) -> None:
    start_clock(ctx.dossier, store, now=ctx.now, cal=ctx.cal, unit_id=ctx.unit_id)
    ctx.data["due_at"] = ctx.dossier.due_at.isoformat() if ctx.dossier.due_at else None


def refuse_reception(ctx: Any) -> None:
    ctx.dossier.finished_at = ctx.now


def request_supplement(ctx: Any, items: Sequence[str]) -> None:
    d = ctx.dossier
    d.return_status = ctx.from_status
    d.supplement_phase = SupplementPhase.RECEPTION if ctx.from_status == S.SUBMITTED else SupplementPhase.APPRAISAL
    d.supplement_requested_at = ctx.now
    d.supplement_count += 1
    ctx.data.update(items=list(items), phase=d.supplement_phase)


def supplement_received(ctx: Any) -> None:
    # runs after the clock was resumed or restarted (`steps.enter`), which reads the phase
    ctx.data["phase"] = ctx.dossier.supplement_phase
    ctx.dossier.supplement_phase = ctx.dossier.return_status = ""


def forward(
    ctx: Any,
    store: Store,
    *,
    targets: Sequence[Any],
    budgets: Sequence[Decimal | None] | None = None,
    budget_unit: str = "working_days",
    note: str = "",
) -> None:
    d, cal = ctx.dossier, ctx.cal
    first_transfer = ctx.from_status == S.RECEIVED
    close_holding(ctx, store, result=StepOutcome.FORWARDED)
    last_group, processing_groups = store.step_groups(d)
    template = store.template(d, cal)
    planned = template[processing_groups] if processing_groups < len(template) else []
    for index, unit in enumerate(targets):
        if budgets is not None and index < len(budgets):
            budget = clock.budget_duration(cal, budgets[index], budget_unit)
            name = ""
        else:
            name, budget = planned[index] if index < len(planned) else ("", None)
        step = store.open_step(
            d,
            now=ctx.now,
            cal=cal,
            unit_id=unit.pk,
            kind=StepKind.PROCESSING,
            group=last_group + 1,
            is_lead=index == 0,
            budget=budget,
            name=name,
        )
        ctx.data.setdefault("steps", []).append(
            {"unit": unit.pk, "due_at": step.due_at.isoformat() if step.due_at else None, "lead": index == 0}
        )
    d.current_unit_id = targets[0].pk
    d.assigned_officer_id = None
    if first_transfer:
        d.processing_started_at = ctx.now
        ctx.data["transfer_late"] = bool(d.transfer_due_at and ctx.now > d.transfer_due_at)
    if note:
        ctx.data["note"] = note


def finish_part(ctx: Any, store: Store, *, note: str = "") -> None:
    close_holding(ctx, store, result=StepOutcome.DONE, unit_id=ctx.unit_id)
    ctx.data["note"] = note


def assign(ctx: Any, store: Store, *, specialist: Any) -> None:
    if ctx.unit_id not in store.member_units(specialist):
        raise DossierError(_("The specialist is not a member of this unit."), code="not_member")
    ctx.dossier.assigned_officer_id = specialist.pk
    for step in store.open_steps(ctx.dossier):
        if step.unit_id == ctx.unit_id:
            step.officer_id = specialist.pk
            store.save(step, ("officer",))
    ctx.data["specialist"] = specialist.pk


def consult(ctx: Any, store: Store, *, unit: Any, budget_days: Decimal) -> None:
    budget = clock.budget_duration(ctx.cal, budget_days, "working_days")
    step = store.open_step(
        ctx.dossier,
        now=ctx.now,
        cal=ctx.cal,
        unit_id=unit.pk,
        kind=StepKind.CONSULTATION,
        group=0,
        is_lead=False,
        budget=budget,
        name="consultation",
    )
    ctx.data.update(unit=unit.pk, due_at=step.due_at.isoformat() if step.due_at else None)


def consult_reply(ctx: Any, store: Store, *, answer: str) -> None:
    for step in store.open_steps(ctx.dossier, (StepKind.CONSULTATION,)):
        if step.unit_id == ctx.unit_id:
            step.note = answer
            store.save(step, (*clock.close_step(step, now=ctx.now, cal=ctx.cal, result=StepOutcome.REPLIED), "note"))
            ctx.data["outcome"] = step.outcome
            break


def finish(ctx: Any, store: Store) -> None:
    """Processing finished (signed or rejected): the outcome against the effective due date, back to the one-stop
    unit."""
    d = ctx.dossier
    close_holding(ctx, store, result=StepOutcome.DONE)
    clock.finish(d, now=ctx.now, data=ctx.data)
    d.current_unit_id = d.receiving_unit_id


def request_payment(ctx: Any, *, amount: Decimal) -> None:
    ctx.dossier.return_status = ctx.from_status
    ctx.dossier.fee_amount, ctx.dossier.fee_status = amount, FeeStatus.DUE
    ctx.data["amount"] = str(amount)


def record_payment(ctx: Any, *, method: str, exempt: bool) -> None:
    d = ctx.dossier
    d.fee_status = FeeStatus.EXEMPT if exempt else FeeStatus.PAID
    d.payment_method = "" if exempt else method
    d.paid_at = ctx.now
    d.return_status = ""
    ctx.data.update(fee_status=d.fee_status, method=d.payment_method)


def pause(ctx: Any) -> None:
    """Suspension: remember the state to return to."""
    ctx.dossier.return_status = ctx.from_status


def resume(ctx: Any) -> None:
    ctx.dossier.return_status = ""


def extend(ctx: Any, *, new_due_at: dt.datetime) -> None:
    d = ctx.dossier
    ctx.data.update(old_due_at=d.due_at.isoformat(), new_due_at=new_due_at.isoformat())
    d.due_at = new_due_at
    d.extension_count += 1


def stop(ctx: Any, store: Store) -> None:
    close_holding(ctx, store, result=StepOutcome.CANCELLED)
    for step in store.open_steps(ctx.dossier, (StepKind.CONSULTATION,)):
        store.save(step, clock.close_step(step, now=ctx.now, cal=ctx.cal, result=StepOutcome.CANCELLED))
    ctx.dossier.finished_at = ctx.now
    ctx.dossier.paused_at = None
    ctx.dossier.return_status = ""


def delivery_reason(*, method: str, tracking_number: str, reason: str) -> str:
    """Check how a result is returned before the action; returns the reason, white space folded."""
    if method not in DeliveryMethod.values:
        raise DossierError(_("Choose how the result is returned."), code="method_required")
    reason = " ".join((reason or "").split())[:1000]
    if method == DeliveryMethod.POST and not tracking_number.strip():
        raise DossierError(
            _("A postal tracking number is required to return a result by post."), code="tracking_required"
        )
    if method == DeliveryMethod.POST and not reason:
        raise DossierError(
            _("Say why the shipment was not created through the postal link."), code="manual_reason_required"
        )
    return reason


def deliver(ctx: Any, *, method: str, tracking_number: str) -> None:
    d = ctx.dossier
    d.delivered_at, d.delivery_method, d.postal_tracking = ctx.now, method, tracking_number.strip()
    ctx.data["method"] = method
    if method == DeliveryMethod.POST:
        ctx.data["manual_tracking"] = True
