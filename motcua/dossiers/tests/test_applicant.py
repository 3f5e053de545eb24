"""The applicant's own online actions: one event each with the applicant as actor, only on their own dossier."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.choices import Action, DeliveryMethod, DocumentKind, DossierStatus
from motcua.dossiers.errors import (
    DocumentRejected,
    DossierError,
    DossierPermissionDenied,
    StaleDossier,
    TransitionNotAllowed,
)
from motcua.dossiers.services import Upload

from .factories import vn

pytestmark = pytest.mark.django_db
S = DossierStatus
PDF = b"%PDF-1.4\n% test\n"


def citizen(username: str):
    return user_create(username=username, password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


@pytest.fixture
def an(db):
    return citizen("an")


def submitted_by(world, user):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        return services.dossier_submit(
            procedure=world.procedure,
            receiving_unit=world.one_stop,
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",
            applicant_user=user,
        )


def awaiting_supplement(world, user):
    dossier = submitted_by(world, user)
    return world.act(
        services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 2, 10, 0),
        officer=world.counter,
        items=["Giấy chứng sinh bản chính"],
    )


def pdf(name="giay-chung-sinh.pdf", content=PDF):
    return Upload(file=SimpleUploadedFile(name, content, content_type="application/pdf"), name=name)


def test_applicant_withdraws_own_dossier_as_one_event_with_the_applicant_as_actor(world, an):
    dossier = submitted_by(world, an)

    dossier = services.dossier_withdraw_by_applicant(
        applicant=an, dossier=dossier, expected_version=dossier.version, reason="Không còn nhu cầu"
    )

    event = dossier.events.order_by("-seq").first()
    assert dossier.status == S.WITHDRAW_REQUESTED
    assert (event.action, event.actor, event.unit_id, event.data["by"]) == (
        Action.REQUEST_WITHDRAWAL,
        an,
        None,
        "applicant",
    )


def test_another_citizen_cannot_withdraw_the_dossier(world, an):
    dossier = submitted_by(world, an)
    other = citizen("binh")

    with pytest.raises(DossierPermissionDenied):
        services.dossier_withdraw_by_applicant(applicant=other, dossier=dossier, expected_version=dossier.version)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.events.count()) == (S.SUBMITTED, 1)


def test_an_officer_cannot_use_the_applicant_path(world, an):
    dossier = submitted_by(world, an)

    with pytest.raises(DossierPermissionDenied):
        services.dossier_withdraw_by_applicant(
            applicant=world.counter, dossier=dossier, expected_version=dossier.version
        )


def test_dossier_without_an_account_cannot_be_acted_on_online(world, an):
    dossier = world.dossier_in(S.SUBMITTED)

    with pytest.raises(DossierPermissionDenied):
        services.dossier_withdraw_by_applicant(applicant=an, dossier=dossier, expected_version=dossier.version)


def test_withdrawal_of_a_returned_result_is_refused_by_the_workflow(world, an):
    dossier = submitted_by(world, an)
    dossier = world.act(
        services.dossier_refuse_reception,
        dossier,
        at=vn(2026, 3, 2, 10),
        officer=world.counter,
        reason="Không thuộc thẩm quyền",
    )

    with pytest.raises(TransitionNotAllowed):
        services.dossier_withdraw_by_applicant(applicant=an, dossier=dossier, expected_version=dossier.version)


def test_stale_version_is_refused(world, an):
    dossier = submitted_by(world, an)

    with pytest.raises(StaleDossier):
        services.dossier_withdraw_by_applicant(applicant=an, dossier=dossier, expected_version=dossier.version - 1)


def test_supplement_upload_returns_the_dossier_and_keeps_the_files(world, an):
    dossier = awaiting_supplement(world, an)

    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        dossier = services.dossier_supplement_by_applicant(
            applicant=an, dossier=dossier, expected_version=dossier.version, documents=[pdf()]
        )

    event = dossier.events.order_by("-seq").first()
    document = dossier.documents.get()
    assert dossier.status == S.SUBMITTED
    assert (event.action, event.actor) == (Action.SUPPLEMENT_RECEIVED, an)
    assert (document.kind, document.event, document.uploaded_by, document.content_type) == (
        DocumentKind.SUPPLEMENT,
        event,
        an,
        "application/pdf",
    )


def test_supplement_with_a_file_that_is_not_a_pdf_is_refused_before_anything_is_written(world, an):
    dossier = awaiting_supplement(world, an)
    version = dossier.version

    with pytest.raises(DocumentRejected):
        services.dossier_supplement_by_applicant(
            applicant=an, dossier=dossier, expected_version=version, documents=[pdf(content=b"MZ\x90 not a pdf")]
        )

    dossier.refresh_from_db()
    assert (dossier.status, dossier.version, dossier.documents.count()) == (S.AWAITING_SUPPLEMENT, version, 0)


def test_supplement_without_files_is_refused(world, an):
    dossier = awaiting_supplement(world, an)

    with pytest.raises(DossierError) as error:
        services.dossier_supplement_by_applicant(applicant=an, dossier=dossier, expected_version=dossier.version)

    assert error.value.code == "documents_required"


def test_supplement_is_only_possible_while_documents_are_requested(world, an):
    dossier = submitted_by(world, an)

    with pytest.raises(TransitionNotAllowed):
        services.dossier_supplement_by_applicant(
            applicant=an, dossier=dossier, expected_version=dossier.version, documents=[pdf()]
        )


def test_postal_request_records_the_address_without_changing_the_status(world, an):
    dossier = submitted_by(world, an)

    dossier = services.dossier_request_postal_result(
        applicant=an, dossier=dossier, expected_version=dossier.version, address="Số 5 Lê Lợi, phường Hạc Thành"
    )

    event = dossier.events.order_by("-seq").first()
    assert (dossier.status, dossier.result_delivery, dossier.result_address) == (
        S.SUBMITTED,
        DeliveryMethod.POST,
        "Số 5 Lê Lợi, phường Hạc Thành",
    )
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        services.REQUEST_POSTAL_RESULT,
        an,
        S.SUBMITTED,
        S.SUBMITTED,
    )


def test_postal_request_needs_an_address(world, an):
    dossier = submitted_by(world, an)

    with pytest.raises(DossierError) as error:
        services.dossier_request_postal_result(applicant=an, dossier=dossier, expected_version=1, address=" ")

    assert error.value.code == "address_required"


def test_postal_request_after_the_dossier_is_closed_is_refused_and_leaves_no_event(world, an):
    dossier = submitted_by(world, an)
    dossier = world.act(
        services.dossier_refuse_reception,
        dossier,
        at=vn(2026, 3, 2, 10),
        officer=world.counter,
        reason="Không thuộc thẩm quyền",
    )
    events = dossier.events.count()

    with pytest.raises(DossierError) as error:
        services.dossier_request_postal_result(
            applicant=an, dossier=dossier, expected_version=dossier.version, address="Số 5 Lê Lợi, phường Hạc Thành"
        )

    assert (error.value.code, dossier.events.count()) == ("postal_not_allowed", events)


def test_another_citizen_cannot_redirect_the_result(world, an):
    dossier = submitted_by(world, an)

    with pytest.raises(DossierPermissionDenied):
        services.dossier_request_postal_result(
            applicant=citizen("binh"), dossier=dossier, expected_version=dossier.version, address="Số 9 phố Huế, Hà Nội"
        )


def test_actions_offered_follow_the_status(world, an):
    dossier = awaiting_supplement(world, an)

    assert services.applicant_actions(dossier=dossier) == {
        Action.REQUEST_WITHDRAWAL,
        Action.SUPPLEMENT_RECEIVED,
        services.REQUEST_POSTAL_RESULT,
    }
