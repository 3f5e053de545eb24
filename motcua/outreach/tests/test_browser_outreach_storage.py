"""Outreach in Chromium: what the laptop stores, and what happens when it refuses to.

- A scan's file name (which often holds the applicant's name) is stored encrypted like its content, never beside
  the ciphertext in IndexedDB; the dossier still reaches the server with the scan under its name.
- The browser refuses to store a dossier received while the queue is locked (storage full): the page keeps it in
  memory and says so (it used to say nothing and lose it); once the queue opens, it is sent.
- Setting the offline unlock code fails to reach the disk: the page says so and does not claim a code is set.

Screenshots: /work/notes/shots/outreach/ and var/screenshots/outreach-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier

from .test_browser_outreach import page_confirmed, shot, sign_in, wait_for_offline_copy
from .test_browser_outreach_sign_out import Laptop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = """() => new Promise((resolve) => {
  const open = indexedDB.open("motcua-outreach");
  open.onsuccess = () => {
    const get = open.result.transaction("files").objectStore("files").getAll();
    get.onsuccess = () => resolve(get.result.map((scans) => scans.map((scan) => ({
      fields: Object.keys(scan).sort(),
      strings: Object.values(scan).filter((v) => typeof v === "string"),
    }))));
  };
})"""
PIN = """() => new Promise((resolve) => {
  const open = indexedDB.open("motcua-outreach");
  open.onsuccess = () => {
    const get = open.result.transaction("keys").objectStore("keys").getAll();
    get.onsuccess = () => resolve(get.result.map((r) => r.pin === null ? null : "set"));
  };
})"""
SCAN_NAME = "cccd-lo-thi-xuan.pdf"


def test_a_scans_name_is_stored_encrypted(live_server, browser, screenshot):
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    page_confirmed(page)
    context.set_offline(True)
    page.get_by_label("Người nộp hồ sơ", exact=False).first.fill("Lò Thị Xuân")
    page.get_by_role("checkbox", name="Tờ khai").check()
    page.get_by_label("Bản quét của: Giấy chứng sinh").set_input_files(
        files=[{"name": SCAN_NAME, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% chung sinh\n"}]
    )
    page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
    expect(page.get_by_test_id("pending")).to_contain_text("Lò Thị Xuân — Đăng ký khai sinh (1 tệp)")
    stored = page.evaluate(FILES)
    assert [[scan["fields"] for scan in scans] for scans in stored] == [[["data", "iv", "meta"]]]
    assert stored[0][0]["strings"] == []  # no name, type or document in plain text
    context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.", timeout=20_000)
    scan = Dossier.objects.get(applicant_name="Lò Thị Xuân").documents.get()
    assert scan.name == SCAN_NAME and scan.content_type == "application/pdf"
    assert scan.required_document.name == "Giấy chứng sinh"
    context.close()


def test_a_dossier_the_browser_refuses_to_store_is_kept_in_the_page_and_said(live_server, browser, screenshot):
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    wait_for_offline_copy(page)  # the queue exists on the disk (its public key receives while locked)
    context.set_offline(True)
    page.reload()  # offline: the copy opens locked
    expect(page.get_by_test_id("queue-locked")).to_be_visible()
    page.evaluate(
        """() => {  // the disk is full: the sealed entry cannot be written
          const setItem = Storage.prototype.setItem;
          Storage.prototype.setItem = function (key, value) {
            if (String(key).endsWith(".inbox")) throw new DOMException("full", "QuotaExceededError");
            return setItem.call(this, key, value);
          };
        }"""
    )
    page.get_by_label("Người nộp hồ sơ", exact=False).first.fill("Vàng A Dế")
    page.get_by_role("checkbox", name="Tờ khai").check()
    page.get_by_role("checkbox", name="Giấy chứng sinh").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").press("Enter")
    expect(page.get_by_test_id("queue-store-error")).to_be_visible()
    expect(page.get_by_test_id("queue-store-error")).to_contain_text("chỉ được giữ khi trang này còn mở")
    expect(page.get_by_test_id("queue-count")).to_have_text("1 hồ sơ chờ gửi")
    # The connection line no longer says the dossiers are kept on this computer: this one is in the page only.
    expect(page.locator("#outreach-net")).to_have_text(
        "Mất kết nối: máy này không lưu được hồ sơ; hồ sơ chỉ được giữ trong trang này và tự gửi khi có mạng trở "
        "lại. Đừng đóng hoặc tải lại trang."
    )
    assert "Vàng A Dế" not in page.get_by_test_id("pending").inner_text()  # still locked: a count only
    shot(page, screenshot, "intake-store-refused")
    context.set_offline(False)  # the same officer is heard: the queue opens, takes the entry in and sends it
    expect(page.get_by_test_id("queue-count")).to_have_text("Không có hồ sơ chờ gửi.", timeout=20_000)
    assert "Vàng A Dế" in page.get_by_test_id("sent").inner_text()
    expect(page.get_by_test_id("queue-store-error")).to_be_hidden()
    assert Dossier.objects.filter(applicant_name="Vàng A Dế").count() == 1
    context.close()


def test_an_unlock_code_that_did_not_reach_the_disk_is_not_said_to_be_set(live_server, browser, screenshot):
    laptop = Laptop()
    context, page = sign_in(browser, live_server, laptop.a, laptop.intake_url)
    expect(page.get_by_test_id("pin")).to_be_visible()
    page.evaluate(
        """() => {  // the next write of the key record fails
          const put = IDBObjectStore.prototype.put;
          window.__failOnce = true;
          IDBObjectStore.prototype.put = function (value, key) {
            if (this.name === "keys" && window.__failOnce) { window.__failOnce = false; throw new DOMException("x", "UnknownError"); }
            return put.call(this, value, key);
          };
        }"""
    )
    page.get_by_test_id("pin").locator("summary").click()
    for attempt in ("first", "again"):
        page.get_by_label("Mã mở khóa mới").fill("nam-cang-2099")
        page.get_by_label("Nhập lại mã").fill("nam-cang-2099")
        page.get_by_role("button", name="Lưu mã mở khóa").click()
        if attempt == "first":
            expect(page.locator("#outreach-pin-status")).to_have_text(
                "Không lưu được mã mở khóa trên máy này: hãy thử lại."
            )
            assert page.evaluate(PIN) == [None]
            assert page.get_by_label("Mã mở khóa mới").input_value() == ""  # the code leaves the page at once
            shot(page, screenshot, "intake-pin-not-saved")
    expect(page.locator("#outreach-pin-status")).to_have_text("Đã đặt mã mở khóa ngoại tuyến cho danh sách này.")
    assert page.evaluate(PIN) == ["set"]
    context.close()
