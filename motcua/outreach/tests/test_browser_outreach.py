"""Outreach in Chromium: the centre manager plans a session with the keyboard; the officer sent to it opens the
session intake page, goes offline, receives two dossiers (kept in the queue: "2 hồ sơ chờ gửi"), comes back
online and sees them sent (the page reloads from the service worker's copy while offline, locked until the officer
types the offline unlock code set before leaving); exactly two dossiers exist, linked to the session. Screenshots:
/work/notes/shots/outreach/ (when that folder exists) and var/screenshots/outreach-*.png."""

from __future__ import annotations

import datetime as dt
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
LOCK_SHOTS = Path("/work/notes/shots/offline")  # the locked queue (a page opened without its officer)
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


def shot(page, screenshot, name: str, *, also: Path | None = None) -> None:
    path = screenshot(page, f"outreach-{name}")
    for folder in (SHOTS, also):
        if folder is not None and folder.is_dir():
            (folder / f"{name}.png").write_bytes(path.read_bytes())


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


def wait_for_offline_copy(page) -> None:
    """The service worker controls the page and holds its copy (so a reload without a connection opens it)."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    for _ in range(50):
        if page.evaluate("() => Boolean(navigator.serviceWorker.controller)"):
            break
        page.wait_for_timeout(200)
    page.reload()
    for _ in range(50):
        if page.evaluate("async () => Boolean(await caches.match(location.href, { ignoreVary: true }))"):
            break
        page.wait_for_timeout(200)
    page_confirmed(page)


def page_confirmed(page) -> None:
    """The intake page heard the same officer (its queue is open: the unlock-code fold shows)."""
    page.wait_for_function("() => !document.getElementById('outreach-pin').hidden")


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
    # Before leaving for the village: an offline unlock code, so the page can be reopened without a network.
    expect(page.get_by_test_id("pin")).to_be_visible()
    page.get_by_test_id("pin").locator("summary").click()
    page.get_by_label("Mã mở khóa mới").fill("nam-cang-2099")
    page.get_by_label("Nhập lại mã").fill("nam-cang-2099")
    page.get_by_role("button", name="Lưu mã mở khóa").click()
    expect(page.locator("#outreach-pin-status")).to_have_text("Đã đặt mã mở khóa ngoại tuyến cho danh sách này.")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tiếp nhận tại buổi lưu động")
    expect(page.locator("#outreach-net")).to_contain_text("Mất kết nối")
    # Reopened without a network: locked until the officer types the code (a wrong one is refused).
    expect(page.get_by_test_id("queue-locked")).to_contain_text("nhập mã mở khóa ngoại tuyến")
    page.get_by_label("Mã mở khóa ngoại tuyến").fill("sai-ma-roi")
    page.get_by_label("Mã mở khóa ngoại tuyến").press("Enter")
    expect(page.locator("#outreach-unlock-error")).to_have_text("Mã mở khóa không đúng.")
    shot(page, screenshot, "intake-offline-locked", also=LOCK_SHOTS)
    page.get_by_label("Mã mở khóa ngoại tuyến").fill("nam-cang-2099")
    page.get_by_role("button", name="Mở khóa").click()
    expect(page.get_by_test_id("queue-locked")).to_be_hidden()
    for name in ("Lò Văn Páo", "Vàng Thị Mai"):
        page.get_by_label("Người nộp hồ sơ", exact=False).first.fill(name)
        page.get_by_role("checkbox", name="Tờ khai").check()
        page.get_by_role("checkbox", name="Giấy chứng sinh").check()
        if name == "Lò Văn Páo":  # a scan taken offline: kept encrypted in IndexedDB, sent with the dossier
            page.get_by_label("Bản quét của: Tờ khai").set_input_files(
                files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% to khai\n"}]
            )
        page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
        expect(page.get_by_test_id("pending")).to_contain_text(name)
    assert page.get_by_test_id("queue-count").inner_text() == "2 hồ sơ chờ gửi"
    assert "Lò Văn Páo — Đăng ký khai sinh (1 tệp)" in page.get_by_test_id("pending").inner_text()
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
    scans = {d.applicant_name: d.documents.count() for d in linked}
    assert scans == {"Lò Văn Páo": 1, "Vàng Thị Mai": 0}
    assert all(i.from_queue for i in session.intakes.all())
    page.goto(f"{live_server.url}/luu-dong/{session.pk}/")
    figures = page.get_by_test_id("figures").inner_text()
    assert "2" in figures
    shot(page, screenshot, "session-figures")
    context.close()


def test_signed_out_keeps_the_queue_until_signed_in_again(live_server, browser, screenshot):
    """A stale sign-in (cookies gone: session and CSRF token) → the server refuses (403 page), the page keeps the
    dossier and asks to sign in again; signing in again in another tab opens the intake page, which sends the
    kept dossier with the new token (the queue is shared by the tabs through localStorage)."""
    province = ProvinceFactory()
    commune = UnitFactory(parent=province, name="Xã Tân Lập")
    centre = OneStopFactory(parent=commune)
    officer = officer_in(centre, Role.COUNTER_OFFICER)
    officer.set_password(PASSWORD)
    officer.save()
    procedure = ProcedureFactory(name="Đăng ký khai sinh")
    session = OutreachSession.objects.create(
        centre=centre,
        commune=commune,
        place="Bản Nậm Cang",
        day=dt.date(2099, 1, 5),
        starts_at=dt.time(8),
        ends_at=dt.time(11),
        planned_by=officer,
    )
    session.officers.set([officer])
    session.procedures.set([procedure])
    intake_url = f"/luu-dong/{session.pk}/tiep-nhan/"
    context, page = sign_in(browser, live_server, officer, intake_url)
    page_confirmed(page)
    context.clear_cookies()  # the sign-in expired while the laptop was away
    page.get_by_label("Người nộp hồ sơ", exact=False).first.fill("Lò Thị Xuân")
    page.get_by_role("checkbox", name="Tờ khai").check()
    page.get_by_role("checkbox", name="Giấy chứng sinh").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
    expect(page.locator("#outreach-auth")).to_be_visible()
    assert page.get_by_test_id("queue-count").inner_text() == "1 hồ sơ chờ gửi"
    shot(page, screenshot, "intake-signed-out")
    assert not Dossier.objects.exists()

    other = context.new_page()  # sign in again in a new tab: the intake page it opens sends the queue
    other.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={intake_url}")
    other.fill("input[name=username]", officer.username)
    other.fill("input[name=password]", PASSWORD)
    other.click("main button[type=submit]")
    other.wait_for_url(f"**{intake_url}")
    expect(other.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.", timeout=20_000)
    other.close()
    page.get_by_role("button", name="Gửi lại").click()  # the first tab: nothing left, the notice goes away
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    assert page.locator("#outreach-auth").is_hidden()
    assert "Lò Thị Xuân" in page.get_by_test_id("sent").inner_text()
    assert Dossier.objects.filter(outreach_intake__session=session).count() == 1
    context.close()


def open_account_menu(page):
    menu = page.locator("#main-nav details[data-nav-group=account]")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def test_the_queue_is_encrypted_and_erased_on_sign_out(live_server, browser, screenshot):
    """Personal data on the laptop: a queued dossier is stored only as AES-GCM ciphertext (the applicant's name is
    nowhere in localStorage; the key is kept only wrapped with the officer's secret); the page says so; reopened
    offline, the page shows a count only until it hears the same officer again; signing out with a dossier still
    waiting goes through the sign-out page ("1 hồ sơ chưa gửi"): staying keeps it, confirming erases the queue
    and the key."""
    province = ProvinceFactory()
    commune = UnitFactory(parent=province, name="Xã Tân Lập")
    centre = OneStopFactory(parent=commune)
    officer = officer_in(centre, Role.COUNTER_OFFICER)
    officer.set_password(PASSWORD)
    officer.save()
    procedure = ProcedureFactory(name="Đăng ký khai sinh")
    session = OutreachSession.objects.create(
        centre=centre,
        commune=commune,
        place="Bản Nậm Cang",
        day=dt.date(2099, 1, 5),
        starts_at=dt.time(8),
        ends_at=dt.time(11),
        planned_by=officer,
    )
    session.officers.set([officer])
    session.procedures.set([procedure])
    intake_url = f"/luu-dong/{session.pk}/tiep-nhan/"
    context, page = sign_in(browser, live_server, officer, intake_url)
    wait_for_offline_copy(page)
    context.set_offline(True)
    page.get_by_label("Người nộp hồ sơ", exact=False).first.fill("Lò Thị Xuân")
    page.get_by_label("Số định danh", exact=False).fill("001099012345")
    page.get_by_role("checkbox", name="Tờ khai").check()
    page.get_by_role("checkbox", name="Giấy chứng sinh").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    expect(page.get_by_test_id("queue-privacy")).to_contain_text("được mã hóa trên máy này")
    page.wait_for_function("() => Object.keys(localStorage).some((k) => k.endsWith('.vault'))")
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert ".vault" in stored and "Lò Thị Xuân" not in stored and "001099012345" not in stored
    assert ".queue" not in stored  # no plain-text copy
    record = page.evaluate(
        """() => new Promise((resolve) => {
             const open = indexedDB.open("motcua-outreach");
             open.onsuccess = () => {
               const get = open.result.transaction("keys").objectStore("keys").getAll();
               get.onsuccess = () => resolve(get.result.map((r) => ({
                 fields: Object.keys(r).sort(), bareKey: r instanceof CryptoKey,
                 online: r.online.data.byteLength, pin: r.pin })));
             };
           })"""
    )
    # The queue's key is kept only wrapped (32 bytes + the 16-byte tag) with the officer's secret, never bare.
    assert record == [{"fields": ["online", "pin", "priv", "pub", "v"], "bareKey": False, "online": 48, "pin": None}]
    page.reload()  # offline, signed in but not confirmed: the copy opens locked, a count only
    expect(page.get_by_test_id("queue-locked")).to_be_visible()
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    assert "Lò Thị Xuân" not in page.content()

    page.route("**/tiep-nhan/gui/", lambda route: route.abort())  # back online, but the sending still fails
    context.set_offline(False)  # the page hears the same officer: the queue opens (read back with the secret)
    expect(page.get_by_test_id("pending")).to_contain_text("Lò Thị Xuân")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    shot(page, screenshot, "intake-encrypted-queue")
    open_account_menu(page)  # the header's menu under the officer's name (core/_main_nav.html)
    page.get_by_role("button", name="Đăng xuất").click()  # a dossier waits: the sign-out page asks first
    page.wait_for_url("**/tai-khoan/dang-xuat/**")
    expect(page.get_by_test_id("sign-out-unsent")).to_contain_text("1 hồ sơ chưa gửi")
    page.get_by_role("link", name="Ở lại, chưa đăng xuất").click()  # cancelled: nothing erased
    page.wait_for_url(f"**{intake_url}")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    assert page.evaluate("() => Object.keys(localStorage).some((k) => k.endsWith('.vault'))")
    open_account_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/tai-khoan/dang-xuat/**")
    with page.expect_navigation():
        page.get_by_test_id("sign-out").get_by_role("button", name="Đăng xuất").click()  # confirmed
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('motcua.outreach.'))") == []
    left = page.evaluate(
        """() => new Promise((resolve) => {
             const open = indexedDB.open("motcua-outreach");
             open.onsuccess = () => {
               const get = open.result.transaction("keys").objectStore("keys").count();
               get.onsuccess = () => resolve(get.result);
             };
           })"""
    )
    assert left == 0
    assert not Dossier.objects.exists()
    context.close()
