from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import get_user_model

from motcua.accounts.choices import UserKind
from motcua.dossiers.tests.factories import World
from motcua.sso.models import ExternalIdentity

pytestmark = pytest.mark.django_db


def _sign_in(client, key: str = "thu"):
    """Login button → provider (auto-approves) → callback; returns the final response."""
    start = client.get(f"/sso/{key}/")
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_first_sign_in_creates_a_citizen_linked_by_issuer_and_subject(client, configured):
    response = _sign_in(client)
    assert response.status_code == 302
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject, identity.provider) == (configured.issuer, "vneid-001", "thu")
    user = identity.user
    assert (user.kind, user.full_name, user.email, user.phone) == (
        UserKind.CITIZEN,
        "Lê Thị Hoa",
        "hoa@example.vn",
        "0901234567",
    )
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk


def test_returning_user_gets_the_same_account_with_a_fresh_profile(client, configured):
    _sign_in(client)
    client.logout()
    configured.person = {**configured.person, "name": "Lê Thị Hoa (mới)"}
    _sign_in(client)
    assert get_user_model().objects.count() == 1
    assert ExternalIdentity.objects.get().user.full_name == "Lê Thị Hoa (mới)"


def test_same_email_from_another_subject_is_a_different_account(client, configured):
    _sign_in(client)
    client.logout()
    configured.person = {**configured.person, "sub": "vneid-002"}
    _sign_in(client)
    assert ExternalIdentity.objects.count() == 2
    assert len({identity.user_id for identity in ExternalIdentity.objects.all()}) == 2


def test_kind_claim_makes_officers(client, settings, configured):
    settings.MOTCUA_OIDC_PROVIDERS["thu"] |= {"kind_claim": "groups", "officer_values": ["can-bo"]}
    configured.person = {**configured.person, "groups": ["can-bo"]}
    _sign_in(client)
    assert ExternalIdentity.objects.get().user.kind == UserKind.OFFICER


