"""The dossier lifecycle as data: one table of (state, action) → new state, with pure guards.

Nothing here touches the database or the clock: the service layer gathers the facts (`Facts`), asks
`check()` whether an action is allowed, and only then writes. Every refusal carries a reason (an English
msgid translated to Vietnamese in `locale/`) and a stable `code` that callers and tests can match.

Legal basis: ND 61/2018/NĐ-CP arts 17–22 (replaced from 1/7/2025 by ND 118/2025, same steps), TT 01/2018
and TT 03/2025 forms 01–07; national status codes `TrangThaiHoSo` 1–10 in `choices.NATIONAL_STATUS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.accounts.choices import Role

from .choices import CLOCK_RUNNING, Action, DossierStatus, Outcome

S = DossierStatus
A = Action
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Target meaning "go back to the state held before the pause" (supplement, payment, suspension).
RETURN = "__return__"
# Target meaning "stay in the same state" (an event without a status change).
SAME = "__same__"

BEFORE_CLOSE = (S.RECEIVED, S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE)
PROCESSING = (S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE)
OPEN_NOT_PAUSED = (S.SUBMITTED, *BEFORE_CLOSE)
PAUSED = (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.SUSPENDED)


@dataclass(frozen=True)
class Facts:
    """What the guards may look at; gathered by the service layer from the locked dossier row."""

    status: str | None
    now: dt.datetime
    reason: str = ""
    missing_documents: tuple[str, ...] = ()
    supplement_items: tuple[str, ...] = ()
    supplement_deadline: dt.datetime | None = None
    extension_count: int = 0
    extension_latest_day: dt.date | None = None
    new_due_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    fee_settled: bool = True
    other_units_pending: tuple[str, ...] = ()
    open_consultations: int = 0
    has_next_units: bool = True
    foreign_commune_units: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: StrOrPromise  # translated lazily, in the language of the request that shows it


Guard = Callable[[Facts], Refusal | None]


# --- guards ---------------------------------------------------------------------------------------------


def needs_reason(facts: Facts) -> Refusal | None:
    if not facts.reason.strip():
        return Refusal("reason_required", _("A reason is required for this action."))
    return None


def dossier_complete(facts: Facts) -> Refusal | None:
    """ND 61/2018 art 17.1: only a complete and valid dossier is received; otherwise request a supplement."""
    if facts.missing_documents:
        return Refusal(
            "incomplete",
            _("The dossier is incomplete, missing: %(items)s. Request a supplement listing every missing item.")
            % {"items": "; ".join(facts.missing_documents)},
        )
    return None


def supplement_lists_items(facts: Facts) -> Refusal | None:
    """ND 61/2018 art 15, 17: the applicant is told every item to supplement at once (một lần đầy đủ)."""
    if not facts.supplement_items:
        return Refusal("items_required", _("List every document the applicant must supplement, all at once."))
    return None


def supplement_within_three_days(facts: Facts) -> Refusal | None:
    """ND 61/2018 art 19.3: after appraisal began, a supplement may be requested within 3 working days only."""
    if facts.supplement_deadline is not None and facts.now > facts.supplement_deadline:
        return Refusal(
            "supplement_too_late",
            _(
                "A supplement can only be requested within 3 working days of the start of appraisal; "
                "the agency must now decide on the dossier as it is."
            ),
        )
    return None


def extension_available(facts: Facts) -> Refusal | None:
    """ND 61/2018 art 19.7: one extension, asked at least one working day before the due date."""
    if facts.extension_count >= 1:
        return Refusal("extension_used", _("The due date has already been extended once; it cannot be extended again."))
    if facts.extension_latest_day is not None and facts.now.astimezone(VN).date() > facts.extension_latest_day:
        return Refusal(
            "extension_too_late",
            _("An extension must be requested at least one working day before the due date (by %(day)s).")
            % {"day": facts.extension_latest_day.strftime("%d/%m/%Y")},
        )
    return None


def extension_justified(facts: Facts) -> Refusal | None:
    """ND 61/2018 art 19.7: the extension states the reason with a written apology and sets a later date."""
    if not facts.reason.strip():
        return Refusal("apology_required", _("A written apology stating the reason is required to extend."))
    if facts.new_due_at is None or facts.due_at is None or facts.new_due_at <= facts.due_at:
        return Refusal("new_due_required", _("The new due date must be later than the current due date."))
    return None


def fee_settled(facts: Facts) -> Refusal | None:
    if not facts.fee_settled:
        return Refusal(
            "fee_unpaid", _("Fees are due: record the payment or the exemption before returning the result.")
        )
    return None


def lead_unit_alone(facts: Facts) -> Refusal | None:
    """Liên thông (ND 61/2018 art 19.5): the lead unit continues once every parallel unit has finished its part."""
    if facts.other_units_pending:
        return Refusal(
            "units_pending",
            _("Waiting for other units to finish their part: %(units)s.")
            % {"units": ", ".join(facts.other_units_pending)},
        )
    return None


def no_open_consultation(facts: Facts) -> Refusal | None:
    if facts.open_consultations:
        return Refusal("consultation_open", _("A consultation is still awaiting a reply."))
    return None


def has_target_units(facts: Facts) -> Refusal | None:
    if not facts.has_next_units:
        return Refusal("no_target", _("Choose the unit(s) to forward the dossier to."))
    return None


def within_receiving_commune(facts: Facts) -> Refusal | None:
    """A commune-level procedure is decided by the committee of the commune that received it (ND 61/2018 art 19.5:
    liên thông at the same level stays within the receiving unit's hierarchy); only a boundary-free procedure
    (phi địa giới, ND 118/2025) or a dossier received above the communes may go to another commune."""
    if facts.foreign_commune_units:
        return Refusal(
            "foreign_commune",
            _("%(units)s belongs to another commune: this dossier is decided within the commune that received it.")
            % {"units": ", ".join(facts.foreign_commune_units)},
        )
    return None


def early_only(facts: Facts) -> Refusal | None:
    """ND 61/2018 art 20: early return is encouraged, with prior notice to the applicant."""
    if facts.due_at is None or facts.now.astimezone(VN).date() >= facts.due_at.astimezone(VN).date():
        return Refusal("not_early", _("The result is not early: the due date has been reached."))
    return None


# --- the table ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    target: str
    guards: tuple[Guard, ...] = ()


def _rules(
    sources: Iterable[str | None], action: str, target: str, *guards: Guard
) -> dict[tuple[str | None, str], Rule]:
    return {(source, action): Rule(target, guards) for source in sources}


TABLE: dict[tuple[str | None, str], Rule] = {
    **_rules([None], A.SUBMIT, S.SUBMITTED),
    # A dossier handed in at the counter that is not complete or not acceptable is recorded (status 1) so that the
    # supplement request or the refusal (forms 02/03) is part of its history (ND 61/2018 art 17.1(b)–(c)).
    **_rules([None], A.PRESENT, S.SUBMITTED),
    **_rules([None, S.SUBMITTED], A.RECEIVE, S.RECEIVED, dossier_complete),
    # Files added to an online filing before it is checked (by its applicant or the system that filed it).
    **_rules([S.SUBMITTED], A.ATTACH_DOCUMENTS, SAME),
    **_rules([S.SUBMITTED], A.REFUSE_RECEPTION, S.REFUSED, needs_reason),
    **_rules([S.SUBMITTED], A.REQUEST_SUPPLEMENT, S.AWAITING_SUPPLEMENT, supplement_lists_items),
    **_rules(
        [S.RECEIVED, S.IN_PROGRESS],
        A.REQUEST_SUPPLEMENT,
        S.AWAITING_SUPPLEMENT,
        supplement_lists_items,
        supplement_within_three_days,
    ),
    **_rules([S.AWAITING_SUPPLEMENT], A.SUPPLEMENT_RECEIVED, RETURN),
    **_rules(
        [S.RECEIVED, S.IN_PROGRESS],
        A.FORWARD,
        S.IN_PROGRESS,
        has_target_units,
        within_receiving_commune,
        lead_unit_alone,
        no_open_consultation,
    ),
    **_rules([S.IN_PROGRESS], A.FINISH_PART, SAME),
    **_rules([S.IN_PROGRESS], A.ASSIGN, SAME),
    **_rules([S.IN_PROGRESS], A.CONSULT, SAME, needs_reason),
    **_rules(PROCESSING, A.CONSULT_REPLY, SAME),
    **_rules([S.IN_PROGRESS], A.APPRAISE, S.AWAITING_APPROVAL, lead_unit_alone, no_open_consultation),
    **_rules([S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE], A.RETURN_FOR_REWORK, S.IN_PROGRESS, needs_reason),
    **_rules([S.AWAITING_APPROVAL], A.APPROVE, S.AWAITING_SIGNATURE),
    **_rules([S.AWAITING_SIGNATURE], A.SIGN, S.RESULT_READY),
    **_rules(PROCESSING, A.REJECT, S.REJECTED, needs_reason, lead_unit_alone),
    **_rules([*BEFORE_CLOSE, S.RESULT_READY], A.REQUEST_PAYMENT, S.AWAITING_PAYMENT),
    **_rules([S.AWAITING_PAYMENT], A.RECORD_PAYMENT, RETURN),
    **_rules([*OPEN_NOT_PAUSED, S.RESULT_READY], A.RECORD_PAYMENT, SAME),
    **_rules(BEFORE_CLOSE, A.SUSPEND, S.SUSPENDED, needs_reason),
    **_rules([S.SUSPENDED], A.RESUME, RETURN),
    **_rules(BEFORE_CLOSE, A.EXTEND, SAME, extension_available, extension_justified),
    **_rules([*OPEN_NOT_PAUSED, *PAUSED], A.REQUEST_WITHDRAWAL, S.WITHDRAW_REQUESTED),
    **_rules([S.WITHDRAW_REQUESTED, *BEFORE_CLOSE, *PAUSED], A.STOP, S.STOPPED, needs_reason),
    **_rules([S.RESULT_READY], A.NOTIFY_EARLY_RETURN, SAME, early_only),
    **_rules([S.RESULT_READY, S.REJECTED], A.DELIVER, S.DELIVERED, fee_settled),
}

R = Role
COUNTER = frozenset({R.COUNTER_OFFICER, R.ONE_STOP_MANAGER})
# Who may perform each action (membership of the acting unit with one of these roles).
ACTION_ROLES: dict[str, frozenset[str]] = {
    A.SUBMIT: frozenset(),  # the applicant, no officer role
    A.ATTACH_DOCUMENTS: frozenset(),  # the applicant or the filing system (`documents.dossier_attach_documents`)
    A.PRESENT: COUNTER,
    A.RECEIVE: COUNTER,
    A.REFUSE_RECEPTION: COUNTER,
    A.SUPPLEMENT_RECEIVED: COUNTER | {R.SPECIALIST},
    A.REQUEST_SUPPLEMENT: COUNTER | {R.SPECIALIST, R.UNIT_LEADER},
    A.FORWARD: COUNTER | {R.SPECIALIST, R.UNIT_LEADER},
    A.FINISH_PART: frozenset({R.SPECIALIST, R.UNIT_LEADER}),
    A.ASSIGN: frozenset({R.UNIT_LEADER}),
    A.CONSULT: frozenset({R.SPECIALIST, R.UNIT_LEADER}),
    A.CONSULT_REPLY: frozenset({R.SPECIALIST, R.UNIT_LEADER}),
    A.APPRAISE: frozenset({R.SPECIALIST, R.UNIT_LEADER}),
    A.RETURN_FOR_REWORK: frozenset({R.UNIT_LEADER}),
    A.APPROVE: frozenset({R.UNIT_LEADER}),
    A.SIGN: frozenset({R.UNIT_LEADER}),
    A.REJECT: frozenset({R.UNIT_LEADER}),
    A.REQUEST_PAYMENT: COUNTER | {R.SPECIALIST},
    A.RECORD_PAYMENT: COUNTER,
    A.SUSPEND: COUNTER | {R.UNIT_LEADER},
    A.RESUME: COUNTER | {R.UNIT_LEADER},
    A.EXTEND: frozenset({R.UNIT_LEADER, R.ONE_STOP_MANAGER}),
    A.REQUEST_WITHDRAWAL: COUNTER,
    A.STOP: COUNTER | {R.UNIT_LEADER},
    A.NOTIFY_EARLY_RETURN: COUNTER,
    A.DELIVER: COUNTER,
}

# Which unit the actor must belong to: the receiving (one-stop) unit, or a unit holding an open step.
RECEIVING, HOLDING = "receiving", "holding"
ACTION_UNIT: dict[str, str] = dict.fromkeys(
    (
        A.RECEIVE,
        A.REFUSE_RECEPTION,
        A.SUPPLEMENT_RECEIVED,
        A.RECORD_PAYMENT,
        A.REQUEST_WITHDRAWAL,
        A.NOTIFY_EARLY_RETURN,
        A.DELIVER,
    ),
    RECEIVING,
)


def actor_unit_kind(action: str, status: str | None) -> str:
    """Counter-side actions happen at the receiving unit; so does anything before the dossier is forwarded."""
    if action in ACTION_UNIT or status in (None, S.SUBMITTED, S.RECEIVED):
        return RECEIVING
    return HOLDING


# Guards that read only the dossier's own state (never the officer's input): an action they refuse is not offered.
STATE_GUARDS: frozenset[Guard] = frozenset(
    {supplement_within_three_days, extension_available, fee_settled, lead_unit_alone, no_open_consultation, early_only}
)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    target: str | None = None
    refusal: Refusal | None = None


def check(action: str, facts: Facts, *, return_status: str | None = None) -> Decision:
    """Return whether `action` may happen now and the state it leads to (pure: no I/O)."""
    rule = TABLE.get((facts.status, action))
    if rule is None:
        label = S(facts.status).label if facts.status else _("new")
        return Decision(
            False,
            refusal=Refusal(
                "not_allowed",
                _("The action “%(action)s” is not allowed while the dossier is “%(status)s”.")
                % {"action": A(action).label, "status": label},
            ),
        )
    for guard in rule.guards:
        refusal = guard(facts)
        if refusal is not None:
            return Decision(False, refusal=refusal)
    target: str | None = rule.target
    if target == SAME:
        target = facts.status
    elif target == RETURN:
        target = return_status or S.IN_PROGRESS
    return Decision(True, target=target)


def state_refusal(action: str, facts: Facts) -> Refusal | None:
    """The first refusal of `action` by a guard of the dossier's state (`STATE_GUARDS`), input guards skipped."""
    rule = TABLE.get((facts.status, action))
    if rule is None:
        return check(action, facts).refusal
    for guard in rule.guards:
        if guard in STATE_GUARDS and (refusal := guard(facts)) is not None:
            return refusal
    return None


def allowed_actions(status: str | None) -> list[str]:
    """Actions the table allows from `status` (guards not evaluated), in declaration order."""
    return [action for (source, action) in TABLE if source == status]


def outcome(*, finished_at: dt.datetime, due_at: dt.datetime) -> str:
    """Early = finished before the due day; on time = on the due day, not after the due moment; else late.

    Days are Vietnamese calendar days (QĐ 766 timeliness; TT 01/2018 art 13 index 1). Waiting for the
    applicant is already excluded from `due_at`, which moves on every pause and restart.
    """
    if finished_at > due_at:
        return Outcome.LATE
    if finished_at.astimezone(VN).date() < due_at.astimezone(VN).date():
        return Outcome.EARLY
    return Outcome.ON_TIME


# --- state sets read off the table (never kept by hand; motcua/dossiers/tests/test_state_sets.py) -------------
# The one legal fact given by hand is `choices.CLOCK_RUNNING` (the time limit counts from reception, and stops
# while the applicant is asked to supplement or pay and while processing is suspended: ND 61/2018 art 19-20).


def _targets(status: str, came_from: frozenset[str]) -> set[str]:
    """Where one action can take a dossier in `status`; RETURN goes back to where it was before (`came_from`)."""
    found: set[str] = set()
    for (source, _action), rule in TABLE.items():
        if source != status:
            continue
        if rule.target == RETURN:
            found |= came_from
        elif rule.target != SAME:
            found.add(rule.target)
    return found


def _entered_from(status: str) -> frozenset[str]:
    return frozenset(source for (source, _a), rule in TABLE.items() if rule.target == status and source is not None)


def reachable(status: str) -> frozenset[str]:
    """Every status a dossier in `status` can still reach by actions of the table (RETURN resolved to where the
    dossier came from; for a paused start, any state that enters it)."""
    seen: set[tuple[str, frozenset[str]]] = set()
    stack = [(status, _entered_from(status))]
    result: set[str] = set()
    while stack:
        current, came_from = stack.pop()
        if (current, came_from) in seen:
            continue
        seen.add((current, came_from))
        for target in _targets(current, came_from):
            result.add(target)
            # entering a paused state remembers where it came from (for its RETURN)
            stack.append((target, frozenset({current}) if target in PAUSED_STATES else frozenset()))
    return frozenset(result)


# Paused: the states left by going back to where the dossier was (supplement received, payment recorded, resumed).
PAUSED_STATES = frozenset(source for (source, _a), rule in TABLE.items() if rule.target == RETURN)
# Closed (processing ended: the clock neither runs nor pauses): not running, and no action starts it again.
TERMINAL = frozenset(
    s for s in S.values if s not in CLOCK_RUNNING and not _targets(s, _entered_from(s)) & CLOCK_RUNNING
)
# The states from which the applicant (or the officer for them) may ask to withdraw.
WITHDRAWABLE_STATES = frozenset(source for (source, action) in TABLE if action == A.REQUEST_WITHDRAWAL)
# Waiting on someone outside the processing chain: paused, or a withdrawal awaiting its decision.
WAITING = PAUSED_STATES | frozenset(TABLE[(s, A.REQUEST_WITHDRAWAL)].target for s in WITHDRAWABLE_STATES)
# A result may still be issued or is ready and not yet handed over: asking for it by post makes sense.
POSTAL_REQUEST_STATES = frozenset(s for s in S.values if s == S.RESULT_READY or S.RESULT_READY in reachable(s))
