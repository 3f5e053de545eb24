import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_page_lists_the_endpoints_without_a_cdn(live_server, page, screenshot):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/dossiers/{code}/actions").first.wait_for()
    assert page.get_by_text("motcua API").first.is_visible()
    screenshot(page, "api-docs")
    assert [url for url in outside if not url.startswith("data:")] == []
