"""Ratings through the API: scoped, one per dossier, only once returned, the web form's questions and checks."""

import pytest
from django.utils.translation import gettext

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World
from motcua.feedback.choices import Criterion, RatingChannel
from motcua.feedback.models import Rating
from motcua.integrations.models import IdempotencyRecord
from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db
S = DossierStatus
ANSWERS = {"time": 5, "contacts": 4, "one_place": 4, "attitude": 5, "information": 3, "overall": 4}


@pytest.fixture
def delivered(world):
    return world.dossier_in(S.DELIVERED)


def rate(client, headers, code, answers=ANSWERS, key=None, **extra):
    body = {"dossier_code": code, "answers": answers, **extra}
    more = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/ratings", body, content_type="application/json", headers={**headers, **more})


def test_a_rating_of_a_returned_dossier_is_stored_for_its_unit_without_the_rater(client, headers, delivered):
    response = rate(client, headers, delivered.code, comment="  Nhanh, chu đáo ")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["dossier_code"], body["overall"], body["channel"], body["comment"]) == (
        delivered.code,
        4,
        "api",
        "Nhanh, chu đáo",
    )
    rating = Rating.objects.get()
    assert (rating.dossier_id, rating.unit_id, rating.channel, rating.answers) == (
        delivered.pk,
        delivered.receiving_unit_id,
        RatingChannel.API,
        ANSWERS,
    )
    assert not {field.name for field in Rating._meta.fields} & {"user", "rater", "client", "actor"}


def test_retry_with_the_same_key_answers_the_first_rating_and_stores_one(client, headers, delivered):
    first = rate(client, headers, delivered.code, key="rate-1")
    again = rate(client, headers, delivered.code, key="rate-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Rating.objects.count() == 1


def test_a_second_rating_of_the_same_dossier_is_a_409(client, headers, delivered):
    rate(client, headers, delivered.code)
    response = rate(client, headers, delivered.code, answers={"overall": 1})

    assert response.status_code == 409
    assert response.json()["detail"] == gettext("This dossier has already been rated.")
    assert Rating.objects.get().overall == 4


def test_before_the_result_is_returned_it_is_a_422(client, headers, world):
    dossier = world.dossier_in(S.RESULT_READY)
    response = rate(client, headers, dossier.code, key="rate-early")

    assert response.status_code == 422
    assert response.json()["code"] == "not_delivered"
    assert not Rating.objects.exists() and not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize(
    ("answers", "code"),
    [({"time": 5}, "overall_required"), ({"overall": 6}, "bad_score"), ({"overall": 0}, "bad_score")],
)
def test_the_web_forms_checks_apply(client, headers, delivered, answers, code):
    response = rate(client, headers, delivered.code, answers=answers)

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"dossier_code": "X", "answers": {"speed": 5, "overall": 4}},
        {"dossier_code": "X", "answers": {"overall": "very"}},
        {"dossier_code": "", "answers": {"overall": 4}},
        {"answers": {"overall": 4}},
        {"dossier_code": "X", "answers": {"overall": 4}, "comment": "x" * 2001},
    ],
)
def test_malformed_input_is_a_422_naming_the_field(client, headers, delivered, body):
    body = {**body, "dossier_code": delivered.code} if body.get("dossier_code") == "X" else body
    response = client.post("/api/v1/ratings", body, content_type="application/json", headers=headers)

    assert response.status_code == 422
    assert response.json()["fields"]


def test_another_units_dossier_is_a_404(client, delivered):
    elsewhere = api_client(World().one_stop)
    response = rate(client, auth_header(elsewhere), delivered.code)

    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_rating_needs_a_token_and_the_ratings_scope(client, portal, delivered):
    assert rate(client, {}, delivered.code).status_code == 401
    response = rate(client, auth_header(portal, "dossiers:read", "feedback:write"), delivered.code)
    assert response.status_code == 403
    assert client.get("/api/v1/ratings/questions", headers=auth_header(portal, "status:read")).status_code == 403
    assert not Rating.objects.exists()


def test_the_questions_are_the_web_forms(client, headers):
    response = client.get("/api/v1/ratings/questions", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert [q["criterion"] for q in body["questions"]] == list(Criterion.values)
    assert [q["criterion"] for q in body["questions"] if q["required"]] == ["overall"]
    assert body["questions"][-1]["question"] == gettext("Overall, how satisfied are you with the service?")
    assert [level["value"] for level in body["levels"]] == [5, 4, 3, 2, 1]
