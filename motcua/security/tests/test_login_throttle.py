"""Password sign-in: hashed with Argon2, locked for a while after repeated failures."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory, override_settings

from motcua.accounts.throttle import ThrottledAuthenticationForm

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-dai-2026"
LOGIN = "/tai-khoan/dang-nhap/"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(username="canbo", password=PASSWORD)


def _fail(client: Client, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": "canbo", "password": "sai"})


def test_production_hashes_passwords_with_argon2_first():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "motcua.security.throttle.ThrottledModelBackend" in settings.AUTHENTICATION_BACKENDS


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_a_new_password_is_stored_as_an_argon2_hash(django_user_model):
    user = django_user_model.objects.create_user(username="moi", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")


@override_settings(MOTCUA_LOGIN_ATTEMPTS=3)
def test_the_right_password_is_refused_after_three_failures_with_a_lockout_message(officer):
    client = Client()
    _fail(client, 3)
    response = client.post(LOGIN, {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["__all__"][0].code == "locked"
    assert "_auth_user_id" not in client.session


@override_settings(MOTCUA_LOGIN_ATTEMPTS=3)
def test_failures_from_one_address_do_not_lock_the_same_user_elsewhere(officer):
    _fail(Client(REMOTE_ADDR="10.0.0.1"), 3)
    response = Client(REMOTE_ADDR="10.0.0.2").post(LOGIN, {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302


@override_settings(MOTCUA_LOGIN_ATTEMPTS=2)
def test_many_addresses_guessing_one_user_lock_that_user_everywhere(officer):
    for number in range(8):
        _fail(Client(REMOTE_ADDR=f"10.0.1.{number}"), 1)
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.2.1")
    assert authenticate(request, username="canbo", password=PASSWORD) is None


@override_settings(MOTCUA_LOGIN_ATTEMPTS=3)
def test_a_success_before_the_limit_clears_the_counter(officer):
    client = Client()
    _fail(client, 2)
    assert client.post(LOGIN, {"username": "canbo", "password": PASSWORD}).status_code == 302
    client.logout()
    _fail(client, 2)
    assert client.post(LOGIN, {"username": "canbo", "password": PASSWORD}).status_code == 302


def test_the_sign_in_page_uses_the_throttled_form():
    response = Client().get(LOGIN)
    assert isinstance(response.context["form"], ThrottledAuthenticationForm)


def test_one_time_code_sign_in_limits_codes_sent_to_one_address():
    from motcua.accounts.signin import SignInError, parse_address, sign_in_code_send

    address = parse_address("an@example.com")
    for _ in range(3):
        sign_in_code_send(address=address, client="10.0.0.9")
    with pytest.raises(SignInError):
        sign_in_code_send(address=address, client="10.0.0.9")
