"""Outreach in Chromium, the laptop shared by officers (issue 21 part 6, follow-up). Officer A receives a
dossier offline with a scan attached beside "Giấy chứng sinh"; then:

- A signs out from another page: the sign-out page says "1 hồ sơ chưa gửi" and asks; confirmed, the queue and
  its key are erased, the intake tab says so, and officer B signing in finds nothing;
- A's sign-in expires and B signs in on the laptop: B's first page erases A's queue unread and says how many
  dossiers were not sent; A's intake tab drops it too; nothing reaches the server;
- A's sign-in expires and A signs in again: the queue is still there and is sent exactly once (the first answer
  is lost on the way, the replay returns the same dossier), the scan under "Giấy chứng sinh".
- A's sign-in expires: the page, and the copy the service worker opens offline, show a count and no name; a
  dossier received there is sealed to the queue's public key; A signs in again and both are sent once.

Screenshots: /work/notes/shots/outreach/ and var/screenshots/outreach-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from motcua.accounts.choices import Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import OneStopFactory, ProcedureFactory, officer_in
from motcua.outreach.models import OutreachIntake, OutreachSession
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

from .test_browser_outreach import (
    LOCK_SHOTS,
    PASSWORD,
    open_account_menu,
    page_confirmed,
    shot,
    sign_in,
    wait_for_offline_copy,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORED = """() => new Promise((resolve) => {
  const local = Object.keys(localStorage).filter((k) => k.startsWith("motcua.outreach."));
  const open = indexedDB.open("motcua-outreach");
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("keys")) { db.close(); resolve({ local, keys: 0, files: 0 }); return; }
    const tx = db.transaction(["keys", "files"]);
    const keys = tx.objectStore("keys").count(), files = tx.objectStore("files").count();
    tx.oncomplete = () => { db.close(); resolve({ local, keys: keys.result, files: files.result }); };
  };
})"""
NOTHING = {"local": [], "keys": 0, "files": 0}


class Laptop:
    """A commune centre, a session offering "Đăng ký khai sinh" (Tờ khai, Giấy chứng sinh), two officers sent."""

    def __init__(self) -> None:
        province = ProvinceFactory()
        commune = UnitFactory(parent=province, name="Xã Tân Lập")
        centre = OneStopFactory(parent=commune)
        self.a = officer_in(centre, Role.COUNTER_OFFICER)
        self.a.full_name = "Hoàng Thị Lan"
        self.b = officer_in(centre, Role.COUNTER_OFFICER)
        self.b.full_name = "Vi Văn Khánh"
        for user in (self.a, self.b):
            user.set_password(PASSWORD)
            user.save()
        self.procedure = ProcedureFactory(name="Đăng ký khai sinh")
        self.session = OutreachSession.objects.create(
            centre=centre,
            commune=commune,
            place="Bản Nậm Cang",
            day=dt.date(2099, 1, 5),
            starts_at=dt.time(8),
            ends_at=dt.time(11),
            planned_by=self.a,
        )
        self.session.officers.set([self.a, self.b])
        self.session.procedures.set([self.procedure])
        self.intake_url = f"/luu-dong/{self.session.pk}/tiep-nhan/"


def queue_offline(context, page) -> None:
    page_confirmed(page)  # opened under A's confirmed sign-in: the dossier below is listed
    context.set_offline(True)
    page.get_by_label("Người nộp hồ sơ", exact=False).first.fill("Lò Thị Xuân")
    page.get_by_label("Số định danh", exact=False).fill("001099012345")
    page.get_by_role("checkbox", name="Tờ khai").check()
    page.get_by_label("Bản quét của: Giấy chứng sinh").set_input_files(
        files=[{"name": "chung-sinh.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% chung sinh\n"}]
    )
    page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    expect(page.get_by_test_id("pending")).to_contain_text("Lò Thị Xuân — Đăng ký khai sinh (1 tệp)")
    page.wait_for_function("() => Object.keys(localStorage).some((k) => k.endsWith('.pending'))")


def sign_in_tab(context, live_server, user, next_url: str):
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    tab.fill("input[name=username]", user.username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("main button[type=submit]")
    tab.wait_for_url(f"**{next_url}")
    return tab


def test_sign_out_from_another_page_erases_the_queue_then_another_officer_finds_nothing(
    live_server, browser, screenshot
):
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    queue_offline(context, page)
    shot(page, screenshot, "shared-queued-with-scan")
    context.route("**/tiep-nhan/gui/", lambda route: route.abort())  # online again, but the sending fails
    context.set_offline(False)

    other = context.new_page()  # another page of the site, in another tab
    other.set_default_timeout(20_000)
    other.goto(f"{live_server.url}/luu-dong/")
    open_account_menu(other)  # the header's menu under the officer's name (core/_main_nav.html)
    other.get_by_role("button", name="Đăng xuất").click()
    other.wait_for_url("**/tai-khoan/dang-xuat/**")
    expect(other.get_by_test_id("sign-out-unsent")).to_contain_text("1 hồ sơ chưa gửi")
    shot(other, screenshot, "sign-out-page-unsent")
    with other.expect_navigation():
        other.get_by_test_id("sign-out").get_by_role("button", name="Đăng xuất").click()

    # The intake tab heard it: what it held in memory is gone, and it says how many dossiers were not sent.
    expect(page.get_by_test_id("queue-erased")).to_contain_text("1 hồ sơ chưa gửi đã bị xóa khỏi máy này")
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    assert page.get_by_test_id("pending").inner_text() == ""
    shot(page, screenshot, "shared-intake-after-sign-out-elsewhere")
    assert page.evaluate(STORED) == NOTHING
    other.close()

    context.unroute("**/tiep-nhan/gui/")
    tab = sign_in_tab(context, live_server, laptop.b, laptop.intake_url)
    expect(tab.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    assert "Lò Thị Xuân" not in tab.inner_text("main")
    assert not Dossier.objects.exists() and not OutreachIntake.objects.exists()
    assert page.evaluate("window.__csp") == []
    context.close()


def test_expired_sign_in_then_another_officer_purges_the_queue_with_a_notice(live_server, browser, screenshot):
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    queue_offline(context, page)
    context.clear_cookies()  # A's sign-in expired while the laptop was away
    context.set_offline(False)  # the page asks who is signed in: nobody → nothing sent, the queue kept
    expect(page.locator("#outreach-auth")).to_be_visible()
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    assert not Dossier.objects.exists()

    tab = sign_in_tab(context, live_server, laptop.b, "/luu-dong/")  # B signs in on the same laptop
    expect(tab.get_by_test_id("outreach-purged")).to_contain_text("Máy này còn 1 hồ sơ tiếp nhận lưu động chưa gửi")
    expect(tab.get_by_test_id("outreach-purged")).to_contain_text("đã bị xóa khỏi máy")
    shot(tab, screenshot, "shared-other-officer-notice")
    assert tab.evaluate(STORED) == NOTHING
    # A's intake tab drops what it held and says why; pressing "Gửi lại" sends nothing under B's sign-in.
    expect(page.get_by_test_id("queue-erased")).to_contain_text("cán bộ khác")
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    page.get_by_role("button", name="Gửi lại").click()
    tab.goto(f"{live_server.url}{laptop.intake_url}")
    expect(tab.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    assert tab.get_by_test_id("outreach-purged").count() == 0  # said once
    assert not Dossier.objects.exists() and not OutreachIntake.objects.exists()
    context.close()


def test_an_intake_page_left_open_refuses_to_send_under_another_officer(live_server, browser, screenshot):
    """The intake tab did not hear the purge (an old tab): before sending it asks who is signed in, finds
    another officer, erases the queue and says how many dossiers were not sent; the server never sees them."""
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    queue_offline(context, page)
    context.clear_cookies()
    seen = []
    page.on("request", lambda request: seen.append(request.url) if "/tiep-nhan/gui/" in request.url else None)
    other = browser.new_context(locale="vi-VN")  # B signs in elsewhere; the cookie then arrives on this laptop
    tab = sign_in_tab(other, live_server, laptop.b, "/luu-dong/")
    context.add_cookies(other.cookies())
    other.close()
    context.set_offline(False)
    expect(page.get_by_test_id("queue-erased")).to_contain_text("Máy này còn 1 hồ sơ chưa gửi")
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    shot(page, screenshot, "shared-intake-other-officer")
    assert seen == [] and not Dossier.objects.exists()
    assert page.evaluate(STORED)["keys"] == 0
    assert tab  # signed in
    context.close()


def test_same_officer_signs_in_again_and_the_queue_is_sent_exactly_once(live_server, browser, screenshot):
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    queue_offline(context, page)
    context.clear_cookies()
    context.set_offline(False)
    expect(page.locator("#outreach-auth")).to_be_visible()
    tab = sign_in_tab(context, live_server, laptop.a, "/luu-dong/")  # A again, in another tab: nothing erased
    assert tab.get_by_test_id("outreach-purged").count() == 0
    tab.close()
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")

    lost = []

    def answer_lost(route):  # the server receives it, the answer is lost on the way back
        route.fetch()
        lost.append(True)
        route.abort()

    page.route("**/tiep-nhan/gui/", answer_lost)
    page.get_by_role("button", name="Gửi lại").click()
    page.wait_for_function("() => document.getElementById('outreach-net').textContent !== 'Đang gửi…'")
    for _ in range(50):
        if lost:
            break
        page.wait_for_timeout(200)
    assert lost and Dossier.objects.count() == 1
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")  # no answer: kept
    page.unroute("**/tiep-nhan/gui/")
    page.get_by_role("button", name="Gửi lại").click()  # the replay returns the same dossier
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    assert "Lò Thị Xuân" in page.get_by_test_id("sent").inner_text()
    page.get_by_role("button", name="Gửi lại").click()
    page.reload()
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    shot(page, screenshot, "shared-same-officer-sent")
    dossier = Dossier.objects.get()
    assert OutreachIntake.objects.get().dossier == dossier
    scan = dossier.documents.get()
    assert scan.name == "chung-sinh.pdf" and scan.required_document.name == "Giấy chứng sinh"
    assert page.evaluate(STORED)["files"] == 0  # the scan left the laptop with the dossier

    page.goto(live_server.url + reverse("console:dossier", args=[dossier.code]))
    expect(page.get_by_test_id("document-for")).to_have_text("Giấy chứng sinh")
    shot(page, screenshot, "dossier-scan-under-its-document")
    assert page.evaluate("window.__csp") == []
    context.close()


def test_a_page_without_its_officer_shows_no_citizen_name(live_server, browser, screenshot):
    """The intake page, or the copy of it the service worker opens offline, while its officer is not signed in
    (an expired sign-in): it shows a count, never a name, until it has confirmed the same officer online or the
    officer typed the unlock code. A receives a dossier offline; the sign-in expires and the connection returns:
    the page hears "signed out" and hides the list. Offline again, the kept copy opens signed out: locked, no
    name anywhere in the page; a dossier received there is sealed (counted, not listed, not in storage in clear).
    A signs in again: the page opens both and sends them exactly once."""
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    wait_for_offline_copy(page)
    queue_offline(context, page)  # "Lò Thị Xuân", listed: the page was opened under A's confirmed sign-in
    context.clear_cookies()  # A's sign-in expired
    context.set_offline(False)  # the page asks who is signed in: nobody → the list is hidden
    expect(page.get_by_test_id("queue-locked")).to_contain_text("đang khóa để bảo vệ dữ liệu cá nhân")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    expect(page.locator("#outreach-auth")).to_be_visible()
    assert "Lò Thị Xuân" not in page.content() and "001099012345" not in page.content()
    shot(page, screenshot, "locked-after-expiry", also=LOCK_SHOTS)
    assert not Dossier.objects.exists()

    context.set_offline(True)
    page.reload()  # the service worker's copy, opened offline and signed out
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tiếp nhận tại buổi lưu động")
    expect(page.get_by_test_id("queue-locked")).to_contain_text("Bạn vẫn tiếp nhận được hồ sơ mới")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    assert page.get_by_test_id("unlock-form").is_hidden()  # no unlock code was set: only a connection opens it
    assert page.get_by_test_id("pin").is_hidden()
    assert "Lò Thị Xuân" not in page.content() and "001099012345" not in page.content()
    shot(page, screenshot, "copy-opened-signed-out", also=LOCK_SHOTS)

    page.get_by_label("Người nộp hồ sơ", exact=False).first.fill("Vàng Thị Mai")  # received while locked
    page.get_by_label("Số định danh", exact=False).fill("001088067890")
    page.get_by_role("checkbox", name="Tờ khai").check()
    page.get_by_role("checkbox", name="Giấy chứng sinh").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
    expect(page.get_by_test_id("queue-count")).to_have_text("2 hồ sơ chờ gửi")
    assert "Vàng Thị Mai" not in page.content() and "Lò Thị Xuân" not in page.content()
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert ".inbox" in stored and "Vàng Thị Mai" not in stored and "001088067890" not in stored
    shot(page, screenshot, "copy-signed-out-received-one-more", also=LOCK_SHOTS)

    context.set_offline(False)
    tab = sign_in_tab(context, live_server, laptop.a, laptop.intake_url)  # A again: opened, both sent
    expect(tab.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    expect(tab.get_by_test_id("sent")).to_contain_text("Vàng Thị Mai")
    expect(tab.get_by_test_id("sent")).to_contain_text("Lò Thị Xuân")
    shot(tab, screenshot, "same-officer-again-sent", also=LOCK_SHOTS)
    page.get_by_role("button", name="Gửi lại").click()  # the locked tab confirms A too: nothing left to send
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.")
    expect(page.get_by_test_id("sent")).to_contain_text("Vàng Thị Mai")
    assert page.get_by_test_id("queue-locked").is_hidden()
    assert sorted(Dossier.objects.values_list("applicant_name", flat=True)) == ["Lò Thị Xuân", "Vàng Thị Mai"]
    assert OutreachIntake.objects.count() == 2 and OutreachIntake.objects.filter(from_queue=True).count() == 2
    scan = Dossier.objects.get(applicant_name="Lò Thị Xuân").documents.get()
    assert scan.name == "chung-sinh.pdf" and scan.required_document.name == "Giấy chứng sinh"
    assert page.evaluate(STORED)["files"] == 0 and "inbox" not in str(page.evaluate(STORED)["local"])
    assert page.evaluate("window.__csp") == [] and tab.evaluate("() => window.__csp || []") == []
    context.close()
