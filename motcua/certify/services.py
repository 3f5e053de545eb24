"""Certify an electronic copy from the scanned original: one keyword-only service in one transaction.

Rules (sources in models.py and fees.py): the officer must serve at the certifying unit; the scans are JPEG or
PNG pages (type and size checked like every dossier upload, at most `MAX_PAGES`); the copy is signed with the
unit's credential (motcua.esign, PAdES); the book number is the next of the unit's book for the year (Vietnam
day), unique in the database; the copy goes to the requester's personal data store for reuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.accounts.selectors import officer_unit_ids
from motcua.datastore.choices import StoredKind
from motcua.datastore.services import stored_document_add
from motcua.dossiers.errors import DocumentRejected
from motcua.dossiers.services import check_upload
from motcua.esign.selectors import signing_credential_for_unit
from motcua.esign.signing import CredentialError, load_signer, sign_pdf, signer_display_name
from motcua.sso.models import ExternalIdentity
from motcua.units.models import Unit
from motcua.workdays.calendar import VN_TZ

from .fees import certified_copy_fee
from .models import CertifiedCopy
from .render import CopyContent, render_copy

logger = logging.getLogger("motcua.certify")
CERTIFYING_ROLES = (Role.COUNTER_OFFICER, Role.UNIT_LEADER, Role.ONE_STOP_MANAGER, Role.ADMINISTRATOR)
MAX_PAGES = 20
IMAGE_TYPES = {"image/jpeg", "image/png"}
RETRIES = 5
ID_NUMBER = re.compile(r"\d{9}|\d{12}")  # the form's rule: citizen identity card (12) or old identity card (9)


def can_certify(officer, unit_id: int) -> bool:
    if not (officer.is_authenticated and officer.is_active):
        return False
    return officer.is_superuser or unit_id in officer_unit_ids(officer=officer, roles=CERTIFYING_ROLES)


def _read_scans(scans) -> tuple[list[bytes], str]:
    if not scans:
        raise ValidationError({"scans": _("Attach the scanned pages of the original.")})
    if len(scans) > MAX_PAGES:
        raise ValidationError({"scans": _("At most %(n)s pages per copy.") % {"n": MAX_PAGES}})
    pages, digest = [], hashlib.sha256()
    for scan in scans:
        try:
            checked = check_upload(scan, filename=getattr(scan, "name", ""))
        except DocumentRejected as error:
            raise ValidationError({"scans": str(error)}) from error
        if checked.content_type not in IMAGE_TYPES:
            raise ValidationError({"scans": _("Scan each page as a JPEG or PNG image.")})
        scan.seek(0)
        data = scan.read()
        digest.update(data)
        pages.append(data)
    return pages, digest.hexdigest()


def _citizen_account(id_number: str) -> User | None:
    """The active citizen account for which the identity provider verified this identification number (motcua.sso,
    the ID token's number claim), if any. The number a citizen types in their profile is not proof: anyone could
    type another person's number and receive their copies. The answer never leaves the service (issue 21: whether
    a person has an account is not the certifying officer's to learn)."""
    identity = (
        ExternalIdentity.objects.filter(id_number=id_number, user__kind=UserKind.CITIZEN, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return identity.user if identity is not None else None


def _store_for_owner(copy: CertifiedCopy, owner: User) -> None:
    """The copy in its owner's personal data store, by reference to the book's file (no second file)."""
    stored_document_add(
        owner=owner,
        kind=StoredKind.CERTIFIED_COPY,
        title=f"Bản sao điện tử chứng thực — {copy.title}",
        file_name=copy.file.name,
        content_type="application/pdf",
        size=copy.size,
        sha256=copy.sha256,
        result_code=copy.book_reference,
    )


def certified_copy_issue(
    *,
    officer,
    unit: Unit,
    requester_name: str,
    id_number: str,
    title: str,
    scans,
    now: dt.datetime | None = None,
) -> CertifiedCopy:
    """Make, sign, register and store the electronic copy of an original scanned at the counter.

    The book records the requester as read from their identity paper (ND 23/2015/NĐ-CP art. 13, the
    certification book; art. 20: the requester shows their identity paper). When a citizen account has that
    identification number the copy is linked to it and put in its data store; nothing in the answer (result,
    errors, their order) depends on whether such an account exists."""
    now = now or timezone.now()
    if not can_certify(officer, unit.pk):
        raise PermissionDenied(_("You do not certify copies for this unit."))
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Name the paper being certified.")})
    requester_name = " ".join((requester_name or "").split())
    if not requester_name:
        raise ValidationError({"requester_name": _("Enter the requester's full name as on their identity paper.")})
    id_number = (id_number or "").strip()
    if not ID_NUMBER.fullmatch(id_number):
        raise ValidationError({"id_number": _("Enter 12 digits (or 9 for an old identity card).")})
    pages, original_sha256 = _read_scans(scans)
    owner = _citizen_account(id_number)
    credential = signing_credential_for_unit(unit=unit)
    if credential is None:
        raise ValidationError(_("No signing certificate is configured for this unit."))
    try:
        signer = load_signer(credential)
    except CredentialError as error:
        logger.error("certify.credential_unusable", extra={"credential_id": credential.pk})
        raise ValidationError(_("The unit's signing certificate cannot be used.")) from error
    local = now.astimezone(VN_TZ)
    fee = certified_copy_fee(len(pages))
    signer_name = signer_display_name(signer)
    for _attempt in range(RETRIES):
        try:
            with transaction.atomic():
                list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))
                last = CertifiedCopy.objects.filter(unit=unit, year=local.year).aggregate(n=Max("number"))["n"] or 0
                copy = CertifiedCopy(
                    unit=unit,
                    year=local.year,
                    number=last + 1,
                    title=title[:255],
                    pages=len(pages),
                    fee=fee,
                    requester_name=requester_name[:200],
                    requester_id_number=id_number,
                    owner=owner,
                    officer=officer,
                    signer_name=signer_name,
                    original_sha256=original_sha256,
                    issued_at=now,
                )
                content = CopyContent(
                    agency=unit.name,
                    parent_agency=unit.parent.name if unit.parent_id else "",
                    title=copy.title,
                    book_reference=copy.book_reference,
                    pages=len(pages),
                    fee=fee,
                    issued_on=local.date(),
                    signature_lines=(f"Ký số bởi: {signer_name}", f"Ngày ký: {local:%d/%m/%Y %H:%M}"),
                )
                rendered = render_copy(content, pages)
                signed = sign_pdf(
                    rendered.pdf,
                    signer=signer,
                    box=rendered.signature_box,
                    reason=f"Chứng thực bản sao điện tử {copy.book_reference}",
                    location=unit.name,
                )
                copy.size = len(signed.pdf)
                copy.sha256 = hashlib.sha256(signed.pdf).hexdigest()
                copy.file.save(f"chung-thuc-{copy.year}-{copy.number}.pdf", ContentFile(signed.pdf), save=False)
                copy.save()
                if owner is not None:
                    _store_for_owner(copy, owner)
        except IntegrityError:
            continue
        logger.info("certify.copy_issued", extra={"copy_id": copy.pk, "unit_id": unit.pk, "pages": len(pages)})
        return copy
    raise ValidationError(_("The certification book is busy, please try again."))


@transaction.atomic
def certified_copies_link(*, user: User, id_number: str) -> int:
    """Link to `user` the copies of the book whose requester has the identification number `id_number` and that no
    account holds yet, and put each in the account's personal data store (ND 45/2020/NĐ-CP: data the State holds
    is not asked again; TT 01/2023 art 24: e-certified copies belong in the store). Returns how many were linked.

    Only for a number the account did not type itself: the caller is the one place an account receives a verified
    number, the identity provider's claim at sign-in (motcua.sso.services.identity_sign_in; VNeID level of
    assurance, ND 69/2024/NĐ-CP). A number typed in the profile (accounts.user_profile_update) is never used, or
    anyone could claim another person's copies. Idempotent: a linked copy is never linked again, so a second
    sign-in adds nothing; a copy another account already holds stays there. The book entry is not changed."""
    if not (user.is_active and user.kind == UserKind.CITIZEN and ID_NUMBER.fullmatch(id_number or "")):
        return 0
    copies = list(
        CertifiedCopy.objects.select_for_update()
        .filter(requester_id_number=id_number, owner__isnull=True)
        .order_by("issued_at", "pk")
    )
    for copy in copies:
        copy.owner = user
        copy.save(update_fields=["owner"])
        _store_for_owner(copy, user)
    if copies:
        logger.info("certify.copies_linked", extra={"user_id": user.pk, "count": len(copies)})
    return len(copies)
