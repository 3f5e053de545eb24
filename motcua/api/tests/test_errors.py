"""Every error is {"detail": ...} with a proper status, and no input gives a 500."""

import pytest

from .helpers import new_dossier, post

pytestmark = pytest.mark.django_db

GARBAGE = [
    "{bad json",
    "[]",
    "null",
    "123",
    '"text"',
    '{"procedure_code": 5, "receiving_unit": [], "applicant_name": {}}',
    '{"procedure_code": "' + "x" * 5000 + '"}',
    "\x00\xff",
    '{"procedure_code": "1\\u0000", "receiving_unit": "H22\\u0000", "applicant_name": "\\u0000"}',
    '{"applicant_name": "   ", "procedure_code": " ", "receiving_unit": " "}',
]


@pytest.mark.parametrize("body", GARBAGE)
def test_garbage_body_on_create_is_a_4xx_with_detail(client, world, headers, body):
    response = client.post("/api/v1/dossiers", body, content_type="application/json", headers=headers)
    assert 400 <= response.status_code < 500
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "body",
    [
        "{",
        '{"action": "receive"}',
        '{"action": "fly", "expected_version": 1}',
        '{"action": "receive", "expected_version": -1}',
        '{"action": "stop", "expected_version": "x"}',
    ],
)
def test_garbage_body_on_act_is_a_4xx_with_detail(client, world, headers, body):
    dossier = world.dossier_in("submitted")
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions", body, content_type="application/json", headers=headers
    )
    assert 400 <= response.status_code < 500
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dossiers?limit=0",
        "/api/v1/dossiers?limit=abc",
        "/api/v1/dossiers?offset=-1",
        "/api/v1/dossiers?updated_since=yesterday",
        "/api/v1/dossiers/%00%FF",
        "/api/v1/dossiers/NOPE/events",
        "/api/v1/dossiers/NOPE/documents/abc",
        "/api/v1/catalog/procedures?limit=1000",
        "/api/v1/catalog/procedures/none",
        "/api/v1/status?code=x",
        "/api/v1/status?code=H22.10-260302-0001&phone_last4=12ab",
        "/api/v1/metrics/period-report?unit=x&period=2026",
        "/api/v1/metrics/period-report?period=2026",
        "/api/v1/nowhere",
    ],
)
def test_bad_queries_are_4xx_with_detail(client, portal, headers, path):
    response = client.get(path, headers=headers)
    assert 400 <= response.status_code < 500
    assert isinstance(response.json()["detail"], str)


def test_validation_error_names_the_fields(client, world, headers):
    response = post(client, "/api/v1/dossiers", {"procedure_code": world.procedure.code}, headers)
    assert response.status_code == 422
    body = response.json()
    assert body["fields"] == ["receiving_unit", "applicant_name"]
    assert "applicant_name" in body["detail"]


def test_bad_period_is_a_422(client, world, headers):
    response = client.get(f"/api/v1/metrics/period-report?unit={world.one_stop.code}&period=2026-Q9", headers=headers)
    assert response.status_code == 422
    assert "2026-Q9" in response.json()["detail"]


def test_wrong_method_is_not_a_500(client, headers):
    response = client.delete("/api/v1/dossiers", headers=headers)
    assert response.status_code == 405


def test_create_with_unknown_unit_is_403_with_detail(client, world, headers):
    response = post(client, "/api/v1/dossiers", new_dossier(world, receiving_unit="NOWHERE"), headers)
    assert response.status_code == 403
    assert "NOWHERE" in response.json()["detail"]


def test_nul_character_in_a_stored_field_is_never_a_500(client, world, headers):
    # SQLite stores it, PostgreSQL refuses it (then 400 with detail)
    response = post(client, "/api/v1/dossiers", new_dossier(world, applicant_name="An\u0000"), headers)
    assert response.status_code in (201, 400)
    assert response.json()
