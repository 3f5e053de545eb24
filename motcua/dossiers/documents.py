"""Uploads of dossier components and results: type by magic bytes, size limit, checksum, private storage path.

ND 45/2020 and TT 01/2023 art 8: digitised components and e-results are kept with their integrity; we keep a
SHA-256 of every file and store it under a random name (`models.document_path`), never the applicant's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

from .errors import DocumentRejected
from .models import DossierDocument

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", {"pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {"jpg", "jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {"png"}),
)


@dataclass(frozen=True)
class Upload:
    """A file to attach: the uploaded file, its display name and what it is."""

    file: File
    name: str = ""
    required_document_id: int | None = None
    digitised: bool = True


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload: File, *, filename: str | None = None) -> CheckedFile:
    """Accept PDF, JPEG and PNG whose content matches their extension, within the size limit."""
    filename = filename or getattr(upload, "name", "") or ""
    size = upload.size
    if not size:
        raise DocumentRejected(_("The file is empty."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise DocumentRejected(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    match = next((row for row in SIGNATURES if head.startswith(row[0])), None)
    if match is None:
        raise DocumentRejected(_("Only PDF, JPEG and PNG files are accepted."), code="bad_type")
    _magic, content_type, extensions = match
    if extension not in extensions:
        raise DocumentRejected(
            _("The file content does not match its extension “.%(ext)s”.") % {"ext": extension},
            code="mismatch",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(content_type=content_type, size=size, sha256=digest.hexdigest())


def check_uploads(uploads: Sequence[Upload]) -> list[CheckedFile]:
    """`check_upload` of every file, before anything is written (one bad file refuses the whole action)."""
    return [check_upload(upload.file, filename=upload.name or upload.file.name) for upload in uploads]


def save_uploads(dossier, uploads: Sequence[Upload], *, kind: str, actor, event=None) -> list:
    """Store each upload as a `DossierDocument` of `dossier` with its checked type, size and SHA-256, attached to
    the history `event` that brought it (inside the caller's transaction)."""
    saved = []
    for upload in uploads:
        checked = check_upload(upload.file, filename=upload.name or upload.file.name)
        document = DossierDocument(
            dossier=dossier,
            event=event,
            kind=kind,
            required_document_id=upload.required_document_id,
            name=(upload.name or upload.file.name or "")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            digitised=upload.digitised,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        document.file.save("upload", upload.file, save=False)
        document.save()
        saved.append(document)
    return saved
