"""A procedure review in Chromium: the officer records a review, adds a proposal with its before/after figures,
sees the yearly saving, and records the decision with the catalogue version it produced.
Screenshots: var/screenshots/simplify-*.png."""

from __future__ import annotations

import pytest

from .test_simplify import ReviewWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


def test_officer_records_a_review_a_proposal_and_the_decision(live_server, browser, screenshot):
    rw = ReviewWorld()
    rw.officer.set_password(PASSWORD)
    rw.officer.save()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/ra-soat-tthc/")
    page.fill("input[name=username]", rw.officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/ra-soat-tthc/")
    page.get_by_role("link", name="Rà soát mới").click()
    page.get_by_label("Mã thủ tục").fill(rw.v1.code)
    page.get_by_label("Ngày rà soát").fill("10/03/2026")
    page.get_by_label("Kết quả rà soát").fill("Giấy xác nhận cư trú trùng với dữ liệu dân cư.")
    page.get_by_label("Thu nhập bình quân một giờ (đồng)").fill("25000")
    page.get_by_label("Số hồ sơ một năm").fill("1200")
    screenshot(page, "simplify-create")
    page.get_by_role("button", name="Ghi nhận kết quả rà soát").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Rà soát thủ tục" in page.inner_text("h1")

    form = page.get_by_test_id("proposal-form")
    form.get_by_label("Loại").select_option(label="Cắt giảm, thay thế thành phần hồ sơ")
    form.get_by_label("Phương án").fill("Bỏ yêu cầu nộp giấy xác nhận cư trú.")
    form.get_by_label("Số giờ của người thực hiện trước").fill("8")
    form.get_by_label("Số giờ của người thực hiện sau").fill("2.5")
    form.get_by_label("Chi phí tiền trước (đồng)").fill("150000")
    form.get_by_label("Chi phí tiền sau (đồng)").fill("100000")
    with page.expect_navigation():
        form.get_by_role("button", name="Thêm phương án").click()
    assert "225.000.000" in page.get_by_test_id("proposals").inner_text()

    decision = page.get_by_test_id("decision-form")
    decision.get_by_label("Số quyết định").fill("1234/QĐ-UBND")
    decision.get_by_label("Ngày ký").fill("20/05/2026")
    decision.get_by_label("Cơ quan ban hành").fill("Chủ tịch Ủy ban nhân dân tỉnh")
    decision.get_by_label("Bỏ yêu cầu nộp giấy xác nhận cư trú.").check()
    decision.get_by_label("Phiên bản thủ tục được công bố").select_option(index=1)
    with page.expect_navigation():
        decision.get_by_role("button", name="Ghi nhận quyết định").click()
    text = page.get_by_test_id("decision").inner_text()
    assert "1234/QĐ-UBND" in text and "phiên bản 2" in text
    assert "Tỷ lệ cắt giảm (%)" in page.inner_text("main")
    assert "Tiết kiệm được thông qua: 225.000.000" in page.get_by_test_id("totals").inner_text()
    screenshot(page, "simplify-detail")
    assert page.evaluate("window.__csp") == []
    context.close()
