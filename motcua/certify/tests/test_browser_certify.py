"""Certifying an electronic copy in Chromium: the officer opens the book from the menu, certifies two scanned
pages with the keyboard, sees the number in the book; the citizen finds the copy in their data store.
Screenshots: var/screenshots/certify-*.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


def test_officer_certifies_a_copy_and_the_citizen_finds_it(cw, live_server, browser, client, tmp_path, screenshot):
    cw.officer.set_password(PASSWORD)
    cw.officer.save()
    pages = []
    for n, fmt in ((1, "PNG"), (2, "JPEG")):
        upload = scan(f"trang-{n}.{'png' if fmt == 'PNG' else 'jpg'}", fmt=fmt)
        path = tmp_path / upload.name
        path.write_bytes(upload.read())
        pages.append(str(path))

    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/chung-thuc/")
    page.fill("input[name=username]", cw.officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/chung-thuc/")
    page.get_by_role("link", name="Chứng thực bản sao", exact=True).last.click()
    page.wait_for_url("**/chung-thuc/moi/")
    page.get_by_label("Họ tên người yêu cầu").fill("Lê Thị Hoa")
    page.get_by_label("Số định danh cá nhân của người yêu cầu").fill("001190012345")
    page.get_by_label("Giấy tờ được chứng thực").fill("Bằng tốt nghiệp trung học phổ thông")
    page.get_by_label("Các trang quét của bản chính (JPEG hoặc PNG, mỗi trang một tệp)").set_input_files(pages)
    screenshot(page, "certify-form")
    page.get_by_role("button", name="Chứng thực và ký số").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã chứng thực bản sao: số 1/" in page.inner_text("main")
    facts = page.get_by_test_id("copy").inner_text()
    assert "Bằng tốt nghiệp" in facts and "4.000" in facts
    screenshot(page, "certify-detail")
    page.get_by_role("link", name="Sổ chứng thực bản sao điện tử").click()
    assert "Lê Thị Hoa" in page.get_by_test_id("book").inner_text()
    screenshot(page, "certify-book")
    assert page.evaluate("window.__csp") == []
    context.close()

    citizen = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = citizen.new_page()
    client.force_login(cw.citizen)
    citizen.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    phone.goto(live_server.url + reverse("citizen:data_store"))
    assert "Bản sao điện tử chứng thực — Bằng tốt nghiệp trung học phổ thông" in phone.inner_text("main")
    screenshot(phone, "certify-data-store-phone")
    citizen.close()
