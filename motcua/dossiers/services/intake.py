"""Writes to dossiers: one keyword-only function per action, each one transaction and one history event.

Officers pass the `expected_version` they saw (the dossier's last event number): if someone else acted in
between, `StaleDossier` is raised and nothing is written. Permission, transition and guard failures raise the
domain errors of `errors.py`. Legal references are on each function and in `workflow.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.selectors import commitment_for
from motcua.core.db import upsert_add
from motcua.core.text import fold

from .. import clock, engine, mutations, policy, workflow
from ..choices import (
    Action,
    Channel,
    DeliveryMethod,
    DocumentKind,
    DossierStatus,
    FeeStatus,
)
from ..codes import dossier_code
from ..errors import DossierError, TransitionNotAllowed
from ..models import Dossier, DossierCodeCounter, DossierEvent
from ..selectors import dossier_missing_documents
from .documents import Upload, check_uploads, save_uploads
from .processing import act

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure, ServiceCommitment
    from motcua.units.models import Unit

S = DossierStatus


# --- numbering ------------------------------------------------------------------------------------------


def _next_code(*, unit: Unit, day: dt.date) -> str:
    """TT 01/2018 art 19: daily sequence per receiving unit, taken in one insert-or-increment statement that
    keeps the counter row locked until commit (unique under concurrency)."""
    values = {"unit_id": unit.pk, "day": day, "last": 1}
    last = upsert_add(DossierCodeCounter, key=("unit", "day"), values=values, add=("last",), returning="last")
    identifier = (unit.e_identifier or unit.code).upper()
    return dossier_code(identifier=identifier, day=day, sequence=last)


# --- helpers --------------------------------------------------------------------------------------------


def _missing_documents(dossier: Dossier, presented: Sequence[int]) -> tuple[str, ...]:
    """Mandatory catalogue components (required, not case-specific) neither presented nor uploaded."""
    have = set(presented) | set(
        dossier.documents.exclude(required_document=None).values_list("required_document_id", flat=True)
    )
    return tuple(doc.name[:200] for doc in dossier_missing_documents(dossier.procedure, have))


def _intake_details(
    *, result_delivery: str, result_address: str, applicant_address: str, sets_count: int
) -> dict[str, Any]:
    """How the result is collected (counter, post to an address, electronic) and the sets handed in (form 01)."""
    if result_delivery not in DeliveryMethod.values:
        raise DossierError(_("Choose how the result is returned."), code="delivery_required")
    address = (result_address or "").strip()
    if result_delivery == DeliveryMethod.POST:
        address = address or (applicant_address or "").strip()
        if not address:
            raise DossierError(_("An address is required to send the result by post."), code="address_required")
    else:
        address = ""
    if not 1 <= int(sets_count) <= 99:
        raise DossierError(_("The number of sets must be between 1 and 99."), code="bad_sets_count")
    return {"result_delivery": result_delivery, "result_address": address[:500], "sets_count": int(sets_count)}


def _search_text(dossier: Dossier) -> str:
    return fold(
        " ".join(
            [
                dossier.code,
                dossier.applicant_name,
                dossier.applicant_phone,
                dossier.procedure.code,
                dossier.procedure.name,
            ]
        )
    )


def intake_limits(
    *,
    procedure: Procedure,
    unit: Unit,
    channel: str,
    now: dt.datetime,
    lookup: Callable[..., ServiceCommitment | None] = commitment_for,
) -> dict[str, Any]:
    """The time limits a new dossier is judged by, snapshotted on its row: the legal limit of the channel
    (ND 61/2018 art. 19: the one published when received) and, when the province or the unit has committed to a
    shorter time for this procedure and channel (catalog.ServiceCommitment, docs/domain/deadlines.md §10), the
    committed one. The bulk simulator calls this too (with a cached `lookup`), so both paths snapshot the same."""
    time_limit = procedure.time_limit_for(channel)
    commitment = lookup(
        procedure_code=procedure.code, channel=channel, unit=unit, on=now.astimezone(clock.VN_TZ).date()
    )
    return {
        "time_limit_value": time_limit.value if time_limit else procedure.time_limit_value,
        "time_limit_unit": time_limit.unit if time_limit else procedure.time_limit_unit,
        "commitment_id": commitment.pk if commitment else None,
        "committed_limit_value": commitment.value if commitment else None,
        "committed_limit_unit": commitment.unit if commitment else "",
    }


def _new_dossier(
    *, procedure: Procedure, unit: Unit, channel: str, status: str, now: dt.datetime, applicant: dict[str, Any]
) -> Dossier:
    dossier = Dossier(
        procedure=procedure,
        receiving_unit=unit,
        current_unit=unit,
        channel=channel,
        status=status,
        code=_next_code(unit=unit, day=now.astimezone(clock.VN_TZ).date()),
        **intake_limits(procedure=procedure, unit=unit, channel=channel, now=now),
        created_at=now,
        updated_at=now,
        **applicant,
    )
    dossier.search_text = _search_text(dossier)
    # Not saved here: the first save is the creation event's (`engine.record_creation`, version 1) or the clock
    # start's, so a new dossier costs one INSERT instead of an INSERT and a full UPDATE.
    return dossier


# Who handed the dossier in for the applicant (người được ủy quyền / người nộp thay, form 01 of TT 03/2025).
SUBMITTER_FIELDS = frozenset({"submitter_name", "submitter_id_number", "submitter_phone", "submitter_authorisation"})
# What an intake service takes about the applicant (beside the online account and the external code).
APPLICANT_FIELDS = (
    frozenset(
        {"applicant_name", "applicant_phone", "applicant_email", "applicant_address", "applicant_id_number", "subject"}
    )
    | SUBMITTER_FIELDS
)


def _applicant(**fields: Any) -> dict[str, Any]:
    """The applicant's fields of a new dossier, text trimmed; a submitter's details need the submitter's name."""
    cleaned = {key: (value or "").strip() if isinstance(value, str) else value for key, value in fields.items()}
    if any(cleaned.get(key) for key in SUBMITTER_FIELDS) and not cleaned.get("submitter_name"):
        raise DossierError(
            _("Enter the name of the person submitting on the applicant's behalf."), code="submitter_name_required"
        )
    return cleaned


