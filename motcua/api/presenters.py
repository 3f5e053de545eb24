"""Plain dicts of domain rows for the API's output schemas."""

from __future__ import annotations

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent

# The status labels by value (lazy: translated into the active language when read). `get_status_display()` gave the
# same text but rebuilt a dict of every choice on each call (~0.3 ms of an API intake's CPU, issue 20).
_STATUS_LABELS = dict(DossierStatus.choices)


def status_label(value: str) -> str:
    """What `Dossier.get_status_display()` says for `value` (the value itself if it is not a status)."""
    return str(_STATUS_LABELS.get(value, value))


def unit_ref(unit) -> dict:
    return {"code": unit.e_identifier or unit.code, "name": unit.name}


def dossier_out(dossier: Dossier) -> dict:
    return {
        "code": dossier.code,
        "external_system": dossier.external_system,
        "external_code": dossier.external_code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "receiving_unit": unit_ref(dossier.receiving_unit),
        "current_unit": unit_ref(dossier.current_unit),
        "channel": dossier.channel,
        "status": dossier.status,
        "status_label": status_label(dossier.status),
        "national_status": dossier.national_status,
        "version": dossier.version,
        "applicant_name": dossier.applicant_name,
        "subject": dossier.subject,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "committed_due_at": dossier.committed_due_at,
        "finished_at": dossier.finished_at,
        "outcome": dossier.outcome,
        "delivered_at": dossier.delivered_at,
    }


def dossier_json(dossier: Dossier) -> dict:
    """`dossier_out` with datetimes as ISO strings, for storing as an idempotent response."""
    return as_json(dossier_out(dossier))


def status_out(dossier: Dossier) -> dict:
    return {
        "code": dossier.code,
        "procedure_name": dossier.procedure.name,
        "status": dossier.status,
        "status_label": status_label(dossier.status),
        "national_status": dossier.national_status,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "delivered_at": dossier.delivered_at,
    }


def event_out(event: DossierEvent) -> dict:
    return {
        "seq": event.seq,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "unit": (event.unit.e_identifier or event.unit.code) if event.unit_id else None,
        "reason": event.reason,
        "created_at": event.created_at,
    }


def document_out(document: DossierDocument) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "name": document.name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "result_code": document.result_code,
        "created_at": document.created_at,
    }


def result_out(document: DossierDocument) -> dict:
    signed = getattr(document, "signed_result", None)
    return {
        "id": document.pk,
        "name": document.name,
        "result_code": document.result_code,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "created_at": document.created_at,
        "signed": signed is not None,
        "signer": signed.signer_name if signed else "",
        "signed_at": signed.signed_at if signed else None,
        "download_path": f"/api/v1/dossiers/{document.dossier.code}/documents/{document.pk}",
    }


def verification_out(result, registered) -> dict:
    """`result`: esign.verification.VerificationResult; `registered`: the SignedResult the file matches, or None."""
    return {
        "verdict": result.verdict,
        "verdict_label": str(result.verdict_label),
        "signer": result.signer,
        "signed_at": result.signed_at,
        "intact": result.intact,
        "trusted": result.trusted,
        "covers_whole_file": result.covers_whole_file,
        "registered": registered is not None,
        "result_code": registered.result_code if registered else "",
        "dossier_code": registered.dossier.code if registered else "",
        "procedure_name": registered.dossier.procedure.name if registered else "",
    }


def feedback_out(feedback) -> dict:
    """A PAKN's public facts: never the sender's contact details."""
    return {
        "code": feedback.code,
        "kind": feedback.kind,
        "subject": feedback.subject,
        "unit": unit_ref(feedback.unit),
        "procedure_code": feedback.procedure.code if feedback.procedure_id else None,
        "title": feedback.title,
        "status": feedback.status,
        "status_label": str(feedback.get_status_display()),
        "received_at": feedback.received_at,
        "answer_due_at": feedback.answer_due_at,
        "reject_reason": feedback.reject_reason,
        "info_request": feedback.info_request,
        "answer": feedback.answer,
        "answered_at": feedback.answered_at,
        "published_at": feedback.published_at,
    }


def as_json(body: dict) -> dict:
    """Datetimes as ISO strings, for storing a response as an idempotent answer."""
    return {
        key: value.isoformat().replace("+00:00", "Z") if hasattr(value, "isoformat") else value
        for key, value in body.items()
    }
