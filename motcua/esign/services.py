"""Issue signed electronic results (ND 45/2020/NĐ-CP art 14; ND 30/2020 on agency digital signatures).

`eresult_issue` turns a dossier whose result was signed off by the unit leader (status `result_ready` or later)
into a PDF e-result in the official layout, signs it (PAdES) with the signing unit's credential and stores it as
the dossier's RESULT document with the code `<dossier code>-KQ<n>` — the same code `dossier_sign` gives to
uploaded results, so both kinds of e-result share one numbering and the citizen's data store collects them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import zoneinfo
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import DocumentKind
from motcua.dossiers.codes import result_code
from motcua.dossiers.errors import DossierError, DossierPermissionDenied
from motcua.dossiers.models import Dossier, DossierDocument

from .form_sheets import FormContent, render_form
from .models import SignedResult, SigningCredential
from .pdf import ResultContent, render_result
from .selectors import SIGNED_STATUSES, eresult_is_issuing_leader, eresult_signing_unit, signing_credential_for_unit
from .signing import CredentialError, load_signer, open_pkcs12, sign_pdf, signer_display_name

logger = logging.getLogger("motcua.esign")


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(getattr(settings, "MOTCUA_TIME_ZONE", "Asia/Ho_Chi_Minh")))


def _collect_into_data_store(dossier_id: int) -> None:
    from motcua.datastore.services import stored_documents_collect

    try:
        stored_documents_collect(dossier=Dossier.objects.select_related("procedure").get(pk=dossier_id))
    except Exception:  # the store is a convenience: never fail the issuing itself
        logger.exception("esign.datastore_collect_failed", extra={"dossier_id": dossier_id})


def verification_url(*, code: str = "", site_url: str = "") -> str:
    """The full address of the public verification page (`/xac-thuc/`, with `?ma=<code>` filled in) printed on
    e-results and signed forms: on `site_url`, else on the `MOTCUA_PUBLIC_URL` setting (relative without both)."""
    base = (site_url or getattr(settings, "MOTCUA_PUBLIC_URL", "") or "").rstrip("/")
    path = reverse("esign:verify")
    query = f"?{urlencode({'ma': code})}" if code else ""
    return f"{base}{path}{query}"


def signing_credential_create(*, unit, name: str, pkcs12: bytes, passphrase_env: str = "") -> SigningCredential:
    """Store a PKCS#12 file for `unit` (replacing its active credential) after checking that it opens."""
    open_pkcs12(pkcs12, passphrase_env=passphrase_env)  # fail now, not at the first signature
    with transaction.atomic():
        SigningCredential.objects.filter(unit=unit, is_active=True).update(is_active=False)
        credential = SigningCredential(unit=unit, name=name, passphrase_env=passphrase_env)
        credential.pkcs12.save("credential.p12", ContentFile(pkcs12), save=False)
        credential.save()
    logger.info("esign.credential_created", extra={"unit_id": unit.pk, "credential_id": credential.pk})
    return credential


