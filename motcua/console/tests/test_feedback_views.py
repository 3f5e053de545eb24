"""Officer PAKN screens and the ratings page: scoped to the officer's units, citizens and anonymous kept out,
bad input answered with a form error, ratings shown as totals only."""

from __future__ import annotations

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import DepartmentFactory, OneStopFactory, officer_in, vn
from motcua.feedback.choices import FeedbackStatus
from motcua.feedback.models import Rating
from motcua.feedback.tests.factories import CitizenFactory, send_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return OneStopFactory()


@pytest.fixture
def feedback(unit):
    return send_feedback(unit=unit, at=vn(2026, 3, 2, 9), publish_allowed=True)


def test_officer_accepts_answers_and_publishes(client, unit, feedback):
    client.force_login(officer_in(unit, Role.ONE_STOP_MANAGER))
    base = f"/can-bo/phan-anh/{feedback.code}"

    assert feedback.code in client.get("/can-bo/phan-anh/?tab=overdue").content.decode()
    client.post(f"{base}/tiep-nhan/")
    client.post(f"{base}/tra-loi/", {"text": "Đã bố trí thêm quầy."})
    client.post(f"{base}/cong-khai/")

    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PUBLISHED
    assert client.get(base + "/").status_code == 200


def test_empty_reason_is_a_form_error(client, unit, feedback):
    client.force_login(officer_in(unit, Role.ONE_STOP_MANAGER))

    response = client.post(f"/can-bo/phan-anh/{feedback.code}/tu-choi/", {"text": ""})

    assert response.status_code == 400
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED


def test_unknown_step_is_404(client, unit, feedback):
    client.force_login(officer_in(unit, Role.ONE_STOP_MANAGER))

    assert client.post(f"/can-bo/phan-anh/{feedback.code}/xoa/").status_code == 404


def test_officer_of_another_unit_sees_nothing(client, feedback):
    client.force_login(officer_in(DepartmentFactory(), Role.UNIT_LEADER))

    assert client.get(f"/can-bo/phan-anh/{feedback.code}/").status_code == 404
    assert client.post(f"/can-bo/phan-anh/{feedback.code}/tiep-nhan/").status_code == 404
    assert feedback.code not in client.get("/can-bo/phan-anh/").content.decode()


@pytest.mark.parametrize("url", ["/can-bo/phan-anh/", "/can-bo/danh-gia/"])
def test_citizen_is_kept_out_of_officer_pages(client, url):
    client.force_login(CitizenFactory())

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/can-bo/phan-anh/", "/can-bo/danh-gia/"])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    assert client.get(url).status_code == 302


def test_ratings_page_shows_totals_of_own_units_only(client, unit):
    other = OneStopFactory()
    Rating.objects.create(unit=unit, channel="kiosk", overall=5, answers={"overall": 5}, created_at=vn(2026, 3, 2, 9))
    Rating.objects.create(unit=other, channel="kiosk", overall=1, answers={"overall": 1}, created_at=vn(2026, 3, 2, 9))
    client.force_login(officer_in(unit, Role.ONE_STOP_MANAGER))

    body = client.get("/can-bo/danh-gia/?start=2026-03-01&end=2026-03-31").content.decode()

    assert "% (1/1)" in body and "(0/1)" not in body and other.name not in body


def test_ratings_page_with_bad_dates_is_a_400(client, unit):
    client.force_login(officer_in(unit, Role.ONE_STOP_MANAGER))

    assert client.get("/can-bo/danh-gia/?start=abc&end=2026-13-01").status_code == 400
