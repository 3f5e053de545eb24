import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    assert client.get(reverse("core:healthz")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_login_page_renders_a_csrf_protected_form(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_vietnamese_numbers_are_grouped_with_dots():
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    with translation.override("vi"):
        assert intcomma(3321) == "3.321"
        assert intcomma(1500000) == "1.500.000"
