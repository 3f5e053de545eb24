"""The citizen's own actions on the dossier page: withdraw, supplement, result by post; nobody else's dossier."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.choices import DeliveryMethod, DocumentKind, DossierStatus
from motcua.dossiers.tests.factories import World

pytestmark = pytest.mark.django_db
S = DossierStatus
PDF = b"%PDF-1.4\n% test\n"


def citizen(username: str):
    return user_create(username=username, password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


@pytest.fixture
def world():
    return World(online_level="full")


@pytest.fixture
def an(client):
    user = citizen("an")
    client.force_login(user)
    return user


@pytest.fixture
def dossier(world, an):
    return services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
        applicant_address="Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội",
        applicant_user=an,
    )


def url(dossier, action: str) -> str:
    return f"/ca-nhan/ho-so/{dossier.code}/{action}/"


def test_dossier_page_offers_withdrawal_and_postal_result_while_open(client, dossier):
    html = client.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()

    assert 'data-testid="withdraw-form"' in html
    assert 'data-testid="postal-form"' in html
    assert 'data-testid="supplement-form"' not in html


def test_citizen_withdraws_own_dossier(client, dossier, an):
    response = client.post(url(dossier, "rut-ho-so"), {"rut-version": dossier.version, "rut-confirm": "on"})

    dossier.refresh_from_db()
    assert response.status_code == 302
    assert dossier.status == S.WITHDRAW_REQUESTED
    assert dossier.events.order_by("-seq").first().actor == an


def test_withdrawal_without_confirmation_changes_nothing(client, dossier):
    client.post(url(dossier, "rut-ho-so"), {"rut-version": dossier.version})

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_withdrawal_with_an_old_version_is_refused_with_a_message(client, dossier):
    response = client.post(
        url(dossier, "rut-ho-so"), {"rut-version": dossier.version + 5, "rut-confirm": "on"}, follow=True
    )

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert "message error" in response.content.decode()


def test_citizen_sends_requested_documents(client, world, dossier):
    dossier = world.act(
        services.dossier_request_supplement, dossier, at=dossier.submitted_at, officer=world.counter, items=["Tờ khai"]
    )
    assert 'data-testid="supplement-form"' in client.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()

    client.post(
        url(dossier, "bo-sung"),
        {"bs-version": dossier.version, "bs-files": [SimpleUploadedFile("to-khai.pdf", PDF)]},
    )

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert dossier.documents.filter(kind=DocumentKind.SUPPLEMENT).count() == 1


def test_supplement_with_a_fake_pdf_is_refused(client, world, dossier):
    dossier = world.act(
        services.dossier_request_supplement, dossier, at=dossier.submitted_at, officer=world.counter, items=["Tờ khai"]
    )

    client.post(
        url(dossier, "bo-sung"),
        {"bs-version": dossier.version, "bs-files": [SimpleUploadedFile("to-khai.pdf", b"<html>")]},
    )

    dossier.refresh_from_db()
    assert (dossier.status, dossier.documents.count()) == (S.AWAITING_SUPPLEMENT, 0)


def test_citizen_asks_for_the_result_by_post(client, dossier):
    client.post(url(dossier, "nhan-qua-buu-dien"), {"bd-version": dossier.version, "bd-address": "Số 5 Lê Lợi, Hà Nội"})

    dossier.refresh_from_db()
    html = client.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()
    assert (dossier.result_delivery, dossier.result_address) == (DeliveryMethod.POST, "Số 5 Lê Lợi, Hà Nội")
    assert "Số 5 Lê Lợi, Hà Nội" in html


@pytest.mark.parametrize("action", ["rut-ho-so", "bo-sung", "nhan-qua-buu-dien"])
def test_another_citizen_gets_404_on_every_action(client, dossier, action):
    client.force_login(citizen("binh"))

    response = client.post(
        url(dossier, action),
        {"rut-version": 1, "rut-confirm": "on", "bd-version": 1, "bd-address": "Số 9 phố Huế, Hà Nội"},
    )

    dossier.refresh_from_db()
    assert response.status_code == 404
    assert (dossier.status, dossier.version) == (S.SUBMITTED, 1)


@pytest.mark.parametrize("action", ["rut-ho-so", "bo-sung", "nhan-qua-buu-dien"])
def test_anonymous_visitor_is_sent_to_sign_in(client, dossier, action):
    client.logout()

    response = client.post(url(dossier, action), {"rut-version": 1, "rut-confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/ma-mot-lan/")


@pytest.mark.parametrize("action", ["rut-ho-so", "bo-sung", "nhan-qua-buu-dien"])
def test_actions_refuse_get(client, dossier, action):
    assert client.get(url(dossier, action)).status_code == 405
