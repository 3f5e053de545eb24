"""Kho dữ liệu cá nhân: the signed-in citizen's stored documents (TT 01/2023 art 24) with where each was
reused. Reads go through `datastore.selectors.stored_documents_for`, so another account's document answers 404."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from motcua.datastore.models import DocumentReuse
from motcua.datastore.selectors import stored_documents_for
from motcua.dossiers.services import file_response

from .citizen import citizen_required


@never_cache
@citizen_required
def data_store(request: HttpRequest) -> HttpResponse:
    reuses = DocumentReuse.objects.select_related("dossier", "dossier__procedure").order_by("-created_at")
    documents = (
        stored_documents_for(user=request.user)
        .select_related("source_dossier", "source_dossier__procedure")
        .prefetch_related(Prefetch("reuses", queryset=reuses))
    )
    return render(request, "portal/data_store.html", {"documents": documents})


@never_cache
@citizen_required
def data_store_download(request: HttpRequest, document_id: int) -> FileResponse:
    document = stored_documents_for(user=request.user).filter(pk=document_id).first()
    if document is None:
        raise Http404
    return file_response(document, stem=f"{document.result_code or 'tai-lieu'}-{document.pk}")
