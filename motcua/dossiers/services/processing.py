"""Writes after reception: forwarding and liên thông steps, appraisal, approval, signature, pauses, extension,
closing and return. Re-exported by `services`; the same rules as there (one call = one transaction = one event).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from motcua.units.choices import UnitKind
from motcua.units.models import Unit

from .. import engine, mutations
from ..choices import (
    Action,
    DocumentKind,
    DossierStatus,
    PaymentMethod,
)
from ..codes import result_code
from ..engine import STORE
from ..errors import DossierError
from ..models import Dossier, DossierEvent
from ..policy import ACTING_UNITS, state_facts
from .documents import Upload, check_uploads, save_uploads

if TYPE_CHECKING:
    from motcua.accounts.models import User

S = DossierStatus


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


def _commune_code(unit: Unit) -> str | None:
    """The code of the commune `unit` is (or belongs to), read from its materialised path; None above the communes."""
    if unit.kind == UnitKind.COMMUNE:
        return unit.code
    codes = unit.ancestor_codes
    return (
        Unit.objects.filter(code__in=codes, kind=UnitKind.COMMUNE).values_list("code", flat=True).first()
        if codes
        else None
    )


def foreign_commune_units(dossier: Dossier, targets: Sequence[Unit]) -> tuple[str, ...]:
    """The names of the `targets` that belong to a commune other than the one that received `dossier`.

    A commune-level dossier is decided in the commune that received it (ND 61/2018 art 19.5: liên thông at the same
    level, within the receiving unit's hierarchy). Empty when the procedure is boundary-free (phi địa giới,
    ND 118/2025: received at any one-stop unit of the province and sent on to the competent commune) or when the
    receiving unit is above the communes (a provincial centre sends a commune's procedure down to it)."""
    if dossier.procedure.boundary_free or not targets:
        return ()
    home = _commune_code(dossier.receiving_unit)
    if home is None:
        return ()
    return tuple(u.name for u in targets if (code := _commune_code(u)) is not None and code != home)


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
        return {"has_next_units": bool(targets), "foreign_commune_units": foreign_commune_units(d, targets)}

    def mutate(ctx: engine.Context) -> None:
        mutations.forward(ctx, STORE, targets=targets, budgets=budgets, budget_unit=budget_unit, note=note)

    return act(Action.FORWARD, officer, dossier, expected_version, facts=facts, mutate=mutate)


def dossier_finish_part(*, officer: User, dossier: Dossier, expected_version: int | None, note: str = "") -> Dossier:
    """A parallel (non-lead) unit of a liên thông group finished its part; its time is recorded against it."""

    def mutate(ctx: engine.Context) -> None:
        mutations.finish_part(ctx, STORE, note=note)

    return act(Action.FINISH_PART, officer, dossier, expected_version, mutate=mutate)


def dossier_assign(*, officer: User, dossier: Dossier, expected_version: int | None, specialist: User) -> Dossier:
    """The unit leader hands the dossier to a specialist of the unit (ND 61/2018 art 19.1)."""

    def mutate(ctx: engine.Context) -> None:
        mutations.assign(ctx, STORE, specialist=specialist)

    return act(Action.ASSIGN, officer, dossier, expected_version, mutate=mutate)


def dossier_consult(
    *, officer: User, dossier: Dossier, expected_version: int | None, unit: Unit, question: str, budget_days: Decimal
) -> Dossier:
    """Ask another unit for its opinion with its own deadline (ND 61/2018 art 19.4: replies logged, late escalated)."""

    def mutate(ctx: engine.Context) -> None:
        mutations.consult(ctx, STORE, unit=unit, budget_days=budget_days)

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
        mutations.consult_reply(ctx, STORE, answer=answer)

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
    mutations.finish(ctx, STORE)


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
        mutations.request_payment(ctx, amount=amount)

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
        mutations.record_payment(ctx, method=method, exempt=exempt)

    return act(Action.RECORD_PAYMENT, officer, dossier, expected_version, mutate=mutate)


def dossier_suspend(*, officer: User, dossier: Dossier, expected_version: int | None, reason: str) -> Dossier:
    """Pause at the applicant's written request: the clock stops and every due date moves by the time waited."""
    return act(Action.SUSPEND, officer, dossier, expected_version, reason=reason, mutate=mutations.pause)


def dossier_resume(*, officer: User, dossier: Dossier, expected_version: int | None, note: str = "") -> Dossier:
    return act(Action.RESUME, officer, dossier, expected_version, reason=note, mutate=mutations.resume)


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
        mutations.extend(ctx, new_due_at=new_due_at)

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
        mutations.stop(ctx, STORE)

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
    reason = mutations.delivery_reason(method=method, tracking_number=tracking_number, reason=reason)

    def mutate(ctx: engine.Context) -> None:
        mutations.deliver(ctx, method=method, tracking_number=tracking_number)

    return act(Action.DELIVER, officer, dossier, expected_version, reason=reason, mutate=mutate)
