import pytest

from motcua.dossiers.tests.factories import World
from motcua.feedback.models import Feedback
from motcua.feedback.services import feedback_answer
from motcua.integrations.tests.factories import api_client, auth_header

from .helpers import post

pytestmark = pytest.mark.django_db


def pakn(world, **extra) -> dict:
    return {
        "kind": "complaint",
        "subject": "procedure",
        "unit": world.one_stop.e_identifier,
        "procedure_code": world.procedure.code,
        "title": "Chậm trả kết quả",
        "content": "Hồ sơ của tôi quá hạn 3 ngày chưa có kết quả.",
        "contact_name": "Nguyễn Văn An",
        "contact": "0912345678",
        **extra,
    }


def test_feedback_is_received_by_the_unit_with_its_deadline(client, world, headers):
    response = post(client, "/api/v1/feedback", pakn(world), headers)
    assert response.status_code == 201, response.content
    body = response.json()
    row = Feedback.objects.get(code=body["code"])
    assert (row.unit, row.procedure, row.sender, row.contact) == (world.one_stop, world.procedure, None, "0912345678")
    assert (body["status"], body["procedure_code"], body["answer"]) == ("received", world.procedure.code, "")
    assert body["answer_due_at"]


def test_contact_details_are_never_echoed(client, world, headers):
    body = post(client, "/api/v1/feedback", pakn(world), headers).json()
    assert "0912345678" not in str(body)
    assert "Nguyễn Văn An" not in str(body)


def test_status_and_answer_are_read_by_reference(client, world, headers):
    code = post(client, "/api/v1/feedback", pakn(world), headers).json()["code"]
    feedback_answer(officer=world.manager, feedback=Feedback.objects.get(code=code), answer="Đã trả kết quả.")
    body = client.get(f"/api/v1/feedback/{code.lower()}", headers=headers).json()
    assert (body["status"], body["answer"]) == ("answered", "Đã trả kết quả.")
    assert body["answered_at"]


def test_general_feedback_needs_no_procedure(client, world, headers):
    response = post(client, "/api/v1/feedback", pakn(world, subject="general", procedure_code=""), headers)
    assert response.status_code == 201
    assert response.json()["procedure_code"] is None


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "praise"},
        {"subject": "dossier"},
        {"title": ""},
        {"content": "   "},
        {"content": "x" * 5001},
        {"procedure_code": "9.999"},
        {"unit": ""},
    ],
)
def test_bad_feedback_is_a_422_and_nothing_is_stored(client, world, headers, change):
    response = post(client, "/api/v1/feedback", pakn(world, **change), headers)
    assert response.status_code == 422
    assert "detail" in response.json()
    assert not Feedback.objects.exists()


def test_malformed_json_is_a_400(client, world, headers):
    response = client.post("/api/v1/feedback", b'{"kind": ', content_type="application/json", headers=headers)
    assert response.status_code == 400


def test_feedback_to_a_unit_the_client_does_not_serve_is_a_403(client, world, headers):
    other = World().one_stop
    response = post(client, "/api/v1/feedback", pakn(world, unit=other.e_identifier), headers)
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_feedback_of_another_units_client_is_a_404(client, world, headers):
    code = post(client, "/api/v1/feedback", pakn(world), headers).json()["code"]
    elsewhere = auth_header(api_client(World().one_stop))
    assert client.get(f"/api/v1/feedback/{code}", headers=elsewhere).status_code == 404
    assert client.get("/api/v1/feedback/PA000000XXXXXX", headers=headers).status_code == 404


def test_feedback_needs_a_token_and_the_feedback_scope(client, world, portal):
    assert post(client, "/api/v1/feedback", pakn(world), {}).status_code == 401
    no_scope = auth_header(portal, "dossiers:write", "dossiers:read")
    assert post(client, "/api/v1/feedback", pakn(world), no_scope).status_code == 403
    assert client.get("/api/v1/feedback/PA1", headers=no_scope).status_code == 403


def test_retry_with_the_same_key_sends_the_feedback_once(client, world, headers):
    first = post(client, "/api/v1/feedback", pakn(world), headers, **{"Idempotency-Key": "pa-1"})
    again = post(client, "/api/v1/feedback", pakn(world), headers, **{"Idempotency-Key": "pa-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Feedback.objects.count() == 1


def test_same_key_with_other_feedback_is_a_422(client, world, headers):
    post(client, "/api/v1/feedback", pakn(world), headers, **{"Idempotency-Key": "pa-2"})
    other = post(client, "/api/v1/feedback", pakn(world, title="Khác"), headers, **{"Idempotency-Key": "pa-2"})
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_conflict"
    assert Feedback.objects.count() == 1
