"""Writes after reception: forwarding and liên thông steps, appraisal, approval, signature, pauses, extension,
closing and return. Re-exported by `services`; the same rules as there (one call = one transaction = one event).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from .. import clock, engine
from ..choices import (
    Action,
    DeliveryMethod,
    DocumentKind,
    DossierStatus,
    FeeStatus,
    PaymentMethod,
    StepKind,
    StepOutcome,
)
from ..codes import result_code
from ..errors import DossierError
from ..models import Dossier, DossierEvent
from ..policy import ACTING_UNITS, open_steps, state_facts
from .documents import Upload, check_uploads, save_uploads

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.units.models import Unit
    from motcua.workdays.calendar import WorkingCalendar

S = DossierStatus


def _template_groups(procedure: Procedure, cal: WorkingCalendar) -> list[list[tuple[str, dt.timedelta | None]]]:
    """The procedure's process template as groups of (name, budget) outside the one-stop unit; consecutive steps
    sharing a `parallel_group` form one group (ND 61/2018 art 19.5: per-agency limits in a liên thông chain)."""
    groups: list[list[tuple[str, dt.timedelta | None]]] = []
    last_key = None
    for step in procedure.process_steps.exclude(unit_kind="one_stop").order_by("order"):
        budget = clock.budget_duration(cal, step.budget_value, step.budget_unit)
        if step.parallel_group and step.parallel_group == last_key:
            groups[-1].append((step.name, budget))
        else:
            groups.append([(step.name, budget)])
        last_key = step.parallel_group or None
    return groups


def _close_holding_steps(ctx: engine.Context, *, result: str, unit_id: int | None = None) -> None:
    for step in open_steps(ctx.dossier):
        if unit_id is None or step.unit_id == unit_id:
            engine.close_step(step, now=ctx.now, cal=ctx.cal, result=result)


def act(
    action: str,
    officer: User,
    dossier: Dossier,
    expected_version: int | None,
    /,
    *,
    reason: str = "",
    facts: Callable[[Dossier, dt.datetime, object], dict[str, Any]] | None = None,
    mutate: Callable[[engine.Context], None] | None = None,
    after: Callable[[Dossier, DossierEvent], None] | None = None,
) -> Dossier:
    """One officer action through `engine.apply_action`, with what every action shares: the facts of the
    dossier's state its guards read (`state_facts`, plus the caller's own `facts`) and the units it is performed
    in (`ACTING_UNITS`) — so a service, the console's offer and the API cannot disagree."""

    def all_facts(d: Dossier, now: dt.datetime, cal: Any) -> dict[str, Any]:
        return {**state_facts(action, d, cal), **(facts(d, now, cal) if facts else {})}

    return engine.apply_action(
        dossier_id=dossier.pk,
        actor=officer,
        action=action,
        expected_version=expected_version,
        reason=reason,
        facts=all_facts,
        mutate=mutate,
        unit_ids=ACTING_UNITS.get(action),
        after=after,
    )[0]


