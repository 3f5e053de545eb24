"""Site-wide error pages: Vietnamese, styled, and never an error themselves (DEBUG is False in tests)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_unknown_address_shows_the_vietnamese_404_page(client, settings):
    assert settings.DEBUG is False

    response = client.get("/khong-ton-tai/")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-404"' in html
    assert "motcua.css" in html
    assert 'href="/tra-cuu/"' in html


def test_404_page_is_in_english_under_the_english_prefix(client):
    response = client.get("/en/khong-ton-tai/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_403_page_renders_with_the_site_layout(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()

    response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert 'data-testid="error-403"' in response.content.decode()


def test_500_page_renders_without_a_request_context(rf: RequestFactory):
    response = defaults.server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert 'data-testid="error-500"' in html
    assert "motcua.css" in html


def test_expired_form_shows_the_friendly_csrf_page():
    response = Client(enforce_csrf_checks=True).post("/tra-cuu/", {"ma": "X", "so": "1234"})

    assert response.status_code == 403
    assert 'data-testid="error-csrf"' in response.content.decode()