def test_provider_that_does_not_create_accounts_refuses_unknown_people(client, settings, configured):
    settings.MOTCUA_OIDC_PROVIDERS["thu"]["create_users"] = False
    response = _sign_in(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.exists()


def test_wrong_client_secret_does_not_sign_in(client, settings, configured):
    settings.MOTCUA_OIDC_PROVIDERS["thu"]["client_secret"] = "sai"
    response = _sign_in(client)
    assert response["Location"].endswith("/tai-khoan/dang-nhap/")
    assert "_auth_user_id" not in client.session


def test_forged_state_is_refused(client, configured):
    client.get("/sso/thu/")
    response = client.get("/sso/thu/callback/?code=abc&state=forged")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_code_is_single_use(client, configured):
    start = client.get("/sso/thu/")
    back = urlparse(requests.get(start["Location"], allow_redirects=False, timeout=10).headers["Location"])
    client.get(f"{back.path}?{back.query}")
    client.logout()
    replay = client.get(f"{back.path}?{back.query}")
    assert replay.status_code == 302
    assert "_auth_user_id" not in client.session


def test_not_configured_means_no_button_and_no_endpoint(client, settings):
    settings.MOTCUA_OIDC_PROVIDERS = {}
    assert b"sso-buttons" not in client.get("/tai-khoan/dang-nhap/").content
    assert client.get("/sso/thu/").status_code == 404


def test_configured_provider_shows_a_button_on_the_login_page(client, configured):
    content = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert 'data-testid="sso-thu"' in content
    assert "Định danh thử" in content


def test_client_secret_can_come_from_an_environment_variable(client, settings, configured, monkeypatch):
    monkeypatch.setenv("MOTCUA_TEST_OIDC_SECRET", configured.client_secret)
    entry = settings.MOTCUA_OIDC_PROVIDERS["thu"]
    entry.pop("client_secret")
    entry["client_secret_env"] = "MOTCUA_TEST_OIDC_SECRET"
    _sign_in(client)
    assert "_auth_user_id" in client.session


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_signs_in_through_the_provider_in_a_browser(live_server, page, screenshot, configured):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    screenshot(page, "sso-login")
    page.get_by_test_id("sso-thu").click()
    page.wait_for_url(f"{live_server.url}/")
    assert ExternalIdentity.objects.get().user.full_name == "Lê Thị Hoa"
    screenshot(page, "sso-signed-in")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_vneid_sign_in_prefills_the_form_and_signs_out_at_the_provider(live_server, page, screenshot, configured):
    world = World(online_level="full")
    configured.logout_uris.add(f"{live_server.url}/")
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_test_id("sso-thu").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")
    assert page.get_by_label("Số căn cước", exact=False).first.input_value() == "079203001234"
    screenshot(page, "sso-prefilled-form")
    page.locator("#main-nav details[data-nav-group=account] summary").click()  # the menu under the person's name
    page.get_by_role("button", name="Đăng xuất", exact=False).click()
    page.wait_for_url(f"{live_server.url}/")
    assert configured.ended == ["vneid-001"]
    assert page.get_by_role("link", name="Đăng nhập").count() >= 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_level_one_account_is_turned_away_in_a_browser(live_server, page, screenshot, configured):
    configured.person = {**configured.person, "acr": "muc-do-1"}
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_test_id("sso-thu").click()
    page.wait_for_url("**/tai-khoan/dang-nhap/")
    assert page.get_by_text("mức độ 2", exact=False).count() == 1
    screenshot(page, "sso-level-too-low")


def test_level_of_assurance_is_requested_and_recorded(client, configured):
    _sign_in(client)
    assert configured.authorize_requests[-1]["acr_values"] == "muc-do-2"
    assert ExternalIdentity.objects.get().acr == "muc-do-2"


def test_provider_refuses_a_request_without_acr_values(client, settings, configured):
    settings.MOTCUA_OIDC_PROVIDERS["thu"].pop("acr_values")
    response = _sign_in(client)
    assert response["Location"].endswith("/tai-khoan/dang-nhap/")
    assert "_auth_user_id" not in client.session
    assert "acr_values" not in configured.authorize_requests[-1]


def test_lower_level_of_assurance_is_refused_with_a_vietnamese_message(client, configured):
    configured.person = {**configured.person, "acr": "muc-do-1"}  # account registered online, not in person
    response = _sign_in(client)
    assert response["Location"].endswith("/tai-khoan/dang-nhap/")
    assert "_auth_user_id" not in client.session
    assert not ExternalIdentity.objects.exists()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "mức độ 2" in page


def test_identity_number_claim_is_kept_and_prefills_the_online_form(client, configured):
    world = World(online_level="full")
    _sign_in(client)
    assert ExternalIdentity.objects.get().id_number == "079203001234"
    page = client.get(f"/thu-tuc/{world.procedure.code}/nop-truc-tuyen/").content.decode()
    assert 'name="applicant_id_number"' in page
    assert 'value="079203001234"' in page
    assert 'value="Lê Thị Hoa"' in page


def test_malformed_identity_number_is_not_stored(client, configured):
    configured.person = {**configured.person, "so_dinh_danh": "07920300123"}  # 11 digits
    _sign_in(client)
    assert ExternalIdentity.objects.get().id_number == ""


def test_sign_out_ends_the_session_at_the_provider(client, configured):
    configured.logout_uris.add("http://testserver/")
    _sign_in(client)
    response = client.post("/sso/dang-xuat/")
    assert "_auth_user_id" not in client.session
    target = urlparse(response["Location"])
    assert target.path == "/logout"
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    assert at_provider.headers["Location"] == "http://testserver/"
    assert configured.ended == ["vneid-001"]


def test_provider_refuses_an_unregistered_post_logout_redirect(client, configured):
    _sign_in(client)
    response = client.post("/sso/dang-xuat/")
    assert requests.get(response["Location"], allow_redirects=False, timeout=10).status_code == 400
    assert configured.ended == []


def test_sign_out_without_a_provider_is_an_ordinary_sign_out(client, django_user_model):
    user = django_user_model.objects.create_user(username="canbo", password="x")
    client.force_login(user)
    response = client.post("/sso/dang-xuat/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/sso/dang-xuat/").status_code == 405
