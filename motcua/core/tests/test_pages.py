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


def test_the_main_menu_addresses_follow_the_language():
    """The menu's addresses are reversed once per process and language (issue 20 item 2), and still carry the
    language prefix of English pages (i18n_patterns) and none in Vietnamese, in whatever order they are asked."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    from motcua.core.templatetags.navigation import build_menu

    for language in ("vi", "en", "vi", "en"):
        with translation.override(language):
            flat, _groups, _account = build_menu(AnonymousUser(), "/")
            assert [link.url for link in flat] == [reverse(name) for name in ("portal:procedure_list", "track:lookup",
                "feedback:public_list", "counter:centres", "bundles:list")]  # fmt: skip
            assert all(link.url.startswith("/en/") == (language == "en") for link in flat)
