"""Requests of a data subject: export of everything held about a person, and erasure by anonymisation.

ND 13/2023/NĐ-CP on personal data protection gives the data subject the right to obtain (art. 9(1), art. 14)
and to have deleted (art. 9(6), art. 16) their personal data — except where a law requires keeping it
(art. 16(2)). Dossiers of administrative procedures and their history are records that must be archived
(ND 61/2018 art 25–26 as amended by ND 107/2021; Law on Archives; TT 01/2018 art 13), so erasure keeps every
dossier and event and replaces the identifying fields of the dossier (name, ID number, phone, e-mail, address)
with a placeholder, deactivates the account and removes the copies held in the personal data store. Events are
append-only and sealed by a hash chain (motcua.dossiers.audit): they are kept as they are.
Ratings are anonymous and hold no personal data.

Electronic certified copies (motcua.certify): the certification book is a register the certifying authority must
keep (ND 23/2015/NĐ-CP; the book, its numbering and its keeping are in art. 13 as recalled — NOT confirmed: the
search of the public reference corpora for this work found no text of the decree giving the article or the
retention period, so "kept permanently" is unverified; the national procedure records in shared/data/tthc/
bo-tu-phap confirm only that every certification is entered in the book, "ghi vào sổ chứng thực"). The export
lists the copies linked to the account and those whose requester's number is a number the identity provider
verified for the account (motcua.sso) — never the number typed in the profile, which anyone can type. Erasure
treats the book entry like the module treats the dossier's events and archived documents (kept as they are: the
requester's name and number are the register's content), deletes the copy in the personal data store (never
the book's file) and unlinks the entry from the anonymised account, so the account cannot be re-identified
through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from motcua.bundles.models import Bundle
from motcua.certify.models import CertifiedCopy
from motcua.datastore.models import StoredDocument
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.public import public_events
from motcua.feedback.models import Feedback
from motcua.sso.models import ExternalIdentity

PLACEHOLDER = "[đã ẩn danh / anonymised]"


class PersonalDataError(Exception):
    """A request that cannot be served; the message is one bilingual line."""


def _user(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise PersonalDataError(f"không có tài khoản '{username}' / no account '{username}'") from exc


def _dossiers(*, user=None, phone: str = ""):
    query = Q()
    if user is not None:
        query |= Q(applicant_user=user)
        if user.phone:
            query |= Q(applicant_phone=user.phone)
    if phone:
        query |= Q(applicant_phone=phone)
    return Dossier.objects.filter(query).select_related("procedure").order_by("received_at", "pk")


def _certified_copies(user):
    """Copies of the certification book held for `user`: linked to the account, or requested with a number the
    identity provider verified for it (ExternalIdentity.id_number; the profile's self-typed number is not used)."""
    verified = ExternalIdentity.objects.filter(user=user).exclude(id_number="").values_list("id_number", flat=True)
    query = Q(owner=user) | Q(requester_id_number__in=list(verified))
    return CertifiedCopy.objects.filter(query).select_related("unit").order_by("issued_at", "pk")


def personal_data_export(*, username: str = "", phone: str = "") -> dict:
    """Everything held about the person with account ``username`` or phone ``phone`` (ND 13/2023 art. 14)."""
    if not username and not phone:
        raise PersonalDataError("cần --user hoặc --phone / --user or --phone is required")
    user = _user(username) if username else get_user_model().objects.filter(phone=phone).first() if phone else None
    account = None
    stored, feedback, certified = [], [], []
    if user is not None:
        account = {
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone,
            "id_number": user.id_number,
            "address": user.address,
            "kind": user.kind,
            "is_active": user.is_active,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
        stored = [
            {
                "title": s.title,
                "kind": s.kind,
                "sha256": s.sha256,
                "size": s.size,
                "created_at": s.created_at.isoformat(),
            }
            for s in StoredDocument.objects.filter(owner=user).order_by("created_at", "pk")
        ]
        certified = [
            {
                "book_reference": c.book_reference,
                "certifying_unit": c.unit.name,
                "title": c.title,
                "pages": c.pages,
                "fee": c.fee,
                "requester": {"name": c.requester_name, "id_number": c.requester_id_number},
                "linked_to_account": c.owner_id == user.pk,
                "sha256": c.sha256,
                "issued_at": c.issued_at.isoformat(),
            }
            for c in _certified_copies(user)
        ]
    feedback_query = Q(sender=user) if user is not None else Q(pk__in=[])
    if phone:
        feedback_query |= Q(contact=phone)
    feedback = [
        {
            "code": f.code,
            "title": f.title,
            "content": f.content,
            "status": f.status,
            "answer": f.answer,
            "received_at": f.received_at.isoformat(),
        }
        for f in Feedback.objects.filter(feedback_query).order_by("received_at", "pk")
    ]
    dossiers = []
    for dossier in _dossiers(user=user, phone=phone):
        dossiers.append(
            {
                "code": dossier.code,
                "procedure": dossier.procedure.name,
                "status": dossier.status,
                "applicant": {
                    "name": dossier.applicant_name,
                    "id_number": dossier.applicant_id_number,
                    "phone": dossier.applicant_phone,
                    "email": dossier.applicant_email,
                    "address": dossier.applicant_address,
                },
                "submitted_on_behalf_by": {
                    "name": dossier.submitter_name,
                    "id_number": dossier.submitter_id_number,
                    "phone": dossier.submitter_phone,
                    "authorisation": dossier.submitter_authorisation,
                }
                if dossier.submitter_name
                else None,
                "events": [
                    {"at": e.at.isoformat(), "label": e.label, "items": list(e.items)}
                    for e in public_events(dossier.events.order_by("seq"))
                ],
                "documents": list(dossier.documents.order_by("pk").values_list("name", flat=True)),
            }
        )
    return {
        "account": account,
        "dossiers": dossiers,
        "stored_documents": stored,
        "certified_copies": certified,
        "feedback": feedback,
        "ratings": [],
    }


@dataclass(frozen=True)
class Erasure:
    dossiers: int
    stored_documents: int
    files_deleted: int
    feedback: int
    certified_copies: int = 0  # book entries unlinked from the account (kept: a legal register)


# What an anonymised dossier keeps of its applicant (erasure on request and retention purge alike); the dossier
# and its events stay (archive duties), so the event hash chain is untouched.
ANONYMISED_APPLICANT = {
    "applicant_name": PLACEHOLDER,
    "applicant_id_number": "",
    "applicant_phone": "",
    "applicant_email": "",
    "applicant_address": PLACEHOLDER,
    # the person who filed on the applicant's behalf (form 01's authorised-person block)
    "submitter_name": "",
    "submitter_id_number": "",
    "submitter_phone": "",
    "submitter_authorisation": "",
}


@transaction.atomic
def personal_data_delete(*, username: str) -> Erasure:
    """Anonymise the person behind ``username`` (ND 13/2023 art. 16; archive duties keep the dossiers)."""
    user = _user(username)
    dossiers = _dossiers(user=user)
    anonymised = dossiers.update(**ANONYMISED_APPLICANT)
    files_deleted = 0
    stored = list(StoredDocument.objects.filter(owner=user))
    for document in stored:
        name = document.file.name
        shared = bool(name) and (
            DossierDocument.objects.filter(file=name).exists()
            or CertifiedCopy.objects.filter(file=name).exists()  # the book's signed copy, a legal register
            or StoredDocument.objects.filter(file=name).exclude(owner=user).exists()
        )
        if name and not shared and document.file.storage.exists(name):
            document.file.storage.delete(name)  # a copy only the data store held
            files_deleted += 1
        document.delete()
    # a bundle of procedures (motcua.bundles) keeps the applicant's data once, beside its component dossiers
    Bundle.objects.filter(applicant_user=user).update(
        applicant_name=PLACEHOLDER,
        applicant_id_number="",
        applicant_phone="",
        applicant_email="",
        applicant_address=PLACEHOLDER,
    )
    feedback = Feedback.objects.filter(sender=user).update(contact_name="", contact="")
    # the certification book keeps its entries as they are (module docstring); only the link to the account goes
    certified = CertifiedCopy.objects.filter(owner=user).update(owner=None)
    # the number the identity provider verified: it would otherwise outlive the erasure (and it found the copies)
    ExternalIdentity.objects.filter(user=user).update(id_number="")
    user.username = f"anonymised-{user.pk}"  # citizen user names are often phone numbers
    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = ""
    user.id_number = ""
    user.address = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return Erasure(
        dossiers=anonymised,
        stored_documents=len(stored),
        files_deleted=files_deleted,
        feedback=feedback,
        certified_copies=certified,
    )
