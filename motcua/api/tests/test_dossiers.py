import pytest

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.errors import DossierNotFound
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.factories import OneStopFactory, World
from motcua.integrations.tests.factories import api_client, auth_header

from .helpers import new_dossier, post

pytestmark = pytest.mark.django_db
S = DossierStatus


def test_dossier_filed_by_the_national_portal_keeps_its_external_code(client, world, headers):
    response = post(client, "/api/v1/dossiers", new_dossier(world, external_code="G22.99-260302-0007"), headers)
    assert response.status_code == 201
    body = response.json()
    dossier = Dossier.objects.get(code=body["code"])
    assert (dossier.external_system, dossier.external_code) == ("national_portal", "G22.99-260302-0007")
    assert body["status"] == S.SUBMITTED
    assert body["national_status"] == 1
    assert dossier.channel == "online"
    assert dossier.events.get().data["external_code"] == "G22.99-260302-0007"


def test_dossier_filed_by_an_authorised_person_records_who_filed_it(client, world, headers):
    """Form 01 of TT 03/2025 prints the authorised person: the API carries it like the counter and the portal."""
    payload = new_dossier(
        world, submitter_name="Lê Văn Ủy", submitter_phone="0912000222", submitter_authorisation="UQ 7/2026"
    )
    response = post(client, "/api/v1/dossiers", payload, headers)
    assert response.status_code == 201
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert (dossier.submitter_name, dossier.submitter_authorisation) == ("Lê Văn Ủy", "UQ 7/2026")
    assert dossier.events.get().data["on_behalf"] is True
    refused = post(client, "/api/v1/dossiers", new_dossier(world, submitter_phone="0912000222"), headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "submitter_name_required"
    assert Dossier.objects.count() == 1


def test_the_same_external_code_cannot_arrive_twice(client, world, headers):
    first = post(client, "/api/v1/dossiers", new_dossier(world, external_code="EXT-1"), headers)
    second = post(client, "/api/v1/dossiers", new_dossier(world, external_code="EXT-1"), headers)
    assert second.status_code == 409
    assert first.json()["code"] in second.json()["detail"]
    assert Dossier.objects.count() == 1


def test_client_cannot_file_for_a_unit_it_does_not_act_for(client, world, headers):
    other = OneStopFactory()
    response = post(client, "/api/v1/dossiers", new_dossier(world, receiving_unit=other.code), headers)
    assert response.status_code == 403
    assert Dossier.objects.count() == 0


def test_unknown_procedure_is_a_422(client, world, headers):
    response = post(client, "/api/v1/dossiers", new_dossier(world, procedure_code="9.999"), headers)
    assert response.status_code == 422
    assert "9.999" in response.json()["detail"]


def test_client_for_unit_a_cannot_read_unit_b_dossier(client, world, headers):
    other_world = World()
    foreign = other_world.receive()
    own = world.receive()
    assert client.get(f"/api/v1/dossiers/{own.code}", headers=headers).status_code == 200
    response = client.get(f"/api/v1/dossiers/{foreign.code}", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": str(DossierNotFound().message), "code": "not_found"}
    codes = [item["code"] for item in client.get("/api/v1/dossiers", headers=headers).json()["items"]]
    assert codes == [own.code]


def test_list_is_paginated_with_limit_and_offset(client, world, headers):
    made = [world.receive(applicant_name=f"Người {i}").code for i in range(5)]
    page = client.get("/api/v1/dossiers?limit=2&offset=2", headers=headers).json()
    assert page["count"] == 5
    assert (page["limit"], page["offset"]) == (2, 2)
    assert [item["code"] for item in page["items"]] == list(reversed(made))[2:4]


def test_list_filters_by_status(client, world, headers):
    world.receive()
    submitted = world.dossier_in(S.SUBMITTED)
    page = client.get("/api/v1/dossiers?status=submitted", headers=headers).json()
    assert [item["code"] for item in page["items"]] == [submitted.code]


def test_list_runs_a_fixed_number_of_queries(client, world, headers, django_assert_max_num_queries):
    for i in range(6):
        world.receive(applicant_name=f"Người {i}")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/dossiers?limit=50", headers=headers)
    assert len(response.json()["items"]) == 6


def test_receive_through_the_api_starts_the_clock(client, world, headers):
    dossier = world.dossier_in(S.SUBMITTED)
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "receive", "expected_version": dossier.version, "presented_document_ids": world.all_documents()},
        headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == S.RECEIVED
    assert body["due_at"] is not None
    event = DossierEvent.objects.get(dossier=dossier, seq=body["version"])
    assert event.actor.api_client.name == response.wsgi_request.auth.client.name


def test_stale_version_is_a_409(client, world, headers):
    dossier = world.dossier_in(S.SUBMITTED)
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "request_supplement", "expected_version": dossier.version - 1, "items": ["Tờ khai"]},
        headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale"


def test_action_refused_by_the_workflow_is_a_422_with_its_reason(client, world, headers):
    dossier = world.dossier_in(S.SUBMITTED)
    response = post(
        client,
        f"/api/v1/dossiers/{dossier.code}/actions",
        {"action": "refuse_reception", "expected_version": dossier.version, "reason": ""},
        headers,
    )
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "code"}


def test_processing_actions_are_not_offered_to_clients(client, world, headers):
    dossier = world.dossier_in(S.IN_PROGRESS)
    response = post(
        client, f"/api/v1/dossiers/{dossier.code}/actions", {"action": "sign", "expected_version": 1}, headers
    )
    assert response.status_code == 422
    assert response.json()["fields"] == ["action"]


def test_supplement_round_trip_is_recorded_in_the_history(client, world, headers):
    dossier = world.dossier_in(S.SUBMITTED)
    path = f"/api/v1/dossiers/{dossier.code}/actions"
    asked = post(client, path, {"action": "request_supplement", "expected_version": 1, "items": ["Tờ khai"]}, headers)
    assert asked.json()["status"] == S.AWAITING_SUPPLEMENT
    back = post(client, path, {"action": "supplement_received", "expected_version": 2}, headers)
    assert back.json()["status"] == S.SUBMITTED
    events = client.get(f"/api/v1/dossiers/{dossier.code}/events", headers=headers).json()
    assert [e["action"] for e in events] == ["submit", "request_supplement", "supplement_received"]
    assert events[1]["reason"] == "Tờ khai"


def test_documents_are_listed_and_downloaded_only_within_scope(client, world, headers):
    from django.core.files.base import ContentFile

    from motcua.dossiers.services import Upload

    pdf = ContentFile(b"%PDF-1.4 test", name="to-khai.pdf")
    dossier = world.receive(documents=[Upload(file=pdf, name="to-khai.pdf")])
    listed = client.get(f"/api/v1/dossiers/{dossier.code}/documents", headers=headers).json()
    assert [d["name"] for d in listed] == ["to-khai.pdf"]
    download = client.get(f"/api/v1/dossiers/{dossier.code}/documents/{listed[0]['id']}", headers=headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert download["Cache-Control"] == "private, no-store"
    stranger = auth_header(api_client(OneStopFactory()), "dossiers:read")
    assert (
        client.get(f"/api/v1/dossiers/{dossier.code}/documents/{listed[0]['id']}", headers=stranger).status_code == 404
    )
    assert client.get(f"/api/v1/dossiers/{dossier.code}/documents/999999", headers=headers).status_code == 404
