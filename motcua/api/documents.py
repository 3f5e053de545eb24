"""Document upload on a dossier, its results with their e-result codes, and the e-result check.

Uploads go through the same checks as the console and the portal (`dossiers.services.check_upload`: type by
magic bytes, size limit, SHA-256) and through the dossier services, so the unit, role, workflow and version
checks are the officers'. Signed e-results and their verification come from `motcua.esign` (docs/esign.md).
"""

from __future__ import annotations

import hashlib
import json

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile
from ninja.errors import HttpError

from motcua.core import ratelimit
from motcua.dossiers import services
from motcua.dossiers.choices import DocumentKind, DossierStatus
from motcua.dossiers.errors import DocumentRejected
from motcua.dossiers.selectors import dossier_get_for_officer
from motcua.dossiers.services import Upload, check_upload, dossier_attach_documents, file_response, max_upload_bytes
from motcua.esign.selectors import signed_result_by_code, signed_result_by_sha256, trust_roots
from motcua.esign.verification import PdfRefused, verify_pdf
from motcua.esign.views import verify_limit

from .auth import need
from .dossiers import ERRORS, IDEMPOTENCY_KEY, run_once
from .dossiers import router as dossiers_router
from .presenters import dossier_json, result_out, verification_out
from .schemas import DossierOut, ErrorOut, ResultOut, VerificationOut

router = Router(tags=["results"])
UPLOAD_ERRORS = {**ERRORS, 413: ErrorOut, 415: ErrorOut}
PDF_MAGIC = b"%PDF-"


def _sha256(value: str) -> str:
    value = (value or "").strip().lower()
    if len(value) != 64 or any(char not in "0123456789abcdef" for char in value):
        raise HttpError(422, _("A checksum must be 64 hexadecimal characters (SHA-256)."))
    return value


# On the dossiers router: GET of the same path lists the documents, and one path belongs to one router.
@dossiers_router.post("/dossiers/{code}/documents", response={200: DossierOut, **UPLOAD_ERRORS}, tags=["documents"])
def dossier_documents_upload(
    request,
    code: str,
    response: HttpResponse,
    file: File[list[UploadedFile]],
    expected_version: Form[int],
    sha256: Form[list[str]] = None,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """Send documents (multipart: one or more `file`, the `expected_version`, and optionally one `sha256` per
    file, in the same order). The files are checked as in the console (PDF, JPEG or PNG by content, size limit:
    413, 415) and stored with their checksum.

    - A dossier awaiting a supplement: the requested documents; the dossier returns to where it was (ND 61/2018
      art 15, 17; the clock restarts if appraisal had begun, art 19.4).
    - A dossier this client filed and that is not received yet (`submitted`): files added to the filing, one
      `attach_documents` event, the status stays (art 16.3, 17.2); another client's filing: 403."""
    token = need(request, "dossiers:write")
    officer = token.client.user
    dossier = dossier_get_for_officer(officer=officer, code=code)
    if not file:
        raise HttpError(422, _("Attach at least one file."))
    if len(file) > 20:
        raise HttpError(422, _("Send at most 20 files at once."))
    claimed = [_sha256(value) for value in sha256 or ()]
    if claimed and len(claimed) != len(file):
        raise HttpError(422, _("Give one checksum per file, in the same order, or none."))
    checked = [check_upload(upload, filename=upload.name) for upload in file]
    for index, (expected, actual) in enumerate(zip(claimed, checked, strict=False)):
        if expected != actual.sha256:
            raise DocumentRejected(
                _("File %(n)s arrived damaged: its checksum does not match.") % {"n": index + 1},
                code="checksum_mismatch",
            )
    uploads = [Upload(file=upload, name=upload.name or "") for upload in file]

    def call() -> tuple[int, dict]:
        if dossier.status == DossierStatus.SUBMITTED:
            updated = dossier_attach_documents(
                actor=officer, dossier=dossier, expected_version=expected_version, documents=uploads
            )
        else:
            updated = services.dossier_supplement_received(
                officer=officer, dossier=dossier, expected_version=expected_version, documents=uploads
            )
        return 200, dossier_json(updated)

    canonical = json.dumps(
        {
            "expected_version": expected_version,
            "files": [[u.name, c.sha256] for u, c in zip(file, checked, strict=True)],
        }
    ).encode()
    return run_once(request, response, token=token, key=idempotency_key, call=call, body=canonical)


def _result_documents(dossier):
    return dossier.documents.filter(kind=DocumentKind.RESULT).select_related("signed_result", "dossier").order_by("id")


@router.get("/dossiers/{code}/results", response={200: list[ResultOut], **ERRORS})
def dossier_results(request, code: str):
    """The dossier's result files, with their e-result codes (KQ…) and, for e-results signed by the system, the
    signer and signing time (ND 45/2020 art 25: the e-result has the value of the paper one)."""
    token = need(request, "dossiers:read")
    dossier = dossier_get_for_officer(officer=token.client.user, code=code)
    return [result_out(document) for document in _result_documents(dossier)]


@router.get("/dossiers/{code}/results/{result_code}", response={200: None, **ERRORS})
def dossier_result_download(request, code: str, result_code: str):
    """The result file (the signed PDF for an e-result) by its e-result code."""
    token = need(request, "dossiers:read")
    dossier = dossier_get_for_officer(officer=token.client.user, code=code)
    document = _result_documents(dossier).filter(result_code=(result_code or "").strip().upper()).first()
    if document is None or not document.file:
        raise Http404
    return file_response(document, stem=document.result_code)


def _pdf_bytes(upload: UploadedFile) -> bytes:
    if not upload.size:
        raise HttpError(422, _("The file is empty."))
    if upload.size > max_upload_bytes():
        raise HttpError(413, _("The file is too large."))
    upload.seek(0)
    if not upload.read(len(PDF_MAGIC)).startswith(PDF_MAGIC):
        raise HttpError(415, _("Only PDF files can be checked."))
    upload.seek(0)
    return upload.read()


@router.post(
    "/results/verify",
    response={200: VerificationOut, **UPLOAD_ERRORS, 503: ErrorOut},
)
def result_verify(request, file: File[UploadedFile] = None, code: Form[str] = ""):
    """Check an e-result (ND 45/2020 art 14(4)), as on the public verification page: upload the PDF (`file`) or
    give its e-result code (`code`, the registered file is checked). The answer says whether the signature is
    valid, the file unchanged and the signer trusted, and whether the system issued this file."""
    token = need(request, "status:read")
    # Each check runs a sandboxed child process: a per-client budget on top of the token's rate limit.
    client = f"{token.client_id}|{ratelimit.client_ip(request)}"
    if ratelimit.is_limited("verify-api", client, limit=verify_limit()):
        raise HttpError(429, _("Too many checks from this client; retry in a few minutes."))
    ratelimit.record_attempt("verify-api", client, limit=verify_limit())
    code = (code or "").strip()
    if (file is None) == (not code):
        raise HttpError(422, _("Send either a PDF file or an e-result code."))
    if file is not None:
        data = _pdf_bytes(file)
        registered = signed_result_by_sha256(sha256=hashlib.sha256(data).hexdigest())
    else:
        if len(code) > 80:
            raise HttpError(422, _("An e-result code has at most 80 characters."))
        registered = signed_result_by_code(code=code)
        if registered is None:
            raise Http404
        with registered.document.file.open("rb") as handle:
            data = handle.read()
    try:
        result = verify_pdf(data, roots=trust_roots())
    except PdfRefused as refusal:
        raise HttpError(refusal.status, refusal.message) from None
    return verification_out(result, registered)
