"""What the public may see of a dossier: plain-language status, key dates and the public events.

Only facts the applicant already knows or needs are shown (TT 01/2018 art 19: look-up by dossier code):
no officer names, no internal units' work (assignments, consultations, approvals), no free-text reasons
(they may name people); the items of a supplement request are shown because the applicant must provide them.
Dates are given in Vietnam's time zone whatever the server's zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias, overload

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.dossiers.choices import SENT_ON_LABELS, Action, DossierStatus
from motcua.dossiers.official_forms import limit_text
from motcua.workdays.calendar import VN_TZ

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier, DossierEvent

S = DossierStatus
PublicStatus: TypeAlias = tuple[StrOrPromise, StrOrPromise, str]

# status → (plain words, what it means for the applicant, tone for the badge)
PUBLIC_STATUS: dict[str, PublicStatus] = {
    S.SUBMITTED: (_("Submitted"), _("Your dossier has been sent; the one-stop centre will check it."), "info"),
    S.RECEIVED: (
        _("Received"),
        _("Your dossier is complete and has been received. The time limit is running."),
        "info",
    ),
    S.REFUSED: (_("Not accepted"), _("Your dossier was not accepted at reception. See the notice sent to you."), "bad"),
    S.IN_PROGRESS: (_("Being processed"), _("The competent agency is processing your dossier."), "info"),
    S.AWAITING_APPROVAL: (_("Being processed"), _("The competent agency is processing your dossier."), "info"),
    S.AWAITING_SIGNATURE: (_("Being processed"), _("The competent agency is processing your dossier."), "info"),
    S.SUSPENDED: (_("Paused"), _("Processing is paused at your request."), "warn"),
    S.AWAITING_SUPPLEMENT: (
        _("Documents needed"),
        _("Please provide the documents listed below. The time limit is paused until they arrive."),
        "warn",
    ),
    S.AWAITING_PAYMENT: (_("Fee to pay"), _("Please pay the fee so processing can continue."), "warn"),
    S.WITHDRAW_REQUESTED: (_("Withdrawal requested"), _("You asked to withdraw this dossier."), "warn"),
    S.STOPPED: (_("Stopped"), _("Processing of this dossier has stopped."), "bad"),
    S.REJECTED: (
        _("Finished — not granted"),
        _("Processing is finished; the agency has sent you a written answer with its reasons."),
        "bad",
    ),
    S.RESULT_READY: (_("Result ready"), _("The result is ready to be returned to you."), "ok"),
    S.DELIVERED: (_("Result returned"), _("The result has been returned to you."), "ok"),
}

PUBLIC_EVENTS: dict[str, object] = {
    Action.SUBMIT: _("Submitted online"),
    Action.RECEIVE: _("Received by the one-stop centre"),
    Action.REFUSE_RECEPTION: _("Not accepted at reception"),
    Action.REQUEST_SUPPLEMENT: _("Additional documents requested"),
    Action.SUPPLEMENT_RECEIVED: _("Additional documents received"),
    Action.FORWARD: _("Sent to the competent agency"),
    Action.REQUEST_PAYMENT: _("Fee payment requested"),
    Action.RECORD_PAYMENT: _("Fee payment recorded"),
    Action.SUSPEND: _("Paused at the applicant's request"),
    Action.RESUME: _("Processing resumed"),
    Action.EXTEND: _("Time limit extended, with an apology"),
    Action.REQUEST_WITHDRAWAL: _("Withdrawal requested"),
    Action.STOP: _("Processing stopped"),
    Action.REJECT: _("Processing finished — not granted"),
    Action.SIGN: _("Result signed"),
    Action.NOTIFY_EARLY_RETURN: _("Early return announced"),
    Action.DELIVER: _("Result returned"),
    "request_postal_result": _("Result requested by post"),
    Action.ATTACH_DOCUMENTS: _("Documents added before reception"),
    Action.REPLAN: _("Due date moved by an official calendar notice"),
}


@dataclass(frozen=True)
class PublicEvent:
    at: dt.datetime
    label: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicView:
    code: str
    procedure_name: str
    procedure_code: str
    status_label: str
    status_help: str
    tone: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    is_open: bool
    supplement_items: tuple[str, ...] = ()
    # under a service commitment shorter than the legal limit (docs/domain/deadlines.md §10); else None / ""
    committed_due_at: dt.datetime | None = None
    committed_limit: str = ""
    events: list[PublicEvent] = field(default_factory=list)


@overload
def vn_time(value: dt.datetime) -> dt.datetime: ...
@overload
def vn_time(value: dt.datetime | None) -> dt.datetime | None: ...
def vn_time(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(VN_TZ) if value else None


def public_status(status: str) -> PublicStatus:
    return PUBLIC_STATUS.get(status, (_("Being processed"), "", "info"))


def public_events(events: Iterable[DossierEvent]) -> list[PublicEvent]:
    """The applicant-facing history: one line per public event; internal steps are left out, repeats merged."""
    out: list[PublicEvent] = []
    for event in events:
        label = PUBLIC_EVENTS.get(event.action)
        if event.action == Action.SUBMIT and isinstance(event.data, dict):
            label = SENT_ON_LABELS.get(str(event.data.get("channel", "")), label)  # sent on from the counter
        if label is None:
            continue
        if out and event.action == Action.FORWARD and out[-1].label == str(label):
            continue  # forwards between agencies are one fact for the applicant
        items = (
            tuple(str(i) for i in (event.data or {}).get("items", ()))
            if event.action == Action.REQUEST_SUPPLEMENT
            else ()
        )
        out.append(PublicEvent(at=vn_time(event.created_at), label=str(label), items=items))
    return out


def public_view(dossier: Dossier, events: Iterable[DossierEvent]) -> PublicView:
    label, help_text, tone = public_status(dossier.status)
    timeline = public_events(events)
    supplement: tuple[str, ...] = ()
    if dossier.status == S.AWAITING_SUPPLEMENT:
        supplement = next((e.items for e in reversed(timeline) if e.items), ())
    closed = dossier.status in {S.REFUSED, S.STOPPED, S.REJECTED, S.RESULT_READY, S.DELIVERED}
    return PublicView(
        code=dossier.code,
        procedure_name=dossier.procedure.name,
        procedure_code=dossier.procedure.code,
        status_label=str(label),
        status_help=str(help_text),
        tone=tone,
        submitted_at=vn_time(dossier.submitted_at),
        received_at=vn_time(dossier.received_at),
        due_at=vn_time(dossier.due_at),
        finished_at=vn_time(dossier.finished_at or dossier.delivered_at),
        is_open=not closed,
        supplement_items=supplement,
        events=timeline,
        committed_due_at=vn_time(dossier.committed_due_at),
        committed_limit=limit_text(dossier.committed_limit_value, dossier.committed_limit_unit),
    )
