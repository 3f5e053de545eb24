"""Writes of the personal data store: collect a dossier's e-results and digitised components into the
applicant's store, and reuse a stored document in a new dossier (recorded for the 766 indicator 4.3/4.4)."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import DocumentKind
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, DossierDocument

from .choices import StoredKind
from .models import DocumentReuse, StoredDocument
from .selectors import stored_documents_for

logger = logging.getLogger("motcua.datastore")


def _collectable(dossier: Dossier):
    """E-results always; components only once received (checked by an officer: TT 01/2023 art 8 digitisation)."""
    documents = dossier.documents.exclude(file="").select_related("required_document")
    results = documents.filter(kind=DocumentKind.RESULT)
    if dossier.received_at is None:
        return list(results)
    components = documents.filter(
        kind__in=[DocumentKind.COMPONENT, DocumentKind.SUPPLEMENT], digitised=True, reuse__isnull=True
    )
    return list(results) + list(components)


@transaction.atomic
def stored_documents_collect(*, dossier: Dossier) -> list[StoredDocument]:
    """Copy (by reference, same file and checksum) the dossier's e-results and digitised components into the
    store of its applicant account; idempotent. Dossiers without an account are left alone."""
    if dossier.applicant_user_id is None:
        return []
    have = set(
        StoredDocument.objects.filter(owner_id=dossier.applicant_user_id, source_dossier=dossier).values_list(
            "source_document_id", flat=True
        )
    )
    created = []
    for document in _collectable(dossier):
        if document.pk in have:
            continue
        is_result = document.kind == DocumentKind.RESULT
        title = document.required_document.name if document.required_document_id else document.name
        created.append(
            StoredDocument(
                owner_id=dossier.applicant_user_id,
                kind=StoredKind.RESULT if is_result else StoredKind.COMPONENT,
                title=(f"{dossier.procedure.name} — {document.name}" if is_result else title)[:255],
                file=document.file.name,
                content_type=document.content_type,
                size=document.size,
                sha256=document.sha256,
                result_code=document.result_code,
                source_dossier=dossier,
                source_document=document,
                required_document=document.required_document,
            )
        )
    try:
        with transaction.atomic():
            StoredDocument.objects.bulk_create(created)
    except IntegrityError:  # a concurrent collection stored them first
        return []
    if created:
        logger.info("datastore.collected", extra={"dossier_id": dossier.pk, "count": len(created)})
    return created


def stored_document_reuse(
    *,
    user,
    dossier: Dossier,
    stored_document_id: int,
    required_document=None,
    event=None,
    kind: str = DocumentKind.COMPONENT,
) -> DocumentReuse:
    """Attach a stored document to `dossier` as a component instead of an upload, and record the reuse.

    Only the owner's own, still valid documents can be used (`selectors.stored_documents_for`); the dossier
    must be the same account's. The component is flagged digitised, as it comes from the data store."""
    if dossier.applicant_user_id != getattr(user, "pk", None):
        raise DossierError(_("This dossier is not yours."), code="not_owner")
    stored = stored_documents_for(user=user).filter(pk=stored_document_id).first()
    if stored is None:
        raise DossierError(_("This stored document is not available."), code="stored_missing")
    with transaction.atomic():
        document = DossierDocument.objects.create(
            dossier=dossier,
            event=event,
            kind=kind,
            required_document=required_document,
            name=stored.title[:255],
            file=stored.file.name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            digitised=True,
            uploaded_by=user,
        )
        reuse = DocumentReuse.objects.create(
            dossier=dossier, stored_document=stored, required_document=required_document, document=document
        )
    logger.info("datastore.reused", extra={"dossier_id": dossier.pk, "stored_id": stored.pk})
    return reuse


def stored_document_add(
    *, owner, kind: str, title: str, file_name: str, content_type: str, size: int, sha256: str, result_code: str = ""
) -> StoredDocument:
    """Put a signed electronic paper issued outside a dossier into its owner's store (e.g. an electronic copy
    certified from the original, motcua.certify), by reference to the stored file, for reuse in later dossiers
    (TT 01/2023 art 24 lists e-certified copies among the store's contents)."""
    document = StoredDocument.objects.create(
        owner=owner,
        kind=kind,
        title=title[:255],
        file=file_name,
        content_type=content_type,
        size=size,
        sha256=sha256,
        result_code=result_code,
    )
    logger.info("datastore.added", extra={"stored_document_id": document.pk, "kind": kind})
    return document
