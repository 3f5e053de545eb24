"""Outreach in Chromium: the centre manager plans a session with the keyboard; the officer sent to it opens the
session intake page, goes offline, receives two dossiers (kept in the queue: "2 hồ sơ chờ gửi"), comes back
online and sees them sent (the page reloads from the service worker's copy while offline); exactly two dossiers exist, linked to the session. Screenshots:
/work/notes/shots/outreach/ (when that folder exists) and var/screenshots/outreach-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.choices import Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import OneStopFactory, ProcedureFactory, officer_in
from motcua.outreach.models import OutreachSession
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
SHOTS = Path("/work/notes/shots/outreach")
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


def shot(page, screenshot, name: str) -> None:
    path = screenshot(page, f"outreach-{name}")
    if SHOTS.is_dir():
        (SHOTS / f"{name}.png").write_bytes(path.read_bytes())


def sign_in(browser, live_server, user, next_url: str):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return context, page


def test_plan_then_receive_offline_and_sync(live_server, browser, screenshot):
    province = ProvinceFactory()
    commune = UnitFactory(parent=province, name="Xã Tân Lập")
    centre = OneStopFactory(parent=commune, name="Trung tâm Phục vụ hành chính công xã Tân Lập")
    manager = officer_in(centre, Role.ONE_STOP_MANAGER)
    officer = officer_in(centre, Role.COUNTER_OFFICER)
    officer.full_name = "Hoàng Thị Lan"
    for user in (manager, officer):
        user.set_password(PASSWORD)
        user.save()
    ProcedureFactory(name="Đăng ký khai sinh")
    ProcedureFactory(name="Đăng ký kết hôn")

    context, page = sign_in(browser, live_server, manager, "/luu-dong/")
    page.get_by_role("link", name="Lập kế hoạch buổi tiếp nhận").click()
    page.wait_for_url("**/luu-dong/ke-hoach/")
    page.keyboard.type("Thôn Đồng Tâm")  # the place has the focus; the day defaults to tomorrow
    page.get_by_label("Hoàng Thị Lan").focus()
    page.keyboard.press("Space")
    page.get_by_label("Đăng ký khai sinh", exact=False).focus()
    page.keyboard.press("Space")
    page.get_by_label("Ghi chú").focus()
    page.keyboard.type("Mang theo máy in")
    shot(page, screenshot, "plan-form")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã lập kế hoạch buổi tiếp nhận lưu động." in page.inner_text("main")
    assert "Thôn Đồng Tâm" in page.get_by_test_id("session").inner_text()
    shot(page, screenshot, "session-planned")
    assert page.evaluate("window.__csp") == []
    context.close()

    session = OutreachSession.objects.get()
    intake_url = f"/luu-dong/{session.pk}/tiep-nhan/"
    context, page = sign_in(browser, live_server, officer, f"/luu-dong/{session.pk}/")
    page.get_by_role("link", name="Tiếp nhận hồ sơ tại buổi này").click()
    page.wait_for_url(f"**{intake_url}")
    assert page.get_by_test_id("queue-count").inner_text() == "Không có hồ sơ chờ gửi."
    # The service worker takes the page over, keeps a copy, and a reload without a connection still opens it.
    page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    for _ in range(50):
        if page.evaluate("() => Boolean(navigator.serviceWorker.controller)"):
            break
        page.wait_for_timeout(200)
    page.reload()
    assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")
    for _ in range(50):
        if page.evaluate("async () => Boolean(await caches.match(location.href, { ignoreVary: true }))"):
            break
        page.wait_for_timeout(200)
    assert page.evaluate("async () => Boolean(await caches.match(location.href, { ignoreVary: true }))")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tiếp nhận tại buổi lưu động")
    expect(page.locator("#outreach-net")).to_contain_text("Mất kết nối")
    for name in ("Lò Văn Páo", "Vàng Thị Mai"):
        page.get_by_label("Người nộp hồ sơ", exact=False).first.fill(name)
        page.get_by_label("Tờ khai").check()
        page.get_by_label("Giấy chứng sinh").check()
        page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
        page.wait_for_function("document.getElementById('outreach-pending').children.length > 0")
    assert page.get_by_test_id("queue-count").inner_text() == "2 hồ sơ chờ gửi"
    assert "Mất kết nối" in page.inner_text("#outreach-net")
    shot(page, screenshot, "intake-offline-queued")
    assert Dossier.objects.count() == 0

    context.set_offline(False)  # the `online` event sends the queue
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.", timeout=20_000)
    sent = page.get_by_test_id("sent").inner_text()
    assert "Lò Văn Páo" in sent and "Vàng Thị Mai" in sent
    shot(page, screenshot, "intake-online-sent")
    page.get_by_role("button", name="Gửi lại").click()  # nothing left: sends nothing more
    assert page.evaluate("window.__csp") == []

    linked = Dossier.objects.filter(outreach_intake__session=session)
    assert Dossier.objects.count() == 2 and linked.count() == 2
    assert set(linked.values_list("applicant_name", flat=True)) == {"Lò Văn Páo", "Vàng Thị Mai"}
    assert all(i.from_queue for i in session.intakes.all())
    page.goto(f"{live_server.url}/luu-dong/{session.pk}/")
    figures = page.get_by_test_id("figures").inner_text()
    assert "2" in figures
    shot(page, screenshot, "session-figures")
    context.close()
