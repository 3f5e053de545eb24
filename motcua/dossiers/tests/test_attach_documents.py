"""Files added to an online filing before reception: by its applicant or the system account that filed it, with
the upload checks, one `attach_documents` event (no status change) and nothing written when anything is refused."""

from __future__ import annotations

import hashlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import audit, services
from motcua.dossiers.choices import Action, DocumentKind, DossierStatus
from motcua.dossiers.errors import (
    DocumentRejected,
    DossierError,
    DossierPermissionDenied,
    StaleDossier,
    TransitionNotAllowed,
)
from motcua.dossiers.models import DossierDocument, DossierEvent
from motcua.dossiers.selectors import dossier_actions_for_officer
from motcua.dossiers.services import Upload, dossier_attach_documents

from .factories import officer_in, vn

pytestmark = pytest.mark.django_db
S = DossierStatus
PDF = b"%PDF-1.4\n% attached before reception\n"


def pdf(name="to-khai.pdf", content=PDF) -> Upload:
    return Upload(file=SimpleUploadedFile(name, content, content_type="application/pdf"), name=name)


@pytest.fixture
def an(db):
    return user_create(username="an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


@pytest.fixture
def portal_account(world):
    """A system account with the counter role, as an API client's service account is."""
    return officer_in(world.one_stop, Role.COUNTER_OFFICER)


def filed(world, *, applicant_user=None, filed_by=None):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        return services.dossier_submit(
            procedure=world.procedure,
            receiving_unit=world.one_stop,
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",
            applicant_user=applicant_user,
            filed_by=filed_by,
        )


def test_applicant_adds_a_file_before_reception_as_one_event_without_status_change(world, an):
    dossier = filed(world, applicant_user=an)

    dossier = dossier_attach_documents(actor=an, dossier=dossier, expected_version=1, documents=[pdf()], note=" x ")

    assert (dossier.status, dossier.version) == (S.SUBMITTED, 2)
    event = dossier.events.get(seq=2)
    assert (event.action, event.from_status, event.to_status, event.actor, event.reason) == (
        Action.ATTACH_DOCUMENTS,
        S.SUBMITTED,
        S.SUBMITTED,
        an,
        "x",
    )
    assert event.data["files"] == 1 and event.data["by"] == "applicant"
    document = dossier.documents.get()
    assert (document.kind, document.event, document.uploaded_by, document.content_type) == (
        DocumentKind.COMPONENT,
        event,
        an,
        "application/pdf",
    )
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert audit.verify_all().ok


def test_the_system_that_filed_it_may_add_files_but_another_counter_officer_may_not(world, portal_account):
    dossier = filed(world, filed_by=portal_account)
    assert dossier.events.get(seq=1).actor == portal_account

    with pytest.raises(DossierPermissionDenied):
        dossier_attach_documents(actor=world.counter, dossier=dossier, expected_version=1, documents=[pdf()])
    dossier = dossier_attach_documents(actor=portal_account, dossier=dossier, expected_version=1, documents=[pdf()])

    assert dossier.events.get(seq=2).data["by"] == "system"
    assert dossier.documents.get().uploaded_by == portal_account


def test_someone_else_anonymous_or_a_stale_version_writes_nothing(world, an):
    dossier = filed(world, applicant_user=an)
    other = user_create(username="binh", password=None, kind=UserKind.CITIZEN, full_name="Trần Bình")

    with pytest.raises(DossierPermissionDenied):
        dossier_attach_documents(actor=other, dossier=dossier, expected_version=1, documents=[pdf()])
    with pytest.raises(DossierPermissionDenied):
        dossier_attach_documents(actor=None, dossier=dossier, expected_version=1, documents=[pdf()])
    with pytest.raises(StaleDossier):
        dossier_attach_documents(actor=an, dossier=dossier, expected_version=7, documents=[pdf()])

    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert not DossierDocument.objects.exists()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (pdf("anh.pdf", b"\x89PNG\r\n\x1a\n0000"), "mismatch"),
        (pdf("ghi-chu.pdf", b"just text"), "bad_type"),
        (pdf("rong.pdf", b""), "empty"),
    ],
)
def test_a_bad_file_refuses_the_whole_call(world, an, upload, code):
    dossier = filed(world, applicant_user=an)

    with pytest.raises(DocumentRejected) as refused:
        dossier_attach_documents(actor=an, dossier=dossier, expected_version=1, documents=[pdf(), upload])

    assert refused.value.code == code
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert not DossierDocument.objects.exists()


def test_too_large_and_no_files_are_refused(world, an, settings):
    dossier = filed(world, applicant_user=an)
    settings.MOTCUA_UPLOAD_MAX_BYTES = 10

    with pytest.raises(DocumentRejected) as refused:
        dossier_attach_documents(actor=an, dossier=dossier, expected_version=1, documents=[pdf()])
    assert refused.value.code == "too_large"
    with pytest.raises(DossierError) as refused:
        dossier_attach_documents(actor=an, dossier=dossier, expected_version=1, documents=[])
    assert refused.value.code == "documents_required"


def test_only_before_reception(world, an):
    dossier = filed(world, applicant_user=an)
    dossier = world.act(
        services.dossier_receive,
        dossier,
        at=vn(2026, 3, 2, 10, 0),
        officer=world.counter,
        presented_document_ids=world.all_documents(),
    )

    with pytest.raises(TransitionNotAllowed) as refused:
        dossier_attach_documents(actor=an, dossier=dossier, expected_version=dossier.version, documents=[pdf()])

    assert refused.value.code == "not_allowed"
    assert not DossierDocument.objects.filter(kind=DocumentKind.COMPONENT).exists()


def test_a_dossier_presented_at_the_counter_takes_no_files_this_way(world):
    dossier = services.dossier_request_supplement_at_counter(
        officer=world.counter, unit=world.one_stop, procedure=world.procedure, applicant_name="Lê Văn Cường"
    )
    with pytest.raises(DossierPermissionDenied):
        dossier_attach_documents(
            actor=world.counter, dossier=dossier, expected_version=dossier.version, documents=[pdf()]
        )


def test_the_console_never_offers_it_to_officers(world, portal_account):
    dossier = filed(world, filed_by=portal_account)

    offered = {action for action, _unit in dossier_actions_for_officer(officer=portal_account, dossier=dossier)}

    assert Action.RECEIVE in offered
    assert Action.ATTACH_DOCUMENTS not in offered


def test_the_public_history_shows_the_added_files_as_one_line(world, an, client):
    """The applicant tracking the dossier (/tra-cuu/) sees that the files arrived, without officer details."""
    from motcua.dossiers.public import PUBLIC_EVENTS, public_events

    dossier = filed(world, applicant_user=an)
    dossier_attach_documents(actor=an, dossier=dossier, expected_version=1, documents=[pdf()])

    labels = [event.label for event in public_events(dossier.events.order_by("seq"))]
    assert labels == [str(PUBLIC_EVENTS[Action.SUBMIT]), str(PUBLIC_EVENTS[Action.ATTACH_DOCUMENTS])]