def _submitter_data(dossier: Dossier) -> dict[str, Any]:
    """History data of an intake made by someone on the applicant's behalf: that it was, and under which
    authorisation paper. The person's name and details stay on the dossier, not in the append-only history, so
    that an erasure (ND 13/2023, `security.personal_data`) can clear them without touching the hash chain."""
    if not dossier.submitter_name:
        return {}
    return {"on_behalf": True, "authorisation": dossier.submitter_authorisation}


def _counter_applicant(applicant: dict[str, str]) -> dict[str, Any]:
    """The `**applicant` keywords of a counter service: `applicant_name` and any of `APPLICANT_FIELDS`, trimmed."""
    unknown = set(applicant) - APPLICANT_FIELDS
    if unknown or "applicant_name" not in applicant:
        raise TypeError(f"counter intake takes applicant_name and {sorted(APPLICANT_FIELDS)}, not {sorted(unknown)}")
    return _applicant(**applicant)


def _counter_unit(*, officer: User, unit: Unit, procedure: Procedure, channel: str, action: str) -> int | None:
    """The officer's unit for a dossier handed in at `unit`'s counter or by post (`DossierPermissionDenied` if
    the officer may not take it there)."""
    if channel not in (Channel.COUNTER, Channel.POST):
        raise DossierError("counter reception is for the counter and postal channels", code="bad_channel")
    probe = Dossier(procedure=procedure, receiving_unit=unit, status=S.SUBMITTED)
    return policy.acting_unit(officer=officer, dossier=probe, action=action)


