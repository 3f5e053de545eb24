"""Small attack-review findings (issue 18, finding 6): a NUL byte in the URL is a 400 (it was a 500 on 11 routes on
PostgreSQL), an API body over 10 MB is a 413 (was a 500), and a database error raised by a middleware after the
view (the session saved on the way out) is the 503 page (was a 500)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import OperationalError
from django.test import Client

from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db

ROUTES = ["/", "/thu-tuc/", "/tra-cuu/", "/phan-anh/", "/xac-thuc/", "/can-bo/", "/bao-cao/", "/api/v1/status"]


@pytest.mark.parametrize("route", ROUTES)
def test_a_nul_byte_in_the_query_is_a_400(client, route):
    response = client.get(route + "?q=a%00b&code=X%00")
    assert response.status_code == 400


@pytest.mark.parametrize("route", ["/thu-tuc/%00/", "/tra-cuu/%00", "/phan-anh/PA%00/", "/api/v1/dossiers/A%00B"])
def test_a_nul_byte_in_the_path_is_a_400(client, route):
    response = client.get(route)
    assert response.status_code == 400


def test_the_api_answers_a_nul_byte_with_a_json_detail(client):
    body = client.get("/api/v1/status?code=%00", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert body == {"detail": "Địa chỉ có ký tự không được phép.", "code": "bad_request"}


def test_an_api_body_over_ten_megabytes_is_a_413(client, world):
    headers = auth_header(api_client(world.one_stop))
    body = b'{"applicant_name": "' + b"x" * (11 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/dossiers", body, content_type="application/json", headers=headers)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_database_error_in_a_middleware_is_the_503_page(monkeypatch):
    def broken(self, request, response):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionMiddleware, "process_response", broken)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_other_errors_in_a_middleware_are_still_a_500(monkeypatch):
    def broken(self, request, response):
        raise RuntimeError("bug")

    monkeypatch.setattr(SessionMiddleware, "process_response", broken)
    assert Client(raise_request_exception=False).get("/healthz").status_code == 500
