"""The home page and the public statistics page in Chromium as a citizen uses them (issue 17): the most used
services and life events first, the contact block, the link to the statistics; the unit picker with the keyboard;
axe-core clean and no sideways scrolling at 390 px. Screenshots: var/screenshots/portal-home-*.png,
portal-stats-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from motcua.workdays.calendar import VN_TZ

from .demo_seed import seed_small_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)
BLOCKING = {"critical", "serious", "moderate"}


@pytest.fixture(autouse=True)
def frozen_clock():
    """The whole test at a fixed moment (seeding, the server thread, the pages): never today's date."""
    with time_machine.travel(NOW, tick=False):
        cache.clear()
        yield NOW
        cache.clear()


@pytest.fixture
def demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    settings.MOTCUA_HOTLINE = "0203 3 123 456"
    return seed_small_demo(now=NOW)


def blocking_violations(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in BLOCKING
    ]


def width_of(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_citizen_goes_from_the_home_page_to_a_commune_s_statistics_with_the_keyboard(
    demo, live_server, page, screenshot
):
    page.goto(live_server.url + "/")
    most_used = page.get_by_test_id("most-used")
    assert most_used.locator("h2").inner_text() == "Dịch vụ được sử dụng nhiều nhất"
    assert most_used.locator(".tile").count() >= 3
    assert page.get_by_test_id("life-events").locator(".tile").count() >= 3
    assert "0203 3 123 456" in page.get_by_test_id("contact").inner_text()
    assert "Hệ thống đang có" not in page.inner_text("main")
    assert blocking_violations(page) == []
    screenshot(page, "portal-home-desktop")

    link = page.get_by_role("link", name="Xem thống kê công khai")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/thong-ke/")
    assert page.get_by_test_id("as-of").inner_text().startswith("Số liệu cập nhật đến hết ngày 17/11/2026")
    assert "Tỉnh Quảng Ninh" in page.locator("h1").inner_text()
    assert page.get_by_test_id("on-time").inner_text().endswith("%")
    rows = page.get_by_test_id("unit-rows").locator("tbody tr")
    assert rows.count() >= 1
    assert blocking_violations(page) == []
    screenshot(page, "portal-stats-desktop")

    # the picker with the keyboard: focus it, choose the commune by typing its name, Tab to the button, Enter
    picker = page.locator("#stats-unit")
    picker.focus()
    picker.select_option(label="Phường Hà Tu")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Phường Hà Tu" in page.locator("h1").inner_text()
    assert page.locator("#stats-unit").input_value() == page.url.split("don-vi=")[1]
    assert blocking_violations(page) == []
    screenshot(page, "portal-stats-commune-desktop")


def test_home_and_statistics_fit_a_phone(demo, live_server, phone_page, screenshot):
    phone_page.goto(live_server.url + "/")
    assert width_of(phone_page) <= 390
    assert phone_page.get_by_test_id("most-used").is_visible()
    screenshot(phone_page, "portal-home-phone")
    phone_page.goto(live_server.url + "/thong-ke/")
    assert width_of(phone_page) <= 390
    assert phone_page.get_by_test_id("kpis").is_visible()
    assert blocking_violations(phone_page) == []
    screenshot(phone_page, "portal-stats-phone")