def dossier_forward(
    *,
    officer: User,
    dossier: Dossier,
    expected_version: int | None,
    to_units: Sequence[Unit],
    budgets: Sequence[Decimal | None] | None = None,
    budget_unit: str = "working_days",
    note: str = "",
) -> Dossier:
    """Send the dossier to the competent unit(s): one unit in sequence, several in parallel, the first leading.

    ND 61/2018 art 18: paper dossiers move the same working day, or the next one when received after 15:00 (the
    event records whether the transfer was late). Art 19.5: each unit of a liên thông chain gets its own time
    budget — from `budgets` or else from the procedure's process template — and so its own due date.
    """
    targets = list(to_units)

    def facts(d: Dossier, now: dt.datetime, cal: object) -> dict[str, Any]:
        return {"has_next_units": bool(targets)}

    def mutate(ctx: engine.Context) -> None:
        d, cal = ctx.dossier, ctx.cal
        assert cal is not None  # an action on a stored dossier has its calendar (None only at creation)
        first_transfer = ctx.from_status == S.RECEIVED
        _close_holding_steps(ctx, result=StepOutcome.FORWARDED)
        group_no = (d.steps.order_by("-group").values_list("group", flat=True).first() or 0) + 1
        processing_groups = d.steps.filter(kind=StepKind.PROCESSING).values("group").distinct().count()
        template = _template_groups(d.procedure, cal)
        planned = template[processing_groups] if processing_groups < len(template) else []
        for index, unit in enumerate(targets):
            if budgets is not None and index < len(budgets):
                budget = clock.budget_duration(cal, budgets[index], budget_unit)
                name = ""
            else:
                name, budget = planned[index] if index < len(planned) else ("", None)
            step = engine.open_step(
                d,
                now=ctx.now,
                cal=cal,
                unit_id=unit.pk,
                kind=StepKind.PROCESSING,
                group=group_no,
                is_lead=index == 0,
                budget=budget,
                name=name,
            )
            ctx.data.setdefault("steps", []).append(
                {"unit": unit.pk, "due_at": step.due_at.isoformat() if step.due_at else None, "lead": index == 0}
            )
        d.current_unit = targets[0]
        d.assigned_officer = None
        if first_transfer:
            d.processing_started_at = ctx.now
            ctx.data["transfer_late"] = bool(d.transfer_due_at and ctx.now > d.transfer_due_at)
        if note:
            ctx.data["note"] = note

    return act(Action.FORWARD, officer, dossier, expected_version, facts=facts, mutate=mutate)


def dossier_finish_part(*, officer: User, dossier: Dossier, expected_version: int | None, note: str = "") -> Dossier:
    """A parallel (non-lead) unit of a liên thông group finished its part; its time is recorded against it."""

    def mutate(ctx: engine.Context) -> None:
        _close_holding_steps(ctx, result=StepOutcome.DONE, unit_id=ctx.unit_id)
        ctx.data["note"] = note

    return act(Action.FINISH_PART, officer, dossier, expected_version, mutate=mutate)


def dossier_assign(*, officer: User, dossier: Dossier, expected_version: int | None, specialist: User) -> Dossier:
    """The unit leader hands the dossier to a specialist of the unit (ND 61/2018 art 19.1)."""
    from motcua.accounts.choices import Role
    from motcua.accounts.selectors import officer_unit_ids

    def mutate(ctx: engine.Context) -> None:
        if ctx.unit_id not in officer_unit_ids(officer=specialist, roles=[Role.SPECIALIST, Role.UNIT_LEADER]):
            raise DossierError(_("The specialist is not a member of this unit."), code="not_member")
        ctx.dossier.assigned_officer = specialist
        for step in open_steps(ctx.dossier):
            if step.unit_id == ctx.unit_id:
                step.officer = specialist
                step.save(update_fields=["officer"])
        ctx.data["specialist"] = specialist.pk

    return act(Action.ASSIGN, officer, dossier, expected_version, mutate=mutate)


