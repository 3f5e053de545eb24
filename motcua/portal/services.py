"""Writes of the portal: drafts of online applications, and their submission as dossiers."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.dossiers import applicant as dossier_applicant
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DeliveryMethod
from motcua.dossiers.documents import Upload

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
def application_submit(*, user, procedure, data: dict, documents: list[Upload]):
    """Submit online (ND 61/2018 art 16.3 — dossier status 1, code assigned) and close the draft."""
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
    )
    application.status = ApplicationStatus.SUBMITTED
    application.dossier = dossier
    application.save(update_fields=["status", "dossier"])
    return dossier


def supplement_submit(*, user, dossier, expected_version: int, uploads: list[Upload], note: str = ""):
    """The citizen answers a supplement request online (ND 61/2018 art 15): checked uploads, one event."""
    return dossier_applicant.dossier_supplement_by_applicant(
        applicant=user, dossier=dossier, expected_version=expected_version, documents=uploads, note=note
    )


@transaction.atomic
def postal_result_request(*, user, dossier, expected_version: int, address: str):
    """Result by the public postal service: recorded on the dossier (one event) and on the online application."""
    dossier = dossier_applicant.dossier_request_postal_result(
        applicant=user, dossier=dossier, expected_version=expected_version, address=address
    )
    OnlineApplication.objects.filter(dossier=dossier, user=user).update(
        delivery_method=DeliveryMethod.POST, postal_address=dossier.result_address, updated_at=timezone.now()
    )
    return dossier
