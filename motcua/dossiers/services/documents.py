"""Uploads of dossier components and results: type by magic bytes, size limit, checksum, private storage path;
and files added to an online filing before it is received (`dossier_attach_documents`).

ND 45/2020 and TT 01/2023 art 8: digitised components and e-results are kept with their integrity; we keep a
SHA-256 of every file and store it under a random name (`models.document_path`), never the applicant's name.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.files.base import File
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from .. import engine
from ..choices import Action, Channel, DocumentKind
from ..errors import DocumentRejected, DossierError, DossierPermissionDenied
from ..models import Dossier, DossierDocument, DossierEvent

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

    from ..engine import Context
    from ..policy import Actor

logger = logging.getLogger("motcua.dossiers.documents")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf", {"pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {"jpg", "jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {"png"}),
)


@dataclass(frozen=True)
class Upload:
    """A file to attach: the uploaded file, its display name and what it is."""

    file: File[Any]
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


def check_upload(upload: File[Any], *, filename: str | None = None) -> CheckedFile:
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


def save_uploads(
    dossier: Dossier, uploads: Sequence[Upload], *, kind: str, actor: Actor, event: DossierEvent | None = None
) -> list[DossierDocument]:
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


MAX_ATTACHED_FILES = 20


def _filed_by(actor: Actor, dossier: Dossier) -> bool:
    """Whether `actor` is the account that filed `dossier` online (the actor of its `submit` event)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return dossier.events.filter(seq=1, action=Action.SUBMIT, actor_id=actor.pk).exists()


def dossier_attach_documents(
    *, actor: Actor, dossier: Dossier, expected_version: int | None, documents: Sequence[Upload], note: str = ""
) -> Dossier:
    """Add files to a dossier filed online and not received yet (status 1, "mới nộp"), before the one-stop unit
    checks it (ND 61/2018 art 16.3 and 17.2: the online dossier is checked as a whole when it is received).

    Allowed to the applicant (their own account) and to the system account that filed the dossier through the
    API (`dossier_submit(filed_by=…)`); officers receive or ask for a supplement instead. The files pass the
    same checks as every upload (`check_upload`: type by magic bytes, size limit, SHA-256) before anything is
    written, and arrive with one history event (`attach_documents`, no status change) through the engine."""
    if not documents:
        raise DossierError(_("Attach at least one file."), code="documents_required")
    if len(documents) > MAX_ATTACHED_FILES:
        raise DossierError(_("Send at most %(n)s files at once.") % {"n": MAX_ATTACHED_FILES}, code="too_many_files")
    by_applicant = bool(dossier.applicant_user_id) and dossier.applicant_user_id == getattr(actor, "pk", None)
    if not by_applicant and not _filed_by(actor, dossier):
        raise DossierPermissionDenied()
    if dossier.channel != Channel.ONLINE:
        raise DossierError(_("Documents can be added this way only to a dossier filed online."), code="not_online")
    check_uploads(documents)

    def mutate(ctx: Context) -> None:
        ctx.data.update(files=len(documents), by="applicant" if by_applicant else "system")

    def after(d: Dossier, event: DossierEvent) -> None:
        save_uploads(d, documents, kind=DocumentKind.COMPONENT, actor=actor, event=event)

    dossier, _event = engine.apply_action(
        dossier_id=dossier.pk,
        actor=actor,
        action=Action.ATTACH_DOCUMENTS,
        expected_version=expected_version,
        reason=(note or "").strip()[:1000],
        mutate=mutate,
        after=after,
        applicant=by_applicant,
    )
    logger.info("dossier.attach_documents", extra={"dossier_id": dossier.pk, "files": len(documents)})
    return dossier


DOWNLOAD_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class StoredFile(Protocol):
    """A model row holding a private file (a dossier document, a data-store file, a reform evidence …)."""

    @property
    def file(self) -> FieldFile: ...


def file_response(stored: StoredFile, *, stem: str | None = None, filename: str | None = None) -> FileResponse:
    """Every private file download (officer console, citizen portal, data store, API, reform evidence): a stored
    file (`stored.file`, `stored.content_type` when the model keeps one) as an attachment that no shared cache keeps
    and no browser sniffs. Named `<stem>.<extension of its checked type>`, or `filename` as given.

    Callers check who may read the file first; files are never served from a public media URL.
    """
    content_type = getattr(stored, "content_type", None)
    if filename is None:
        filename = f"{stem}.{DOWNLOAD_EXTENSIONS.get(content_type or '', 'bin')}"
    extra = {"content_type": content_type or "application/octet-stream"} if hasattr(stored, "content_type") else {}
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=filename, **extra)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
