"""Status look-up and error pages in Debian's Chromium (desktop and phone); screenshots in var/screenshots."""

from __future__ import annotations

import pytest

from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, vn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dossier_in_supplement():
    world = World()
    dossier = world.dossier_in(DossierStatus.IN_PROGRESS)
    return world.act(
        services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 3, 9, 0),
        officer=world.specialist,
        items=["Bản sao Giấy chứng nhận kết hôn của cha mẹ", "Tờ khai có chữ ký của người đi đăng ký"],
    )


def test_citizen_scans_the_qr_code_on_a_phone_and_sees_the_status(
    live_server, phone_page, screenshot, dossier_in_supplement
):
    code = dossier_in_supplement.code
    phone_page.goto(f"{live_server.url}/tra-cuu/?ma={code}")
    assert phone_page.input_value("#id_ma") == code
    screenshot(phone_page, "track-form-phone")

    phone_page.fill("#id_so", "5678")
    phone_page.locator("form.track-form button[type=submit]").click()
    result = phone_page.get_by_test_id("track-result")
    result.wait_for()
    assert "?" not in phone_page.url and "5678" not in phone_page.url
    assert phone_page.get_by_test_id("track-status").inner_text().strip()
    assert "Giấy chứng nhận kết hôn" in result.inner_text()
    screenshot(phone_page, "track-result-phone")


def test_wrong_digits_on_desktop_show_a_neutral_message(live_server, page, screenshot, dossier_in_supplement):
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_ma", dossier_in_supplement.code)
    page.fill("#id_so", "0000")
    page.locator("form.track-form button[type=submit]").click()

    page.get_by_test_id("track-not-found").wait_for()
    assert page.get_by_test_id("track-result").count() == 0
    screenshot(page, "track-not-found-desktop")

    page.fill("#id_so", "5678")
    page.locator("form.track-form button[type=submit]").click()
    page.get_by_test_id("track-result").wait_for()
    screenshot(page, "track-result-desktop")


def test_unknown_page_shows_the_styled_404(live_server, page, phone_page, screenshot):
    response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
    assert response.status == 404
    assert page.get_by_test_id("error-404").is_visible()
    screenshot(page, "error-404-desktop")
    phone_page.goto(f"{live_server.url}/khong-co-trang-nay/")
    screenshot(phone_page, "error-404-phone")
