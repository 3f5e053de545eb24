"""Reusing documents of the personal data store in an online submission and a supplement."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.datastore.models import DocumentReuse
from motcua.datastore.tests.factories import StoredDocumentFactory
from motcua.dossiers import services
from motcua.dossiers.choices import DocumentKind, DossierStatus
from motcua.dossiers.models import Dossier

from .test_applicant_actions import citizen
from .test_citizen import PDF, an, form_data, submit_url, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_submission_form_offers_stored_documents_for_each_component(client, world, an):  # noqa: F811
    stored = StoredDocumentFactory(owner=an)

    html = client.get(submit_url(world)).content.decode()

    assert html.count(f">{stored.title}</option>") == world.procedure.documents.count()


def test_form_without_stored_documents_shows_only_uploads(client, world, an):  # noqa: F811
    StoredDocumentFactory(owner=citizen("binh"))

    html = client.get(submit_url(world)).content.decode()

    assert "stored-choice" not in html


def test_citizen_submits_with_a_stored_document_instead_of_an_upload(client, world, an):  # noqa: F811
    stored = StoredDocumentFactory(owner=an)
    second = world.procedure.documents.order_by("order")[1]
    data = form_data(world, **{f"stored_{second.pk}": str(stored.pk)})
    del data[f"doc_{second.pk}"]

    response = client.post(submit_url(world), data)

    dossier = Dossier.objects.get()
    reuse = DocumentReuse.objects.get()
    assert response.status_code == 302
    assert (reuse.dossier, reuse.stored_document, reuse.required_document) == (dossier, stored, second)
    assert dossier.documents.get(required_document=second).sha256 == stored.sha256
    assert reuse.document.event == dossier.events.get(seq=1)


def test_missing_component_without_upload_or_stored_document_is_an_error(client, world, an):  # noqa: F811
    StoredDocumentFactory(owner=an)
    second = world.procedure.documents.order_by("order")[1]
    data = form_data(world)
    del data[f"doc_{second.pk}"]

    response = client.post(submit_url(world), data)

    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_someone_elses_stored_document_cannot_be_chosen(client, world, an):  # noqa: F811
    StoredDocumentFactory(owner=an)
    foreign = StoredDocumentFactory(owner=citizen("binh"))
    second = world.procedure.documents.order_by("order")[1]
    data = form_data(world, **{f"stored_{second.pk}": str(foreign.pk)})
    del data[f"doc_{second.pk}"]

    response = client.post(submit_url(world), data)

    assert response.status_code == 400
    assert not DocumentReuse.objects.exists()


def test_supplement_answered_with_a_stored_document(client, world, an):  # noqa: F811
    stored = StoredDocumentFactory(owner=an)
    dossier = services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
        applicant_user=an,
        documents=[],
    )
    dossier = world.act(
        services.dossier_request_supplement, dossier, at=dossier.submitted_at, officer=world.counter, items=["Tờ khai"]
    )
    page = client.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()
    # The file input's line ("Đã chọn từ kho dữ liệu: …", motcua.js) reads the stored papers' checkboxes by this id.
    assert 'data-file-pick data-stored="id_bs-stored"' in page and '<div id="id_bs-stored">' in page
    assert "Đã chọn từ kho dữ liệu: {name}" in page and "Chọn tệp" in page

    client.post(
        f"/ca-nhan/ho-so/{dossier.code}/bo-sung/",
        {"bs-version": dossier.version, "bs-stored": [str(stored.pk)], "bs-files": [SimpleUploadedFile("a.pdf", PDF)]},
    )

    dossier.refresh_from_db()
    reused = DocumentReuse.objects.get().document
    assert dossier.status == DossierStatus.SUBMITTED
    assert (reused.kind, reused.event) == (DocumentKind.SUPPLEMENT, dossier.events.order_by("-seq").first())
