import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_shows_search_in_a_real_browser(live_server, page, phone_page, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert page.get_by_role("search").is_visible()
    screenshot(page, "core-home-desktop")
    phone_page.goto(live_server.url + "/")
    assert phone_page.get_by_role("search").is_visible()
    screenshot(phone_page, "core-home-phone")