def dossier_consult(
    *, officer: User, dossier: Dossier, expected_version: int | None, unit: Unit, question: str, budget_days: Decimal
) -> Dossier:
    """Ask another unit for its opinion with its own deadline (ND 61/2018 art 19.4: replies logged, late escalated)."""

    def mutate(ctx: engine.Context) -> None:
        assert ctx.cal is not None  # an action on a stored dossier has its calendar
        budget = clock.budget_duration(ctx.cal, budget_days, "working_days")
        step = engine.open_step(
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

    return act(
        Action.CONSULT,
        officer,
        dossier,
        expected_version,
        reason=question,
        mutate=mutate,
    )


def dossier_consult_reply(*, officer: User, dossier: Dossier, expected_version: int | None, answer: str) -> Dossier:
    def mutate(ctx: engine.Context) -> None:
        for step in open_steps(ctx.dossier, kinds=(StepKind.CONSULTATION,)):
            if step.unit_id == ctx.unit_id:
                step.note = answer
                engine.close_step(step, now=ctx.now, cal=ctx.cal, result=StepOutcome.REPLIED)
                ctx.data["outcome"] = step.outcome
                break

    return act(
        Action.CONSULT_REPLY,
        officer,
        dossier,
        expected_version,
        reason=answer,
        mutate=mutate,
    )


def dossier_appraise(*, officer: User, dossier: Dossier, expected_version: int | None, opinion: str = "") -> Dossier:
    """Appraisal done, submitted for approval (ND 61/2018 art 19.1); every parallel unit must have finished."""
    return act(Action.APPRAISE, officer, dossier, expected_version, reason=opinion)


def dossier_return_for_rework(*, officer: User, dossier: Dossier, expected_version: int | None, reason: str) -> Dossier:
    return act(Action.RETURN_FOR_REWORK, officer, dossier, expected_version, reason=reason)


def dossier_approve(*, officer: User, dossier: Dossier, expected_version: int | None, note: str = "") -> Dossier:
    return act(Action.APPROVE, officer, dossier, expected_version, reason=note)


def _finish(ctx: engine.Context) -> None:
    """Processing finished: fix the outcome against the effective due date and hand back to the one-stop unit."""
    d = ctx.dossier
    _close_holding_steps(ctx, result=StepOutcome.DONE)
    clock.finish(d, now=ctx.now, data=ctx.data)
    d.current_unit_id = d.receiving_unit_id


def dossier_sign(
    *, officer: User, dossier: Dossier, expected_version: int | None, results: Sequence[Upload] = ()
) -> Dossier:
    """Signature of the result (status 9). Electronic results get `<code>-KQ<n>` (ND 45/2020 art 14(3))."""
    check_uploads(results)

    def after(d: Dossier, event: DossierEvent) -> None:
        existing = d.documents.filter(kind=DocumentKind.RESULT).count()
        for number, document in enumerate(
            save_uploads(d, results, kind=DocumentKind.RESULT, actor=officer, event=event), start=existing + 1
        ):
            document.result_code = result_code(code=d.code, number=number)
            document.save(update_fields=["result_code"])

    return act(Action.SIGN, officer, dossier, expected_version, mutate=_finish, after=after)


def dossier_reject(*, officer: User, dossier: Dossier, expected_version: int | None, reason: str) -> Dossier:
    """Refusal after appraisal, with reasons (ND 61/2018 art 19.6; form 03), within the time limit."""
    return act(
        Action.REJECT,
        officer,
        dossier,
        expected_version,
        reason=reason,
        mutate=_finish,
    )


def dossier_request_payment(
    *, officer: User, dossier: Dossier, expected_version: int | None, amount: Decimal
) -> Dossier:
    """Status 6: financial obligation requested; the applicant's time, not counted against the agency."""

    def mutate(ctx: engine.Context) -> None:
        assert ctx.from_status is not None  # only a creation event has no "from" status
        ctx.dossier.return_status = ctx.from_status
        ctx.dossier.fee_amount, ctx.dossier.fee_status = amount, FeeStatus.DUE
        ctx.data["amount"] = str(amount)

    return act(Action.REQUEST_PAYMENT, officer, dossier, expected_version, mutate=mutate)


OFFICER_PAYMENT_METHODS = frozenset(PaymentMethod.values) - {PaymentMethod.ONLINE}


def dossier_record_payment(
    *, officer: User, dossier: Dossier, expected_version: int | None, method: str = "", exempt: bool = False
) -> Dossier:
    """Fees paid at the counter (cash, transfer, postal) or exempted (ND 61/2018 art 22).

    "Online" is not an officer's choice: only the payment platform's verified confirmation records it
    (`motcua.dossiers.payments`)."""
    if not exempt and method not in OFFICER_PAYMENT_METHODS:
        if method == PaymentMethod.ONLINE:
            raise DossierError(
                _("An online payment is recorded only by the payment platform's confirmation."),
                code="online_needs_platform",
            )
        raise DossierError(_("Choose a payment method."), code="method_required")

    def mutate(ctx: engine.Context) -> None:
        d = ctx.dossier
        d.fee_status = FeeStatus.EXEMPT if exempt else FeeStatus.PAID
        d.payment_method = "" if exempt else method
        d.paid_at = ctx.now
        d.return_status = ""
        ctx.data.update(fee_status=d.fee_status, method=d.payment_method)

    return act(Action.RECORD_PAYMENT, officer, dossier, expected_version, mutate=mutate)


def dossier_suspend(*, officer: User, dossier: Dossier, expected_version: int | None, reason: str) -> Dossier:
    """Pause at the applicant's written request: the clock stops and every due date moves by the time waited."""

    def mutate(ctx: engine.Context) -> None:
        assert ctx.from_status is not None  # only a creation event has no "from" status
        ctx.dossier.return_status = ctx.from_status

    return act(
        Action.SUSPEND,
        officer,
        dossier,
        expected_version,
        reason=reason,
        mutate=mutate,
    )


def dossier_resume(*, officer: User, dossier: Dossier, expected_version: int | None, note: str = "") -> Dossier:
    def mutate(ctx: engine.Context) -> None:
        ctx.dossier.return_status = ""

    return act(Action.RESUME, officer, dossier, expected_version, reason=note, mutate=mutate)


def dossier_extend(
    *, officer: User, dossier: Dossier, expected_version: int | None, new_due_at: dt.datetime, apology: str
) -> Dossier:
    """Form 04, apology and new date (ND 61/2018 art 19.7): once, at least one working day before the due date.

    Only the effective due date moves; `legal_due_at` keeps the original and steps keep their own budgets, so a
    late unit stays visible.
    """

    def facts(d: Dossier, now: dt.datetime, cal: object) -> dict[str, Any]:
        return {"new_due_at": new_due_at}

    def mutate(ctx: engine.Context) -> None:
        d = ctx.dossier
        assert d.due_at is not None  # `workflow.extension_justified` refused a dossier without one
        ctx.data.update(old_due_at=d.due_at.isoformat(), new_due_at=new_due_at.isoformat())
        d.due_at = new_due_at
        d.extension_count += 1

    return act(
        Action.EXTEND,
        officer,
        dossier,
        expected_version,
        reason=apology,
        facts=facts,
        mutate=mutate,
    )


def dossier_request_withdrawal(
    *, officer: User, dossier: Dossier, expected_version: int | None, reason: str = ""
) -> Dossier:
    """Status 7: the applicant asked to withdraw; staff then stop processing (status 8)."""
    return act(Action.REQUEST_WITHDRAWAL, officer, dossier, expected_version, reason=reason)


def dossier_stop(*, officer: User, dossier: Dossier, expected_version: int | None, reason: str) -> Dossier:
    """Form 05, Thông báo dừng giải quyết hồ sơ (TT 03/2025): status 8; no outcome, open steps cancelled."""

    def mutate(ctx: engine.Context) -> None:
        _close_holding_steps(ctx, result=StepOutcome.CANCELLED)
        for step in open_steps(ctx.dossier, kinds=(StepKind.CONSULTATION,)):
            engine.close_step(step, now=ctx.now, cal=ctx.cal, result=StepOutcome.CANCELLED)
        ctx.dossier.finished_at = ctx.now
        ctx.dossier.paused_at = None
        ctx.dossier.return_status = ""

    return act(Action.STOP, officer, dossier, expected_version, reason=reason, mutate=mutate)


def dossier_notify_early_return(
    *, officer: User, dossier: Dossier, expected_version: int | None, note: str = ""
) -> Dossier:
    """ND 61/2018 art 20: early return is encouraged, with prior notice to the applicant."""

    return act(Action.NOTIFY_EARLY_RETURN, officer, dossier, expected_version, reason=note)


def dossier_deliver(
    *,
    officer: User,
    dossier: Dossier,
    expected_version: int | None,
    method: str,
    tracking_number: str = "",
    reason: str = "",
) -> Dossier:
    """Return the result (status 10) at the counter, electronically, or by post.

    By post, the primary path is the VNPost link (`motcua.dossiers.postal`, on VNPost's delivered event, with the
    tracking number VNPost issued); this officer path is the manual fallback for a shipment made outside it: the
    typed tracking number needs a reason, both kept in the history."""
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

    def mutate(ctx: engine.Context) -> None:
        d = ctx.dossier
        d.delivered_at, d.delivery_method, d.postal_tracking = ctx.now, method, tracking_number.strip()
        ctx.data["method"] = method
        if method == DeliveryMethod.POST:
            ctx.data["manual_tracking"] = True

    return act(Action.DELIVER, officer, dossier, expected_version, reason=reason, mutate=mutate)