def eresult_issue(
    *,
    dossier: Dossier,
    result_no: int,
    actor,
    decision: str = "",
    fields: Sequence[tuple[str, str]] = (),
    title: str = "",
    site_url: str = "",
) -> SignedResult:
    """Generate, sign and store e-result number `result_no` of `dossier`; idempotent per e-result code.

    Only a leader of the unit that signed the result off (the SIGN event's unit) may issue it. The page prints
    the full verification address (`verification_url`), built on `site_url` (the address the officer's request
    came to, e.g. `https://motcua.example.gov.vn`), else on the `MOTCUA_PUBLIC_URL` setting."""
    dossier = Dossier.objects.select_related("procedure", "receiving_unit").get(pk=dossier.pk)
    if dossier.status not in SIGNED_STATUSES:
        raise DossierError(_("The result has not been signed off yet."), code="not_signed")
    if result_no < 1:
        raise DossierError(_("The e-result number starts at 1."), code="bad_number")
    code = result_code(code=dossier.code, number=result_no)
    existing = SignedResult.objects.filter(result_code=code).first()
    if existing is not None:
        return existing
    if DossierDocument.objects.filter(result_code=code).exists():
        raise DossierError(_("This e-result code is already used by another result file."), code="code_taken")

    sign_event, unit = eresult_signing_unit(dossier=dossier)
    if not eresult_is_issuing_leader(officer=actor, unit=unit):
        raise DossierPermissionDenied()
    credential = signing_credential_for_unit(unit=unit)
    if credential is None:
        raise DossierError(_("No signing certificate is configured for this unit."), code="no_credential")
    try:
        signer = load_signer(credential)
    except CredentialError as exc:
        logger.error("esign.credential_unusable", extra={"credential_id": credential.pk, "error": str(exc)})
        raise DossierError(_("The unit's signing certificate cannot be used."), code="credential") from exc

    signer_name = signer_display_name(signer)
    now = timezone.now()
    local = _local(now)
    content = ResultContent(
        parent_agency=unit.parent.name if unit.parent_id else "",
        agency=unit.name,
        result_code=code,
        dossier_code=dossier.code,
        procedure=dossier.procedure.name,
        applicant=dossier.applicant_name,
        address=dossier.applicant_address,
        subject=dossier.subject,
        decision=decision,
        fields=list(fields),
        issued_on=local.date(),
        title=title or ResultContent.title,
        signature_lines=[f"Ký số bởi: {signer_name}", f"Ngày ký: {local:%d/%m/%Y %H:%M}"],
        verify_hint=(
            "Văn bản điện tử đã được ký số (Nghị định 45/2020/NĐ-CP). "
            f"Kiểm tra chữ ký tại: {verification_url(code=code, site_url=site_url)}"
        ),
    )
    rendered = render_result(content)
    signed = sign_pdf(
        rendered.pdf, signer=signer, box=rendered.signature_box, reason=f"Kết quả điện tử {code}", location=unit.name
    )
    digest = hashlib.sha256(signed.pdf).hexdigest()
    with transaction.atomic():
        document = DossierDocument(
            dossier=dossier,
            event=sign_event,
            kind=DocumentKind.RESULT,
            name=f"{content.title.capitalize()} {code}"[:255],
            content_type="application/pdf",
            size=len(signed.pdf),
            sha256=digest,
            digitised=True,
            result_code=code,
            uploaded_by=actor,
        )
        document.file.save(f"{code}.pdf", ContentFile(signed.pdf), save=False)
        document.save()
        signed_result = SignedResult.objects.create(
            dossier=dossier,
            document=document,
            result_code=code,
            credential=credential,
            signer_name=signer_name[:255],
            sha256=digest,
            signed_at=now,
            issued_by=actor,
        )
        if dossier.applicant_user_id is not None:
            transaction.on_commit(lambda: _collect_into_data_store(dossier.pk))
    logger.info("esign.issued", extra={"dossier_id": dossier.pk, "signed_result_id": signed_result.pk})
    return signed_result


def official_form_pdf(*, content: FormContent, unit, reason: str) -> tuple[bytes, bool]:
    """Forms 01–03 issued electronically (TT 03/2025/TT-VPCP Appendix I: "chữ ký số … nếu là biểu mẫu điện tử";
    TT 01/2018 art 10: forms kept in the system are digitally signed): the A5 sheet signed PAdES like an e-result,
    with the credential of `unit` (or its nearest ancestor that has one). Returns (PDF, signed); without a usable
    credential the sheet is returned unsigned, to be signed by hand."""
    credential = signing_credential_for_unit(unit=unit)
    signer = None
    if credential is not None:
        try:
            signer = load_signer(credential)
        except CredentialError as exc:
            logger.error("esign.credential_unusable", extra={"credential_id": credential.pk, "error": str(exc)})
    if signer is None:
        return render_form(content).pdf, False
    name = signer_display_name(signer)
    local = _local(timezone.now())
    signed_content = replace(content, signature_lines=[f"Ký số bởi: {name}", f"Ngày ký: {local:%d/%m/%Y %H:%M}"])
    rendered = render_form(signed_content)
    signed = sign_pdf(rendered.pdf, signer=signer, box=rendered.signature_box, reason=reason, location=unit.name)
    logger.info("esign.form_signed", extra={"unit_id": unit.pk, "bytes": len(signed.pdf)})
    return signed.pdf, True
