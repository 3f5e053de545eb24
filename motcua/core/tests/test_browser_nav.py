"""The main menu as a person meets it: an officer and leader holding every role (the busiest menu) sees it on one
line at 1366 and 1280 px, opens a group with the keyboard and closes it with Escape, and on a phone the menu folds
behind one button. Screenshots in var/screenshots/nav-*.png (copied to the session's notes)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import OneStopFactory, officer_in
from motcua.workdays.calendar import VN_TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)
PASSWORD = "mat-khau-thu-nghiem"
NOTES = Path("/work/notes/shots/navui")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def busiest():
    """An officer and leader of the one-stop centre who holds every role and is staff: every menu entry shows."""
    user = officer_in(OneStopFactory(), *Role.values)
    user.is_staff = True
    user.full_name = "Nguyễn Thị Thanh Hương"
    user.set_password(PASSWORD)
    user.save()
    return user


def shot(page, screenshot, name: str) -> None:
    path = screenshot(page, f"nav-{name}")
    if NOTES.parent.is_dir():
        NOTES.mkdir(exist_ok=True)
        shutil.copy(path, NOTES / path.name)


def sign_in(page, live_server, user, next_url: str) -> None:
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}*")


def one_line(page) -> tuple[float, float]:
    """The menu's height and the height of one of its top entries."""
    nav = page.locator("#main-nav").bounding_box()
    entry = page.locator("#main-nav .nav-top").first.bounding_box()
    return nav["height"], entry["height"]


@pytest.mark.parametrize("width,height", [(1366, 768), (1280, 800)])
def test_busiest_officer_menu_is_one_line(page, live_server, screenshot, busiest, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, busiest, "/can-bo/")
    shot(page, screenshot, f"officer-{width}")
    nav_height, entry_height = one_line(page)
    assert nav_height < entry_height * 1.5, (nav_height, entry_height)
    assert page.locator("#main-nav summary[aria-current=true]").inner_text() == "Hồ sơ"  # the page's group
    body = page.inner_text("header")
    assert "English" not in body.replace("English", "", 1)  # the language switch is the only English word


def test_menu_opens_with_the_keyboard_and_closes_with_escape(page, live_server, screenshot, busiest):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, busiest, "/can-bo/")
    reports = page.locator("#main-nav details[data-nav-group=reports]")
    summary = reports.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert reports.get_attribute("open") is not None
    link = page.get_by_role("link", name="Báo cáo thống kê")
    assert link.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Báo cáo thống kê"
    shot(page, screenshot, "officer-menu-open")
    page.keyboard.press("Escape")
    assert reports.get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert not link.is_visible()
    # Space opens too, ArrowDown moves into the menu; opening another group closes the first
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Báo cáo thống kê"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Đánh giá cán bộ"
    page.locator("#main-nav details[data-nav-group=reform] summary").click()
    assert reports.get_attribute("open") is None
    page.mouse.click(600, 500)  # a click elsewhere closes the open menu
    assert page.locator("#main-nav details[open]").count() == 0
    with page.expect_navigation():
        page.locator("#main-nav details[data-nav-group=reports] summary").click()
        page.get_by_role("link", name="Báo cáo thống kê").click()
    assert page.locator("#main-nav summary[aria-current=true]").inner_text() == "Báo cáo"


def test_menu_without_javascript_still_opens(browser, live_server, screenshot, busiest):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, busiest, "/can-bo/")
    page.locator("#main-nav details[data-nav-group=desks] summary").click()
    assert page.get_by_role("link", name="Tiếp nhận lưu động").is_visible()
    shot(page, screenshot, "officer-nojs")
    context.close()


def test_menu_on_a_phone_folds_behind_one_button(phone_page, live_server, screenshot, busiest):
    sign_in(phone_page, live_server, busiest, "/can-bo/")
    assert not phone_page.locator("#main-nav").is_visible()
    shot(phone_page, screenshot, "officer-phone-closed")
    phone_page.click("button.menu-toggle")
    current = phone_page.locator("#main-nav details[data-nav-group=dossiers]")
    assert current.get_attribute("open") is not None  # the page's group opens with the menu
    assert phone_page.get_by_role("link", name="Trang cán bộ").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone_page, screenshot, "officer-phone-open")


@pytest.mark.parametrize("width", [1366, 1280])
def test_public_and_citizen_menus_are_one_line(page, live_server, screenshot, client, width):
    from motcua.accounts.models import User

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    shot(page, screenshot, f"public-{width}")
    nav_height, entry_height = one_line(page)
    assert nav_height < entry_height * 1.5, (nav_height, entry_height)
    citizen = User.objects.create_user("cd-nav", kind="citizen", full_name="Trần Văn Bình")
    client.force_login(citizen)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/ca-nhan/ho-so/")
    shot(page, screenshot, f"citizen-{width}")
    nav_height, entry_height = one_line(page)
    assert nav_height < entry_height * 1.5, (nav_height, entry_height)
    assert page.locator("#main-nav a[aria-current=page]").inner_text() == "Hồ sơ của tôi"