def _guard(action: str, facts: workflow.Facts) -> None:
    """Refuse `action` for a dossier not created yet with the transition table's own message (the engine does the
    same for existing dossiers)."""
    decision = workflow.check(action, facts)
    if not decision.allowed:
        assert decision.refusal is not None  # a refused decision carries its refusal
        raise TransitionNotAllowed(decision.refusal.message, code=decision.refusal.code)


# --- intake ---------------------------------------------------------------------------------------------


@transaction.atomic
def dossier_submit(
    *,
    procedure: Procedure,
    receiving_unit: Unit,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    applicant_id_number: str = "",
    applicant_user: User | None = None,
    subject: str = "",
    documents: Sequence[Upload] = (),
    external_system: str = "",
    external_code: str = "",
    filed_by: User | None = None,
    submitter: dict[str, str] | None = None,
    channel: str = Channel.ONLINE,
) -> Dossier:
    """Online submission (ND 61/2018 art 16.3; ND 118/2025: on the national portal) — status 1, code assigned.

    A dossier filed on another system (the national portal) keeps that system's code in `external_code`; the
    pair (`external_system`, `external_code`) is unique, so the same filing cannot arrive twice. `filed_by` is
    the account of the system filing it on the applicant's behalf (the API client), recorded as the actor of
    the `submit` event: that account may add files until reception (`documents.dossier_attach_documents`).
    `submitter`: the `SUBMITTER_FIELDS` of someone filing on the applicant's behalf (form 01's authorised-person
    block), recorded on the dossier and in the `submit` event.
    `channel`: how the applicant filed it (`KenhThucHien`, ND 61/2018 art 16), online unless the dossier is sent
    on electronically from a counter reception — a bundle received at the one-stop counter sends the other
    agencies' parts this way (ND 61/2018 art 19) and they stay counter dossiers in the online-filing rate."""
    if channel not in Channel.values:
        raise DossierError(f"unknown channel {channel!r}", code="bad_channel")
    submitter = dict(submitter or {})
    unknown = set(submitter) - SUBMITTER_FIELDS
    if unknown:
        raise TypeError(f"submitter takes {sorted(SUBMITTER_FIELDS)}, not {sorted(unknown)}")
    now = timezone.now()
    dossier = _new_dossier(
        procedure=procedure,
        unit=receiving_unit,
        channel=channel,
        status=S.SUBMITTED,
        now=now,
        applicant=_applicant(
            applicant_name=applicant_name,
            applicant_phone=applicant_phone,
            applicant_email=applicant_email,
            applicant_address=applicant_address,
            applicant_id_number=applicant_id_number,
            applicant_user=applicant_user,
            subject=subject,
            external_system=external_system,
            external_code=external_code,
            **submitter,
        )
        | {"submitted_at": now},
    )
    data = {"channel": channel} | _submitter_data(dossier)
    if dossier.external_code:
        data |= {"external_system": dossier.external_system, "external_code": dossier.external_code}
    event = engine.record_creation(
        dossier=dossier,
        actor=applicant_user or filed_by,
        action=Action.SUBMIT,
        unit_id=None,
        data=data,
        now=now,
    )
    save_uploads(dossier, documents, kind=DocumentKind.COMPONENT, actor=applicant_user or filed_by, event=event)
    return dossier


