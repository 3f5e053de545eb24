import json
from pathlib import Path

import pytest

from motcua.api.management.commands.export_openapi import openapi_text
from motcua.integrations.tests.factories import auth_header

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_committed_openapi_equals_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text(), (
        "docs/openapi.json is out of date: motcua manage export_openapi docs/openapi.json"
    )


@pytest.mark.django_db
def test_openapi_schema_and_docs_page_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/dossiers" in schema["paths"]
    assert json.loads(openapi_text())["paths"].keys() == schema["paths"].keys()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"swagger-ui" in page.content
    assert b"cdn.jsdelivr" not in page.content


@pytest.mark.django_db
def test_status_lookup_needs_the_right_phone_digits(client, world, headers):
    dossier = world.receive()
    ok = client.get(f"/api/v1/status?code={dossier.code}&phone_last4=5678", headers=headers)
    assert ok.status_code == 200
    assert ok.json()["status"] == "received"
    wrong = client.get(f"/api/v1/status?code={dossier.code}&phone_last4=0000", headers=headers)
    assert wrong.status_code == 404


@pytest.mark.django_db
def test_status_lookup_needs_its_scope(client, world, portal):
    dossier = world.receive()
    response = client.get(
        f"/api/v1/status?code={dossier.code}&phone_last4=5678", headers=auth_header(portal, "dossiers:read")
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_period_report_counts_the_units_dossiers(client, world, headers):
    dossier = world.receive()
    year = dossier.received_at.year
    body = client.get(f"/api/v1/metrics/period-report?unit={world.one_stop.code}&period={year}", headers=headers).json()
    assert body["received"]["total"] == 1
    assert body["unit"]["code"] == world.one_stop.e_identifier
    # The registry's derived columns are API fields too (metrics.figures): received online / received.
    assert body["online_rate"] == 0.0
    assert body["on_time_rate"] is None


def test_period_report_schema_lists_the_registry_figures():
    from motcua.metrics.figures import api_fields

    schema = json.loads(openapi_text())["components"]["schemas"]["PeriodReportOut"]
    assert schema["required"] == ["unit", "start", "end", *api_fields()]
    assert schema["properties"]["online_rate"]["anyOf"] == [{"type": "number"}, {"type": "null"}]


@pytest.mark.django_db
def test_period_report_of_another_unit_is_forbidden(client, world, headers):
    response = client.get(f"/api/v1/metrics/period-report?unit={world.department.code}&period=2026", headers=headers)
    assert response.status_code == 403


@pytest.mark.django_db
def test_catalogue_lists_and_shows_current_procedures(client, world, headers, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/catalog/procedures", headers=headers).json()
    assert [p["code"] for p in listed["items"]] == [world.procedure.code]
    detail = client.get(f"/api/v1/catalog/procedures/{world.procedure.code}", headers=headers).json()
    assert [d["name"] for d in detail["documents"]] == ["Tờ khai", "Giấy chứng sinh"]
    assert client.get("/api/v1/catalog/procedures/0.0", headers=headers).status_code == 404
