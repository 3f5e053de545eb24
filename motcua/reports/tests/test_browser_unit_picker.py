"""A leader's first report screen (issue 17): it opens on the unit they lead that has dossiers, the picker lists
only the units they may see, and a unit picked with the keyboard stays chosen on the next report page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.metrics.models import DailyRollup
from motcua.portal.tests.demo_seed import seed_small_demo
from motcua.units.models import Unit
from motcua.workdays.calendar import VN_TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def frozen_clock():
    """The whole test at a fixed moment (seeding, the server thread, the pages): never today's date."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    return seed_small_demo(now=NOW)


def sign_in(browser, live_server, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    return page


def open_reports_from_the_menu(page):
    """The header's "Báo cáo" group, then its first entry (the main menu is grouped, core/_main_nav.html)."""
    page.locator("header nav summary", has_text="Báo cáo").click()
    page.get_by_role("link", name="Báo cáo thống kê").click()


def test_leader_reports_open_on_their_unit_and_the_picker_is_remembered(demo, browser, live_server, screenshot):
    committee = Unit.objects.get(code="W06652-UBND")  # the demo accounts' commune (first by code)
    assert DailyRollup.objects.filter(unit__path__startswith=committee.path).exists()
    page = sign_in(browser, live_server, "motcua.lanhdao")
    open_reports_from_the_menu(page)
    page.wait_for_selector("[data-testid=period-form]")
    assert page.locator("h1").first.inner_text() == committee.name
    picker = page.locator("select#id_unit")
    assert picker.locator("option:checked").inner_text() == committee.name
    names = picker.locator("option").all_inner_texts()
    # only what the leader may see: their two units and what lies below them, nothing of the other communes
    assert "Sở Tư pháp tỉnh Quảng Ninh" in names
    assert "Trung tâm Phục vụ hành chính công phường Hà Tu" in names
    assert not [n for n in names if "Hồng Gai" in n or "Hà Lầm" in n]
    assert "Sở Xây dựng tỉnh Quảng Ninh" not in names
    screenshot(page, "reports-leader-first-screen")

    picker.focus()
    page.keyboard.type("Sở Tư")
    with page.expect_navigation():
        page.locator("[data-testid=period-form] button[type=submit]").press("Enter")
    assert page.locator("h1").first.inner_text() == "Sở Tư pháp tỉnh Quảng Ninh"

    # another report page, opened from the header without a unit in the address: the choice is kept
    open_reports_from_the_menu(page)
    assert page.locator("h1").first.inner_text() == "Sở Tư pháp tỉnh Quảng Ninh"
    page.click("nav.rp-tabs a:text('Chỉ số')")
    assert page.locator("select#id_unit option:checked").inner_text() == "Sở Tư pháp tỉnh Quảng Ninh"
    screenshot(page, "reports-leader-picked")

    # an address with a unit that is not a number gets a Vietnamese message, not "Unit: …"
    page.goto(live_server.url + "/bao-cao/?unit=abc")
    assert "Đơn vị: Hãy chọn một đơn vị trong danh sách." in page.locator("[data-testid=bad-params]").inner_text()
