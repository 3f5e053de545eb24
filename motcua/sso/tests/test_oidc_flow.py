from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import get_user_model

from motcua.accounts.choices import UserKind
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