@transaction.atomic
def dossier_receive_at_counter(
    *,
    officer: User,
    unit: Unit,
    procedure: Procedure,
    channel: str = Channel.COUNTER,
    presented_document_ids: Sequence[int] = (),
    documents: Sequence[Upload] = (),
    fee_amount: Decimal = Decimal(0),
    result_delivery: str = DeliveryMethod.COUNTER,
    result_address: str = "",
    sets_count: int = 1,
    **applicant: str,
) -> Dossier:
    """Counter or postal reception of a complete dossier (ND 61/2018 art 17): code, receipt, clock start.

    An incomplete dossier is not received: the guard lists every missing component so the officer can issue
    form 02 at once (art 17.1(b)) with `dossier_request_supplement_at_counter`. The receipt (form 01) states how
    the result is collected (`result_delivery`, with `result_address` by post) and the number of sets.
    `applicant`: `applicant_name` and optionally the other `APPLICANT_FIELDS`.
    """
    fields = _counter_applicant(applicant)
    unit_id = _counter_unit(officer=officer, unit=unit, procedure=procedure, channel=channel, action=Action.RECEIVE)
    now = timezone.now()
    details = _intake_details(
        result_delivery=result_delivery,
        result_address=result_address,
        applicant_address=fields.get("applicant_address", ""),
        sets_count=sets_count,
    )
    uploaded = {u.required_document_id for u in documents if u.required_document_id}
    missing = tuple(d.name[:200] for d in dossier_missing_documents(procedure, set(presented_document_ids) | uploaded))
    _guard(Action.RECEIVE, workflow.Facts(status=None, now=now, missing_documents=missing))
    check_uploads(documents)
    dossier = _new_dossier(
        procedure=procedure,
        unit=unit,
        channel=channel,
        status=S.RECEIVED,
        now=now,
        applicant=fields | details,
    )
    dossier.submitted_at = now
    if fee_amount:
        dossier.fee_amount, dossier.fee_status = fee_amount, FeeStatus.DUE
    cal = clock.get_calendar()
    mutations.start_clock(dossier, engine.STORE, now=now, cal=cal, unit_id=unit.pk)
    event = engine.record_creation(
        dossier=dossier,
        actor=officer,
        action=Action.RECEIVE,
        unit_id=unit_id,
        now=now,
        data={
            "channel": channel,
            "presented": list(presented_document_ids),
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
        }
        | _submitter_data(dossier),
    )
    save_uploads(dossier, documents, kind=DocumentKind.COMPONENT, actor=officer, event=event)
    return dossier


@transaction.atomic
def _record_presented(
    *,
    officer: User,
    unit: Unit,
    procedure: Procedure,
    channel: str,
    presented: Sequence[int],
    applicant: dict[str, str],
    details: dict[str, Any],
) -> Dossier:
    """A dossier handed in at the counter and not received: code and history (status 1), no clock, no register."""
    fields = _counter_applicant(applicant)
    unit_id = _counter_unit(officer=officer, unit=unit, procedure=procedure, channel=channel, action=Action.PRESENT)
    now = timezone.now()
    dossier = _new_dossier(
        procedure=procedure,
        unit=unit,
        channel=channel,
        status=S.SUBMITTED,
        now=now,
        applicant=fields | details,
    )
    dossier.submitted_at = now
    engine.record_creation(
        dossier=dossier,
        actor=officer,
        action=Action.PRESENT,
        unit_id=unit_id,
        now=now,
        data={"channel": channel, "presented": [int(pk) for pk in presented]} | _submitter_data(dossier),
    )
    return dossier


@transaction.atomic
def dossier_request_supplement_at_counter(
    *,
    officer: User,
    unit: Unit,
    procedure: Procedure,
    channel: str = Channel.COUNTER,
    presented_document_ids: Sequence[int] = (),
    extra_items: Sequence[str] = (),
    result_delivery: str = DeliveryMethod.COUNTER,
    result_address: str = "",
    sets_count: int = 1,
    **applicant: str,
) -> Dossier:
    """Form 02 at the counter (ND 61/2018 art 17.1(b)): the incomplete dossier is recorded with its code and
    every missing item listed at once — the mandatory components not presented plus `extra_items` (e.g. a
    document to redo). When the applicant brings the supplement back, the same dossier continues
    (`dossier_supplement_received`, then `dossier_receive`, which starts the clock).

    `applicant`: `applicant_name` and optionally the other `APPLICANT_FIELDS`."""
    missing = [doc.name[:200] for doc in dossier_missing_documents(procedure, presented_document_ids)]
    items = [*missing, *(item.strip() for item in extra_items if item.strip())]
    dossier = _record_presented(
        officer=officer,
        unit=unit,
        procedure=procedure,
        channel=channel,
        presented=presented_document_ids,
        applicant=applicant,
        details=_intake_details(
            result_delivery=result_delivery,
            result_address=result_address,
            applicant_address=applicant.get("applicant_address", ""),
            sets_count=sets_count,
        ),
    )
    return dossier_request_supplement(officer=officer, dossier=dossier, expected_version=dossier.version, items=items)


