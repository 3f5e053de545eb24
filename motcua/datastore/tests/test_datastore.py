"""The personal data store: filled from e-results and checked components, offered to the owner only, reuse
recorded and counted for the 766 indicator 4.3/4.4."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.datastore import selectors, services
from motcua.datastore.choices import StoredKind
from motcua.datastore.models import DocumentReuse, StoredDocument
from motcua.dossiers import services as dossier_services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.services import Upload
from motcua.dossiers.tests.factories import World, vn

pytestmark = pytest.mark.django_db(transaction=True)  # the store is filled after commit
PDF = b"%PDF-1.4\n% test\n"


def citizen(username: str):
    return user_create(username=username, password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


def pdf(name: str) -> Upload:
    return Upload(file=SimpleUploadedFile(name, PDF, content_type="application/pdf"), name=name)


@pytest.fixture
def world():
    return World(online_level="full")


@pytest.fixture
def an():
    return citizen("an")


def submit(world, user, *, at=None, uploads=()):
    documents = list(world.procedure.documents.order_by("order"))
    files = uploads or [
        Upload(file=SimpleUploadedFile("to-khai.pdf", PDF), name="to-khai.pdf", required_document_id=documents[0].pk),
        Upload(file=SimpleUploadedFile("cs.pdf", PDF), name="cs.pdf", required_document_id=documents[1].pk),
    ]
    with time_machine.travel(at or vn(2026, 3, 2, 9, 0), tick=False):
        return dossier_services.dossier_submit(
            procedure=world.procedure,
            receiving_unit=world.one_stop,
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",
            applicant_user=user,
            documents=files,
        )


def deliver_with_result(world, dossier):
    dossier = world.act(dossier_services.dossier_receive, dossier, at=vn(2026, 3, 2, 10), officer=world.counter)
    dossier = world.act(
        dossier_services.dossier_forward,
        dossier,
        at=vn(2026, 3, 2, 11),
        officer=world.counter,
        to_units=[world.department],
    )
    dossier = world.act(dossier_services.dossier_appraise, dossier, at=vn(2026, 3, 3, 9), officer=world.specialist)
    dossier = world.act(dossier_services.dossier_approve, dossier, at=vn(2026, 3, 3, 10), officer=world.leader)
    return world.act(
        dossier_services.dossier_sign,
        dossier,
        at=vn(2026, 3, 3, 11),
        officer=world.leader,
        results=[pdf("trich-luc-khai-sinh.pdf")],
    )


def test_submitted_components_are_not_stored_before_an_officer_receives_them(world, an):
    submit(world, an)

    assert not StoredDocument.objects.exists()


def test_received_components_and_signed_e_result_fill_the_applicants_store(world, an):
    dossier = deliver_with_result(world, submit(world, an))

    stored = StoredDocument.objects.filter(owner=an)
    result = stored.get(kind=StoredKind.RESULT)
    source = dossier.documents.get(kind="result")
    assert sorted(stored.values_list("kind", flat=True)) == ["component", "component", "result"]
    assert (result.file.name, result.sha256, result.result_code) == (
        source.file.name,
        source.sha256,
        source.result_code,
    )
    assert result.source_dossier == dossier


def test_collecting_twice_stores_nothing_new(world, an):
    dossier = deliver_with_result(world, submit(world, an))

    assert services.stored_documents_collect(dossier=dossier) == []
    assert StoredDocument.objects.count() == 3


def test_dossier_without_an_account_fills_no_store(world):
    world.dossier_in("result_ready")

    assert not StoredDocument.objects.exists()


def test_reuse_attaches_the_stored_file_and_is_recorded(world, an):
    deliver_with_result(world, submit(world, an))
    stored = StoredDocument.objects.get(kind=StoredKind.RESULT)
    required = world.procedure.documents.order_by("order")[1]
    new = submit(world, an, at=vn(2026, 3, 9, 9), uploads=[pdf("to-khai-2.pdf")])

    reuse = services.stored_document_reuse(
        user=an, dossier=new, stored_document_id=stored.pk, required_document=required
    )

    component = new.documents.get(required_document=required)
    assert (reuse.document, reuse.stored_document, reuse.required_document) == (component, stored, required)
    assert (component.file.name, component.sha256, component.digitised) == (stored.file.name, stored.sha256, True)


def test_another_citizen_cannot_reuse_someone_elses_document(world, an):
    deliver_with_result(world, submit(world, an))
    stored = StoredDocument.objects.get(kind=StoredKind.RESULT)
    binh = citizen("binh")
    dossier_of_binh = submit(world, binh, at=vn(2026, 3, 9, 9))

    with pytest.raises(DossierError) as error:
        services.stored_document_reuse(user=binh, dossier=dossier_of_binh, stored_document_id=stored.pk)

    assert error.value.code == "stored_missing"
    assert not DocumentReuse.objects.exists()


def test_a_document_cannot_be_reused_in_someone_elses_dossier(world, an):
    deliver_with_result(world, submit(world, an))
    stored = StoredDocument.objects.get(kind=StoredKind.RESULT)
    dossier_of_binh = submit(world, citizen("binh"), at=vn(2026, 3, 9, 9))

    with pytest.raises(DossierError) as error:
        services.stored_document_reuse(user=an, dossier=dossier_of_binh, stored_document_id=stored.pk)

    assert error.value.code == "not_owner"


def test_expired_documents_are_not_offered(world, an):
    deliver_with_result(world, submit(world, an))
    StoredDocument.objects.filter(kind=StoredKind.RESULT).update(valid_until=dt.date(2026, 3, 31))

    offered = selectors.stored_documents_for(user=an, today=dt.date(2026, 4, 1))

    assert sorted(offered.values_list("kind", flat=True)) == ["component", "component"]


def test_reused_component_is_not_stored_a_second_time(world, an):
    deliver_with_result(world, submit(world, an))
    stored = StoredDocument.objects.get(kind=StoredKind.RESULT)
    new = submit(world, an, at=vn(2026, 3, 9, 9), uploads=[pdf("to-khai-2.pdf")])
    services.stored_document_reuse(user=an, dossier=new, stored_document_id=stored.pk)

    world.act(
        dossier_services.dossier_receive,
        new,
        at=vn(2026, 3, 9, 10),
        officer=world.counter,
        presented_document_ids=world.all_documents(),
    )

    assert StoredDocument.objects.count() == 4  # 3 earlier + the new upload, not the reused copy


def test_reuse_rate_counts_received_dossiers_with_a_reused_component(world, an):
    deliver_with_result(world, submit(world, an))
    stored = StoredDocument.objects.get(kind=StoredKind.RESULT)
    new = submit(world, an, at=vn(2026, 3, 9, 9), uploads=[pdf("to-khai-2.pdf")])
    services.stored_document_reuse(user=an, dossier=new, stored_document_id=stored.pk)
    world.act(
        dossier_services.dossier_receive,
        new,
        at=vn(2026, 3, 9, 10),
        officer=world.counter,
        presented_document_ids=world.all_documents(),
    )

    rate = selectors.reuse_rate(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), unit_ids=[world.one_stop.pk])

    assert (rate.numerator, rate.denominator, rate.percent) == (1, 2, 50.0)


def test_reuse_rate_is_not_available_without_received_dossiers():
    rate = selectors.reuse_rate(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))

    assert (rate.denominator, rate.percent) == (0, None)
