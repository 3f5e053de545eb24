"""Issuing a signed e-result from the dossier page: who sees the form, who may post, what the page shows after."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from motcua.accounts.choices import Role
from motcua.dossiers.choices import DocumentKind
from motcua.dossiers.tests.factories import DepartmentFactory, officer_in
from motcua.esign.models import SignedResult
from motcua.esign.services import signing_credential_create
from motcua.esign.tests.pki import make_pki

pytestmark = pytest.mark.django_db
PASSPHRASE_ENV = "MOTCUA_TEST_CONSOLE_P12_PASSPHRASE"


@pytest.fixture(scope="module")
def pki():
    return make_pki(signer_name="Phòng Chuyên môn Thử Nghiệm")


@pytest.fixture
def credential(world, pki, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    return signing_credential_create(
        unit=world.department, name="Chứng thư số phòng", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )


@pytest.fixture
def signed_dossier(world):
    return world.dossier_in("result_ready")


def shows_message(response, english: str) -> bool:
    """The service's message, in the language the page was served in (the catalogue may translate it)."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = translation.gettext(english)
    return expected in [str(m) for m in response.context["messages"]]


def page_url(dossier):
    return reverse("console:dossier", args=[dossier.code])


def issue_url(dossier):
    return reverse("console:dossier_eresult", args=[dossier.code])


def test_leader_sees_the_issue_form_on_a_signed_off_dossier(client, world, credential, signed_dossier):
    client.force_login(world.leader)
    response = client.get(page_url(signed_dossier))
    assert response.status_code == 200
    assert response.context["eresult_form"].initial == {"result_no": 1}
    assert issue_url(signed_dossier).encode() in response.content


def test_leader_issues_and_the_signed_pdf_is_listed_with_its_verification_link(
    client, world, credential, signed_dossier
):
    client.force_login(world.leader)
    response = client.post(issue_url(signed_dossier), {"result_no": "1", "decision": "Chấp thuận cấp giấy phép."})
    assert response.status_code == 302
    signed = SignedResult.objects.get(dossier=signed_dossier)
    assert signed.result_code == f"{signed_dossier.code}-KQ1"
    assert signed.document.kind == DocumentKind.RESULT
    page = client.get(page_url(signed_dossier)).content.decode()
    assert f"/xac-thuc/?ma={signed.result_code}" in page
    assert reverse("console:document", args=[signed_dossier.code, signed.document.pk]) in page


def test_posting_the_same_number_twice_issues_one_result(client, world, credential, signed_dossier):
    client.force_login(world.leader)
    for _attempt in range(2):
        assert client.post(issue_url(signed_dossier), {"result_no": "1"}).status_code == 302
    assert SignedResult.objects.filter(dossier=signed_dossier).count() == 1
    assert client.get(page_url(signed_dossier)).context["eresult_form"].initial == {"result_no": 2}


def test_specialist_sees_no_form_and_a_post_is_refused(client, world, credential, signed_dossier):
    client.force_login(world.specialist)
    assert client.get(page_url(signed_dossier)).context["eresult_form"] is None
    response = client.post(issue_url(signed_dossier), {"result_no": "1"})
    assert response.status_code == 403
    assert shows_message(response, "You do not have a role in this dossier's unit that allows this action.")
    assert not SignedResult.objects.exists()


def test_leader_of_another_unit_gets_404(client, world, credential, signed_dossier):
    stranger = officer_in(DepartmentFactory(), Role.UNIT_LEADER)
    client.force_login(stranger)
    assert client.post(issue_url(signed_dossier), {"result_no": "1"}).status_code == 404
    assert not SignedResult.objects.exists()


def test_no_form_and_a_clear_refusal_before_the_result_is_signed_off(client, world, credential):
    dossier = world.dossier_in("awaiting_signature")
    client.force_login(world.leader)
    assert client.get(page_url(dossier)).context["eresult_form"] is None
    response = client.post(issue_url(dossier), {"result_no": "1"})
    assert response.status_code == 400
    assert shows_message(response, "The result has not been signed off yet.")


def test_no_form_without_a_signing_credential(client, world, signed_dossier):
    client.force_login(world.leader)
    assert client.get(page_url(signed_dossier)).context["eresult_form"] is None
    response = client.post(issue_url(signed_dossier), {"result_no": "1"})
    assert response.status_code == 400
    assert shows_message(response, "No signing certificate is configured for this unit.")
    assert not SignedResult.objects.exists()


def test_unusable_credential_is_a_message_not_a_500(client, world, credential, signed_dossier, monkeypatch):
    monkeypatch.delenv(PASSPHRASE_ENV)
    client.force_login(world.leader)
    response = client.post(issue_url(signed_dossier), {"result_no": "1"})
    assert response.status_code == 400
    assert shows_message(response, "The unit's signing certificate cannot be used.")


def test_bad_number_is_a_form_error(client, world, credential, signed_dossier):
    client.force_login(world.leader)
    response = client.post(issue_url(signed_dossier), {"result_no": "0"})
    assert response.status_code == 400
    assert response.context["eresult_form"].errors["result_no"]
    assert not SignedResult.objects.exists()
