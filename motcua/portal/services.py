"""Writes of the portal: drafts of online applications, and their submission as dossiers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.datastore import services as datastore_services
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DeliveryMethod, DocumentKind
from motcua.dossiers.services import Upload

from .models import ApplicationStatus, OnlineApplication

FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "subject",
    "delivery_method",
    "postal_address",
)


def application_draft_for(*, user, procedure) -> OnlineApplication | None:
    return OnlineApplication.objects.filter(user=user, procedure=procedure, status=ApplicationStatus.DRAFT).first()


@transaction.atomic
def application_save_draft(*, user, procedure, data: dict) -> OnlineApplication:
    """Keep what the citizen typed (files are not kept in a draft: they are chosen again when submitting)."""
    application = application_draft_for(user=user, procedure=procedure) or OnlineApplication(
        user=user, procedure=procedure
    )
    for name in FIELDS:
        setattr(application, name, data.get(name) or "")
    application.receiving_unit = data.get("receiving_unit")
    application.updated_at = timezone.now()
    application.save()
    return application


@transaction.atomic
def application_submit(*, user, procedure, data: dict, documents: list[Upload], stored=()):
    """Submit online (ND 61/2018 art 16.3 — dossier status 1, code assigned) and close the draft.

    `stored`: (stored document id, required document) pairs taken from the personal data store instead of an
    upload; each becomes a component of the new dossier and a recorded reuse (766 indicator 4.3/4.4)."""
    application = application_save_draft(user=user, procedure=procedure, data=data)
    dossier = dossier_services.dossier_submit(
        procedure=procedure,
        receiving_unit=data["receiving_unit"],
        applicant_name=data["applicant_name"],
        applicant_phone=data["applicant_phone"],
        applicant_email=data.get("applicant_email") or "",
        applicant_address=data["applicant_address"],
        applicant_id_number=data.get("applicant_id_number") or "",
        applicant_user=user,
        subject=data.get("subject") or "",
        documents=documents,
        submitter={name: data.get(name) or "" for name in dossier_services.SUBMITTER_FIELDS},
    )
    submitted = dossier.events.order_by("seq").first()
    for stored_id, required in stored:
        datastore_services.stored_document_reuse(
            user=user, dossier=dossier, stored_document_id=stored_id, required_document=required, event=submitted
        )
    application.status = ApplicationStatus.SUBMITTED
    application.dossier = dossier
    application.save(update_fields=["status", "dossier"])
    return dossier


@transaction.atomic
def supplement_submit(*, user, dossier, expected_version: int, uploads: list[Upload], stored_ids=(), note: str = ""):
    """The citizen answers a supplement request online (ND 61/2018 art 15): checked uploads and documents from
    the personal data store (each reuse recorded), one event."""
    reused = [
        datastore_services.stored_document_reuse(
            user=user, dossier=dossier, stored_document_id=pk, kind=DocumentKind.SUPPLEMENT
        ).document
        for pk in stored_ids
    ]
    return dossier_services.dossier_supplement_by_applicant(
        applicant=user, dossier=dossier, expected_version=expected_version, documents=uploads, reused=reused, note=note
    )


@transaction.atomic
def postal_result_request(*, user, dossier, expected_version: int, address: str):
    """Result by the public postal service: recorded on the dossier (one event) and on the online application."""
    dossier = dossier_services.dossier_request_postal_result(
        applicant=user, dossier=dossier, expected_version=expected_version, address=address
    )
    OnlineApplication.objects.filter(dossier=dossier, user=user).update(
        delivery_method=DeliveryMethod.POST, postal_address=dossier.result_address, updated_at=timezone.now()
    )
    return dossier
