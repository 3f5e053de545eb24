"""Writes of outreach sessions: plan, mark held or closed, and receive a dossier at a session.

Source of the rule: no stored legal text of the project describes outreach reception (tiếp nhận lưu động; the
shared reference has no passage on it); the feature follows issue 21 part 6. A dossier received at a session is
an ordinary counter reception of the centre (ND 61/2018 art 17; ND 118/2025 from 1/7/2025) through
`dossiers.services.dossier_receive_at_counter`, so its code, receipt, clock, history, rollups and sync are those
of any counter dossier; this app only adds the link to the session.

Offline intake: the laptop keeps what the officer filled in while offline and sends it later with a key it made
(a UUID). The key is claimed by inserting the link row in the same transaction as the dossier, through the project's one
idempotency rule (`motcua.core.idempotency.run_once`, also behind the API's Idempotency-Key): a replay — the
laptop did not hear the answer, or sent twice — returns the first answer and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.idempotency import run_once
from motcua.dossiers.choices import Channel
from motcua.dossiers.services import Upload, dossier_receive_at_counter
from motcua.units.selectors import today_in_vietnam
from motcua.workdays.calendar import VN_TZ

from . import access, selectors
from .choices import INTAKE_OPEN, NEXT_STATUS, SessionStatus
from .models import OutreachIntake, OutreachSession

KEY_RE = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class OutreachError(Exception):
    """A refused intake, with a stable `code` and a translated message (the intake page shows it on the entry)."""

    def __init__(self, message: object, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


class IntakeConflict(OutreachError):
    """The same key came with a different submission (or from another officer or session)."""


# --- sessions -----------------------------------------------------------------------------------------------


@transaction.atomic
def session_plan(
    *,
    officer,
    centre,
    commune,
    place: str,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    officers: Iterable,
    procedures: Iterable,
    note: str = "",
) -> OutreachSession:
    """Plan a session of `centre` at `place` in `commune` on `day` between two times, with the officers sent and
    the services offered. Refuses (ValidationError per field): a unit the officer may not plan for, a commune
    outside the centre's province, an empty place, a past day, an empty or reversed time window, an officer
    who is not a reception officer of the centre, a procedure that is not a current commune-level one."""
    if not access.can_plan(officer, centre.pk):
        raise PermissionDenied(_("You may not plan outreach sessions for this unit."))
    errors: dict[str, list] = {}
    place = " ".join((place or "").split())
    if not place:
        errors.setdefault("place", []).append(_("Enter the place (hamlet, village, residential group)."))
    if commune is None or not selectors.commune_choices(centre=centre).filter(pk=commune.pk).exists():
        errors.setdefault("commune", []).append(_("Choose a commune of this unit's province."))
    if day < today_in_vietnam():
        errors.setdefault("day", []).append(_("A session cannot be planned for a day already past."))
    if ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The session must end after it starts."))
    officer_list = list(officers)
    allowed_officers = set(selectors.officer_choices(centre=centre).values_list("pk", flat=True))
    if not officer_list:
        errors.setdefault("officers", []).append(_("Choose at least one officer."))
    elif any(o.pk not in allowed_officers for o in officer_list):
        errors.setdefault("officers", []).append(_("Only the unit's reception officers can be sent to a session."))
    procedure_list = list(procedures)
    allowed_procedures = set(selectors.procedure_choices().values_list("pk", flat=True))
    if not procedure_list:
        errors.setdefault("procedures", []).append(_("Choose at least one service to offer."))
    elif any(p.pk not in allowed_procedures for p in procedure_list):
        errors.setdefault("procedures", []).append(_("Only current commune-level procedures can be offered."))
    if errors:
        raise ValidationError(errors)
    session = OutreachSession.objects.create(
        centre=centre,
        commune=commune,
        place=place[:255],
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        note=(note or "").strip()[:500],
        planned_by=officer,
    )
    session.officers.set(officer_list)
    session.procedures.set(procedure_list)
    return session


@transaction.atomic
def session_mark(*, officer, session: OutreachSession, status: str) -> OutreachSession:
    """Move a session one step along planned → held → closed (no step back, no skipping)."""
    if not access.can_plan(officer, session.centre_id):
        raise PermissionDenied(_("You may not change this session."))
    session = OutreachSession.objects.select_for_update().get(pk=session.pk)
    if NEXT_STATUS.get(session.status) != status:
        raise ValidationError(
            _("A %(current)s session cannot become %(target)s.")
            % {"current": SessionStatus(session.status).label, "target": SessionStatus(status).label}
            if status in SessionStatus.values
            else _("Unknown status.")
        )
    now = timezone.now()
    session.status = status
    if status == SessionStatus.HELD:
        session.held_at = now
    if status == SessionStatus.CLOSED:
        session.closed_at = now
        if session.held_at is None:
            session.held_at = now
    session.save(update_fields=["status", "held_at", "closed_at"])
    return session


# --- intake at a session ------------------------------------------------------------------------------------


def submission_fingerprint(fields: Mapping[str, object]) -> str:
    """The hash a replay is compared with: the submitted fields, sorted, without the key and the CSRF token."""
    parts = []
    for name in sorted(fields):
        if name in ("csrfmiddlewaretoken", "key", "from_queue", "filled_at"):
            continue
        value = fields[name]
        values = value if isinstance(value, list | tuple) else [value]
        parts.append(name + "=" + "\x1f".join(sorted(str(v) for v in values)))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


MAX_FILES = 10  # scans of one dossier taken at a session


def files_fingerprint(files: Sequence, *, document_id: int | None = None) -> list[str]:
    """The SHA-256 of each attached file (sorted), for `submission_fingerprint`: a replay sends the same bytes in
    a new multipart body, so the files are compared by content, not by the body. A scan attached to a required
    document is hashed with it ("<document id>:<sha256>"): the same bytes under another document are another
    submission."""
    digests = []
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        digests.append(digest.hexdigest() if document_id is None else f"{document_id}:{digest.hexdigest()}")
    return sorted(digests)


def _check_documents(procedure, presented_document_ids: Sequence[int], documents: Sequence[Upload]) -> None:
    """The documents ticked as presented and the document each scan is attached to must be required documents
    (thành phần hồ sơ) of the very procedure version received: `RequiredDocument.procedure` is one version
    (catalog keeps one `Procedure` row per version), so a document of another procedure — or of an older
    version of the same one — is refused with the name of the problem, not stored under the wrong heading. A
    scan without a document (queued by an earlier version of the page) stays allowed, as an unassigned file."""
    own = set(procedure.documents.values_list("pk", flat=True))
    if any(int(pk) not in own for pk in presented_document_ids):
        raise OutreachError(_("A document ticked is not a required document of this procedure."), code="bad_document")
    if any(u.required_document_id is not None and u.required_document_id not in own for u in documents):
        raise OutreachError(
            _("A scan is attached to a document that is not a required document of this procedure."),
            code="bad_document",
        )


def _answer(dossier) -> dict:
    received = dossier.received_at or dossier.created_at
    return {
        "id": dossier.pk,
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "applicant": dossier.applicant_name,
        "received_at": received.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") if received else "",
        "due_at": dossier.due_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M") if dossier.due_at else "",
    }


def session_intake(
    *,
    officer,
    session: OutreachSession,
    key: str,
    request_hash: str,
    procedure,
    presented_document_ids: Sequence[int] = (),
    documents: Sequence[Upload] = (),
    from_queue: bool = False,
    filled_at: dt.datetime | None = None,
    **applicant: str,
) -> tuple[dict, bool]:
    """Receive one dossier at `session` once per `key`: (answer, replayed).

    The first call claims the key (the link row), receives the dossier at the centre's counter and stores the
    answer, all in one transaction: if the reception is refused (a missing document, no reception role), the
    claim rolls back with it and a corrected submission may reuse the key. A replay with the same key and the
    same fields returns the stored answer, whatever the session's status now. A first submission is refused
    when the session is closed, when the officer is not one of the session's officers, or when the procedure
    is not one of the services it offers. The first dossier received marks a planned session held. `documents`
    (scans taken at the session, kept by the laptop while offline) are checked and stored with the reception, in
    the same transaction, like any counter upload; their SHA-256 is part of `request_hash` (`files_fingerprint`).
    """
    key = (key or "").strip()
    if not KEY_RE.match(key):
        raise OutreachError(_("The submission key is missing or malformed."), code="bad_key")

    def receive(claim: OutreachIntake) -> dict:
        current = OutreachSession.objects.select_for_update().get(pk=session.pk)
        if current.status not in INTAKE_OPEN:
            raise OutreachError(
                _("This outreach session is closed: it no longer receives dossiers."), code="session_closed"
            )
        if not access.can_receive(officer, current):
            raise PermissionDenied(_("Only the officers sent to this session receive dossiers at it."))
        if procedure is None or not current.procedures.filter(pk=procedure.pk).exists():
            raise OutreachError(_("Choose one of the services offered at this session."), code="bad_procedure")
        _check_documents(procedure, presented_document_ids, documents)
        dossier = dossier_receive_at_counter(
            officer=officer,
            unit=current.centre,
            procedure=procedure,
            channel=Channel.COUNTER,
            presented_document_ids=presented_document_ids,
            documents=documents,
            **applicant,
        )
        claim.dossier = dossier
        claim.response_body = _answer(dossier)
        claim.received_at = timezone.now()
        claim.save(update_fields=["dossier", "response_body", "received_at"])
        if current.status == SessionStatus.PLANNED:
            current.status, current.held_at = SessionStatus.HELD, claim.received_at
            current.save(update_fields=["status", "held_at"])
        return claim.response_body

    return run_once(
        model=OutreachIntake,
        identity={"key": key},
        request_hash=request_hash,
        claim_fields={
            "session": session,
            "officer": officer,
            "from_queue": bool(from_queue),
            "filled_at": filled_at,
        },
        run=receive,
        replay=lambda existing: existing.response_body,
        # The key is the laptop's: the same key from another officer or session is not a replay.
        owned=lambda existing: existing.officer_id == officer.pk and existing.session_id == session.pk,
        conflict=lambda: IntakeConflict(
            _("This submission key was already used for another dossier. Fill in the form again."),
            code="key_conflict",
        ),
    )
