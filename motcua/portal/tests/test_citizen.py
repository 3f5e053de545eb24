"""Online submission and "my dossiers": only one's own dossiers, uploads checked, drafts, receipt."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.portal.models import ApplicationStatus, OnlineApplication

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def citizen(name: str):
    return user_create(
        username=f"cd-{len(name)}-{name.split()[-1].encode().hex()}",
        password=None,
        kind=UserKind.CITIZEN,
        full_name=name,
        phone="0912345678",
    )


@pytest.fixture
def world():
    return World(online_level="full")


@pytest.fixture
def an(client):
    user = citizen("Nguyễn Văn An")
    client.force_login(user)
    return user


def submit_url(world) -> str:
    return f"/thu-tuc/{world.procedure.code}/nop-truc-tuyen/"


def form_data(world, **overrides) -> dict:
    documents = list(world.procedure.documents.order_by("order"))
    data = {
        "receiving_unit": world.one_stop.pk,
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912 345 678",
        "applicant_address": "Số 1, phường Ba Đình, Hà Nội",
        "delivery_method": "electronic",
        f"doc_{documents[0].pk}": SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf"),
        f"doc_{documents[1].pk}": SimpleUploadedFile("chung-sinh.png", PNG, content_type="image/png"),
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_the_citizen_sign_in(client, world):
    response = client.get(submit_url(world))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/ma-mot-lan/")


def test_procedure_without_online_service_has_no_submission_page(client, an):
    offline = World(online_level="none")

    assert client.get(submit_url(offline)).status_code == 404


def test_form_is_prefilled_from_the_account_and_lists_the_required_documents(client, world, an):
    response = client.get(submit_url(world))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nguyễn Văn An"' in html
    assert 'value="0912345678"' in html
    assert "Giấy chứng sinh" in html
    assert 'data-testid="fee"' in html


def test_partial_procedure_says_a_visit_is_needed(client, an):
    partial = World(online_level="partial")

    response = client.get(submit_url(partial))

    assert 'data-testid="partial-notice"' in response.content.decode()


def test_submitting_creates_the_dossier_with_uploads_and_shows_the_receipt(client, world, an):
    response = client.post(submit_url(world), form_data(world))

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ca-nhan/ho-so/{dossier.code}/?moi=1"
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.applicant_user == an
    assert dossier.documents.count() == 2
    application = OnlineApplication.objects.get()
    assert (application.status, application.dossier, application.delivery_method) == (
        ApplicationStatus.SUBMITTED,
        dossier,
        "electronic",
    )
    receipt = client.get(response["Location"]).content.decode()
    assert dossier.code in receipt
    assert "<svg" in receipt
    assert f"/tra-cuu/?ma={dossier.code}" in receipt


def test_missing_required_document_is_refused_and_nothing_is_created(client, world, an):
    first = world.procedure.documents.order_by("order").first()
    data = form_data(world)
    del data[f"doc_{first.pk}"]

    response = client.post(submit_url(world), data)

    assert response.status_code == 400
    assert f"doc_{first.pk}" in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_a_file_whose_content_is_not_a_pdf_is_refused(client, world, an):
    first = world.procedure.documents.order_by("order").first()
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(submit_url(world), form_data(world, **{f"doc_{first.pk}": fake}))

    assert response.status_code == 400
    assert response.context["form"].errors[f"doc_{first.pk}"]
    assert not Dossier.objects.exists()


def test_result_by_post_needs_an_address(client, world, an):
    response = client.post(submit_url(world), form_data(world, delivery_method="post"))

    assert response.status_code == 400
    assert "postal_address" in response.context["form"].errors


def test_draft_is_saved_without_files_and_filled_in_next_time(client, world, an):
    data = {"applicant_name": "Nguyễn Văn An", "applicant_address": "Thôn Đông", "save_draft": "1"}

    response = client.post(submit_url(world), data)
    page = client.get(submit_url(world)).content.decode()

    assert response.status_code == 302
    assert not Dossier.objects.exists()
    assert OnlineApplication.objects.get().status == ApplicationStatus.DRAFT
    assert 'value="Thôn Đông"' in page


def test_my_dossiers_lists_only_my_own(client, world, an):
    client.post(submit_url(world), form_data(world))
    mine = Dossier.objects.get()
    someone_else = world.dossier_in(DossierStatus.RECEIVED)

    response = client.get("/ca-nhan/ho-so/")

    html = response.content.decode()
    assert mine.code in html
    assert someone_else.code not in html


def test_another_citizens_dossier_and_files_answer_404(client, world, an):
    client.post(submit_url(world), form_data(world))
    dossier = Dossier.objects.get()
    document = dossier.documents.first()
    client.force_login(citizen("Trần Thị Bình"))

    assert client.get(f"/ca-nhan/ho-so/{dossier.code}/").status_code == 404
    assert client.get(f"/ca-nhan/ho-so/{dossier.code}/tep/{document.pk}/").status_code == 404
    assert dossier.code not in client.get("/ca-nhan/ho-so/").content.decode()


def test_a_counter_dossier_is_not_visible_to_a_citizen_who_knows_its_code(client, world, an):
    dossier = world.dossier_in(DossierStatus.RECEIVED)

    assert client.get(f"/ca-nhan/ho-so/{dossier.code}/").status_code == 404


def test_my_dossier_pages_need_sign_in(client, world):
    for url in ("/ca-nhan/ho-so/", "/ca-nhan/ho-so/H22.10-260302-0001/", "/ca-nhan/ho-so/H22.10-260302-0001/tep/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/tai-khoan/ma-mot-lan/")


def test_i_can_download_my_own_file(client, world, an):
    client.post(submit_url(world), form_data(world))
    dossier = Dossier.objects.get()
    document = dossier.documents.order_by("id").first()

    response = client.get(f"/ca-nhan/ho-so/{dossier.code}/tep/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"

    # the same private-download headers as the console and the API (one `file_response`): no shared cache keeps
    # a citizen's file, no browser sniffs it
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_filing_for_someone_else_records_the_authorised_person(client, world, an):
    """Form 01 of TT 03/2025 has an authorised-person block: the online form captures who files for whom."""
    data = form_data(
        world,
        applicant_name="Nguyễn Văn Bố",
        submitter_name="Nguyễn Văn An",
        submitter_id_number="001 090 012 345",
        submitter_phone="0912 345 678",
        submitter_authorisation="Giấy ủy quyền ngày 01/03/2026",
    )
    response = client.post(submit_url(world), data)

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.submitter_name) == ("Nguyễn Văn Bố", "Nguyễn Văn An")
    assert dossier.submitter_id_number == "001090012345"
    assert dossier.submitter_authorisation == "Giấy ủy quyền ngày 01/03/2026"
    assert dossier.events.get().data["on_behalf"] is True


def test_authorised_person_details_need_a_name(client, world, an):
    response = client.post(submit_url(world), form_data(world, submitter_phone="0912 345 678"))

    assert response.status_code == 400
    assert "submitter_name" in response.context["form"].errors
    assert "open" in response.content.decode().split('data-testid="submitter-block"')[1][:20]
    assert not Dossier.objects.exists()