@transaction.atomic
def dossier_refuse_at_counter(
    *,
    officer: User,
    unit: Unit,
    procedure: Procedure,
    reason: str,
    channel: str = Channel.COUNTER,
    presented_document_ids: Sequence[int] = (),
    **applicant: str,
) -> Dossier:
    """Form 03 at the counter (ND 61/2018 art 17.1(c)): the refused dossier is recorded with its code, the
    reason and its history (status 3), so the refusal can be printed and looked up later.

    `applicant`: `applicant_name` and optionally the other `APPLICANT_FIELDS`."""
    _guard(Action.REFUSE_RECEPTION, workflow.Facts(status=S.SUBMITTED, now=timezone.now(), reason=reason or ""))
    dossier = _record_presented(
        officer=officer,
        unit=unit,
        procedure=procedure,
        channel=channel,
        presented=presented_document_ids,
        applicant=applicant,
        details={},
    )
    return dossier_refuse_reception(officer=officer, dossier=dossier, expected_version=dossier.version, reason=reason)


def dossier_receive(
    *, officer: User, dossier: Dossier, expected_version: int | None, presented_document_ids: Sequence[int] = ()
) -> Dossier:
    """Accept an online dossier after checking it (ND 61/2018 art 17.2): status 2, the clock starts."""

    def facts(d: Dossier, now: dt.datetime, cal: object) -> dict[str, Any]:
        return {"missing_documents": _missing_documents(d, presented_document_ids)}

    def mutate(ctx: engine.Context) -> None:
        mutations.receive(ctx, engine.STORE)

    return act(Action.RECEIVE, officer, dossier, expected_version, facts=facts, mutate=mutate)


def dossier_refuse_reception(*, officer: User, dossier: Dossier, expected_version: int | None, reason: str) -> Dossier:
    """Form 03, Phiếu từ chối tiếp nhận (ND 61/2018 art 17.1(c)): status 3."""

    return act(
        Action.REFUSE_RECEPTION, officer, dossier, expected_version, reason=reason, mutate=mutations.refuse_reception
    )


def dossier_request_supplement(
    *, officer: User, dossier: Dossier, expected_version: int | None, items: Sequence[str], reason: str = ""
) -> Dossier:
    """Form 02: every missing item at once (ND 61/2018 arts 15, 17); after appraisal began, only within 3
    working days (art 19.3) — the clock then restarts from zero when the complete dossier arrives (art 19.4)."""
    items = tuple(item.strip() for item in items if item.strip())

    def facts(d: Dossier, now: dt.datetime, cal: object) -> dict[str, Any]:
        return {"supplement_items": items}

    def mutate(ctx: engine.Context) -> None:
        mutations.request_supplement(ctx, items)

    return act(
        Action.REQUEST_SUPPLEMENT,
        officer,
        dossier,
        expected_version,
        reason=reason or "; ".join(items),
        facts=facts,
        mutate=mutate,
    )


def dossier_supplement_received(
    *, officer: User, dossier: Dossier, expected_version: int | None, documents: Sequence[Upload] = ()
) -> Dossier:
    """The applicant completed the dossier: back to where it was; the clock restarts if appraisal had begun."""
    check_uploads(documents)

    def after(d: Dossier, event: DossierEvent) -> None:
        save_uploads(d, documents, kind=DocumentKind.SUPPLEMENT, actor=officer, event=event)

    return act(
        Action.SUPPLEMENT_RECEIVED,
        officer,
        dossier,
        expected_version,
        mutate=mutations.supplement_received,
        after=after,
    )
