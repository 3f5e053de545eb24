"""PAKN and data-store pages: sending (anonymous, signed in, about an own dossier), rate limit, XSS-safe output,
public answers with like/dislike, the sender's page, the data store scoped to its owner; no 500 on bad input."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import override_settings

from motcua.accounts.choices import Role
from motcua.datastore.choices import StoredKind
from motcua.datastore.models import StoredDocument
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import OneStopFactory, World, officer_in, vn
from motcua.feedback import services
from motcua.feedback.choices import FeedbackStatus
from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import CitizenFactory, send_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def unit():
    return OneStopFactory()


def post_feedback(client, unit_obj, **extra):
    data = {
        "kind": "complaint",
        "subject": "general",
        "unit": unit_obj.pk,
        "title": "Chờ lâu",
        "content": "Nội dung",
        "publish_allowed": "on",
    }
    data.update(extra)
    return client.post("/phan-anh/gui/", data)


def published(unit, **kwargs):
    officer = officer_in(unit, Role.ONE_STOP_MANAGER)
    feedback = send_feedback(unit=unit, at=vn(2026, 3, 2, 9), **kwargs)
    services.feedback_answer(officer=officer, feedback=feedback, answer="Đã xử lý", now=vn(2026, 3, 3, 9))
    return services.feedback_publish(officer=officer, feedback=feedback, now=vn(2026, 3, 3, 10))


def test_anonymous_visitor_sends_feedback_and_gets_a_reference(client, unit):
    response = post_feedback(client, unit, contact="0911222333")

    feedback = Feedback.objects.get()
    assert response.status_code == 200 and feedback.code in response.content.decode()
    assert (feedback.sender, feedback.contact, feedback.status) == (None, "0911222333", FeedbackStatus.RECEIVED)


def test_sending_is_rate_limited_per_client(client, unit):
    with override_settings(MOTCUA_FEEDBACK_LIMIT=(2, 3600)):
        post_feedback(client, unit)
        post_feedback(client, unit)
        response = post_feedback(client, unit)

    assert response.status_code == 429 and Feedback.objects.count() == 2


def test_bad_input_gives_a_form_error_not_a_500(client, unit):
    response = post_feedback(client, unit, kind="nonsense", unit="abc", title="")

    assert response.status_code == 400 and Feedback.objects.count() == 0


def test_sending_needs_the_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/phan-anh/gui/", {"title": "x"})

    assert response.status_code == 403


def test_citizen_sends_feedback_about_own_dossier_and_sees_the_answer(client):
    world = World()
    citizen = CitizenFactory()
    dossier = world.dossier_in(DossierStatus.RECEIVED)
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_user=citizen)
    client.force_login(citizen)

    response = client.post(
        f"/phan-anh/gui/?ho-so={dossier.code}",
        {"kind": "question", "subject": "dossier", "title": "Khi nào?", "content": "Bao giờ có kết quả?"},
    )
    feedback = Feedback.objects.get()
    services.feedback_answer(officer=world.manager, feedback=feedback, answer="Ngày 9/3")
    page = client.get(f"/ca-nhan/phan-anh/{feedback.code}/")

    assert response.status_code == 302 and (feedback.dossier, feedback.unit) == (dossier, world.one_stop)
    assert "Ngày 9/3" in page.content.decode()


def test_citizen_cannot_send_feedback_about_another_citizens_dossier(client):
    world = World()
    dossier = world.dossier_in(DossierStatus.RECEIVED)
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_user=CitizenFactory())
    client.force_login(CitizenFactory())

    assert client.get(f"/phan-anh/gui/?ho-so={dossier.code}").status_code == 404


def test_citizen_cannot_see_another_citizens_feedback(client, unit):
    feedback = send_feedback(unit=unit, at=vn(2026, 3, 2, 9), sender=CitizenFactory())
    client.force_login(CitizenFactory())

    assert client.get(f"/ca-nhan/phan-anh/{feedback.code}/").status_code == 404
    assert client.get("/ca-nhan/phan-anh/").status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in_for_my_pages(client):
    assert client.get("/ca-nhan/phan-anh/").status_code == 302
    assert client.get("/ca-nhan/kho-du-lieu/").status_code == 302


def test_sender_text_is_escaped_on_the_public_page(client, unit):
    feedback = published(unit, title="<script>alert(1)</script>", content="<b>x</b>")

    body = client.get(f"/phan-anh/{feedback.code}/").content.decode()

    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_unpublished_feedback_is_not_on_the_public_page(client, unit):
    feedback = send_feedback(unit=unit, at=vn(2026, 3, 2, 9))

    assert client.get(f"/phan-anh/{feedback.code}/").status_code == 404
    assert client.post(f"/phan-anh/{feedback.code}/y-kien/", {"value": "like"}).status_code == 404


def test_visitor_likes_a_published_answer_once_per_session(client, unit):
    feedback = published(unit)

    client.post(f"/phan-anh/{feedback.code}/y-kien/", {"value": "like"})
    client.post(f"/phan-anh/{feedback.code}/y-kien/", {"value": "like"})
    bad = client.post(f"/phan-anh/{feedback.code}/y-kien/", {"value": "love"})

    feedback.refresh_from_db()
    assert (feedback.likes, feedback.dislikes, bad.status_code) == (1, 0, 400)
    assert feedback.title in client.get("/phan-anh/").content.decode()


def stored(owner):
    document = StoredDocument(
        owner=owner, kind=StoredKind.RESULT, title="Giấy khai sinh", content_type="application/pdf", sha256="0" * 64
    )
    document.file.save("kq.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return document


def test_data_store_lists_and_serves_only_the_owners_documents(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner, other = CitizenFactory(), CitizenFactory()
    mine, theirs = stored(owner), stored(other)
    client.force_login(owner)

    page = client.get("/ca-nhan/kho-du-lieu/")
    download = client.get(f"/ca-nhan/kho-du-lieu/{mine.pk}/tai-ve/")

    assert "Giấy khai sinh" in page.content.decode() and download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(f"/ca-nhan/kho-du-lieu/{theirs.pk}/tai-ve/").status_code == 404


def test_a_script_without_cookies_cannot_stuff_the_votes_of_an_answer(unit, settings):
    """Issue 18: 60 anonymous votes in 3.2 s from one curl loop (a new session each time) fed 766 indicator 5.3."""
    from django.test import Client

    settings.MOTCUA_REACTION_PER_ANSWER = (3, 86400)
    feedback = published(unit)
    statuses = [
        Client().post(f"/phan-anh/{feedback.code}/y-kien/", {"value": "dislike"}).status_code for _ in range(60)
    ]
    feedback.refresh_from_db()
    assert feedback.dislikes == 3
    assert statuses.count(429) == 57
    assert (
        Client().post(f"/phan-anh/{feedback.code}/y-kien/", {"value": "like"}, REMOTE_ADDR="10.9.9.9").status_code
        == 302
    )
