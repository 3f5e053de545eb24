"""The queue in Chromium, as people use it: a citizen takes a number on the phone (keyboard only), a second person
takes the next one, the officer calls them to counter 1, the public display follows by itself (static script,
no CSP violation), the manager reads the statistics; a citizen books an appointment with the keyboard and sees it
in their list; the officer checks the person in. Screenshots: var/screenshots/counter-*.png."""

from __future__ import annotations

import pytest

from motcua.counter.models import Appointment

from .factories import QueueWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


@pytest.fixture
def q():
    world = QueueWorld()
    for user in (world.officer, world.manager):
        user.set_password(PASSWORD)
        user.save()
    return world


def sign_in_session(page, live_server, client, user):
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def officer_page(browser, live_server, user):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/xep-hang/quay/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/xep-hang/quay/")
    return page


def no_csp_violation(page):
    assert page.evaluate("window.__csp") == []


def test_take_a_number_on_the_phone_get_called_and_see_it_on_the_display(
    q, live_server, browser, phone_page, page, screenshot
):
    phone_page.add_init_script(LISTEN)
    phone_page.goto(live_server.url + "/xep-hang/")
    phone_page.get_by_role("link", name="Lấy số thứ tự").last.click()
    phone_page.wait_for_url(f"**/xep-hang/trung-tam/{q.centre.code}/")
    screenshot(phone_page, "counter-kiosk-phone")
    phone_page.get_by_role("button", name="Hộ tịch, chứng thực").focus()
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url("**/xep-hang/so/**")
    assert phone_page.get_by_test_id("ticket-number").inner_text() == "A001"
    assert "Còn 0 người trước Ông/Bà" in phone_page.get_by_test_id("ahead").inner_text()
    mine = phone_page.url
    no_csp_violation(phone_page)

    # a second person takes the next number at the same centre
    page.add_init_script(LISTEN)
    page.goto(live_server.url + f"/xep-hang/trung-tam/{q.centre.code}/")
    page.get_by_role("button", name="Hộ tịch, chứng thực").click()
    page.wait_for_url("**/xep-hang/so/**")
    assert page.get_by_test_id("ticket-number").inner_text() == "A002"
    assert "Còn 1 người trước Ông/Bà" in page.get_by_test_id("ahead").inner_text()
    screenshot(phone_page, "counter-ticket-phone")

    display = page.context.new_page()
    display.add_init_script(LISTEN)
    display.goto(live_server.url + f"/xep-hang/trung-tam/{q.centre.code}/man-hinh/")
    assert display.get_by_test_id("counter-1").locator(".q-number").inner_text() == "—"

    officer = officer_page(browser, live_server, q.officer)
    officer.get_by_role("link", name="Quầy 1").click()
    officer.wait_for_url("**/xep-hang/quay/*/")
    officer.get_by_test_id("call-next").focus()
    with officer.expect_navigation():
        officer.keyboard.press("Enter")
    assert "Mời số A001" in officer.inner_text("main")
    screenshot(officer, "counter-desk")
    no_csp_violation(officer)

    # the display reloads itself (counter.js, every 10 s) and shows A001 at counter 1
    display.get_by_test_id("counter-1").locator(".q-number", has_text="A001").wait_for(timeout=25_000)
    screenshot(display, "counter-display")
    no_csp_violation(display)

    phone_page.goto(mine)
    assert "quầy 1" in phone_page.get_by_test_id("called").inner_text()
    screenshot(phone_page, "counter-ticket-called-phone")

    with officer.expect_navigation():
        officer.get_by_test_id("call-next").click()  # A001 served, A002 called
    assert "Mời số A002" in officer.inner_text("main")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Vắng mặt").click()

    manager = officer_page(browser, live_server, q.manager)
    manager.goto(live_server.url + "/xep-hang/thong-ke/")
    table = manager.get_by_test_id("stats").inner_text()
    assert "Quầy" in manager.inner_text("main") and table.count("\n") >= 1
    totals = manager.get_by_test_id("totals").inner_text()
    assert "Số thứ tự\n2" in totals
    screenshot(manager, "counter-statistics")
    no_csp_violation(manager)
    for context in {officer.context, manager.context}:
        context.close()


def test_citizen_books_an_appointment_with_the_keyboard(q, live_server, browser, page, client, screenshot):
    page.add_init_script(LISTEN)
    sign_in_session(page, live_server, client, q.citizen)
    page.goto(live_server.url + f"/xep-hang/trung-tam/{q.centre.code}/dat-lich/")
    page.get_by_label("Dịch vụ").focus()
    page.keyboard.press("ArrowDown")  # the first service
    page.get_by_label("Ngày (chỉ ngày làm việc)").focus()
    page.keyboard.press("ArrowDown")  # the first working day offered
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Xem giờ còn trống"
    page.wait_for_url("**ngay=**")
    first = page.locator("input[name=slot]:not([disabled])").first
    first.focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Họ và tên").input_value() == q.citizen.full_name  # prefilled from the account
    page.get_by_label("Số điện thoại di động (để nhắc lịch)").fill("0912 345 678")
    screenshot(page, "counter-book")
    page.get_by_role("button", name="Đặt giờ này").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/xep-hang/lich-hen/")
    assert "Đã đặt lịch hẹn" in page.inner_text("main")
    rows = page.get_by_test_id("appointments").inner_text()
    assert "Hộ tịch, chứng thực" in rows and "Đã đặt" in rows
    screenshot(page, "counter-appointments")
    no_csp_violation(page)
    appointment = Appointment.objects.get()
    assert appointment.phone == "0912345678" and appointment.seat == 1
