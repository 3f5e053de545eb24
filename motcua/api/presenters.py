"""Plain dicts of domain rows for the API's output schemas."""

from __future__ import annotations

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent


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
        "status_label": str(dossier.get_status_display()),
        "national_status": dossier.national_status,
        "version": dossier.version,
        "applicant_name": dossier.applicant_name,
        "subject": dossier.subject,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "outcome": dossier.outcome,
        "delivered_at": dossier.delivered_at,
    }


def dossier_json(dossier: Dossier) -> dict:
    """`dossier_out` with datetimes as ISO strings, for storing as an idempotent response."""
    return {
        key: value.isoformat().replace("+00:00", "Z") if hasattr(value, "isoformat") else value
        for key, value in dossier_out(dossier).items()
    }


def status_out(dossier: Dossier) -> dict:
    return {
        "code": dossier.code,
        "procedure_name": dossier.procedure.name,
        "status": dossier.status,
        "status_label": str(dossier.get_status_display()),
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
