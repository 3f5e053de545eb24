"""Rating pages: the applicant after the result is returned, the counter kiosk without sign-in, rate-limited."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.feedback.models import Rating

from .test_applicant_actions import citizen

pytestmark = pytest.mark.django_db
S = DossierStatus


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return World()


@pytest.fixture
def an(client):
    user = citizen("an")
    client.force_login(user)
    return user


def owned(world, user, state=S.DELIVERED):
    dossier = world.dossier_in(state)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=user)
    return Dossier.objects.get(pk=dossier.pk)


def rate_url(dossier) -> str:
    return f"/ca-nhan/ho-so/{dossier.code}/danh-gia/"


def test_returned_dossier_page_links_to_the_rating(client, world, an):
    dossier = owned(world, an)

    assert 'data-testid="rate-link"' in client.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()


def test_open_dossier_page_has_no_rating_link(client, world, an):
    dossier = owned(world, an, S.IN_PROGRESS)

    assert 'data-testid="rate-link"' not in client.get(f"/ca-nhan/ho-so/{dossier.code}/").content.decode()


def test_applicant_rates_once_and_then_sees_a_thank_you(client, world, an):
    dossier = owned(world, an)

    response = client.post(rate_url(dossier), {"overall": "5", "attitude": "4"})
    again = client.get(rate_url(dossier))

    assert response.status_code == 302
    assert Rating.objects.get().answers == {"overall": 5, "attitude": 4}
    assert 'data-testid="rated"' in again.content.decode()


def test_rating_without_the_overall_answer_is_an_error(client, world, an):
    dossier = owned(world, an)

    assert client.post(rate_url(dossier), {"attitude": "4"}).status_code == 400
    assert not Rating.objects.exists()


def test_rating_before_the_result_is_returned_is_refused(client, world, an):
    dossier = owned(world, an, S.RESULT_READY)

    assert client.post(rate_url(dossier), {"overall": "5"}).status_code == 400
    assert not Rating.objects.exists()


def test_another_citizen_cannot_open_or_post_the_rating(client, world, an):
    dossier = owned(world, citizen("binh"))

    assert client.get(rate_url(dossier)).status_code == 404
    assert client.post(rate_url(dossier), {"overall": "1"}).status_code == 404
    assert not Rating.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in_for_the_online_rating(client, world):
    dossier = world.dossier_in(S.DELIVERED)

    response = client.post(rate_url(dossier), {"overall": "1"})

    assert response.status_code == 302
    assert not Rating.objects.exists()


def test_kiosk_works_without_sign_in_and_stores_an_anonymous_rating(client, world):
    url = f"/danh-gia/kiosk/{world.one_stop.code}/"

    page = client.get(url)
    response = client.post(url, {"overall": "4"})

    assert page.status_code == 200
    assert response.status_code == 302
    assert (Rating.objects.get().dossier, Rating.objects.get().unit) == (None, world.one_stop)


def test_kiosk_with_a_wrong_code_shows_an_error(client, world):
    response = client.post(f"/danh-gia/kiosk/{world.one_stop.code}/", {"overall": "4", "code": "H22.99-260101-0001"})

    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_kiosk_of_an_unknown_unit_is_404(client, db):
    assert client.get("/danh-gia/kiosk/KHONG-CO/").status_code == 404


def test_kiosk_is_rate_limited_per_client(client, world, settings):
    settings.MOTCUA_KIOSK_LIMIT = (2, 600)
    url = f"/danh-gia/kiosk/{world.one_stop.code}/"
    client.post(url, {"overall": "4"})
    client.post(url, {"overall": "4"})

    response = client.post(url, {"overall": "4"})

    assert response.status_code == 429
    assert Rating.objects.count() == 2
