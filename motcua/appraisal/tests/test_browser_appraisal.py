"""Officer evaluation in Chromium: the centre manager sorts the unit's officers, opens one, picks a month, follows
a figure to its dossiers, and records the yearly grading (a first attempt without the required reason keeps the
input and says what is missing). Screenshots: var/screenshots/appraisal-*.png."""

from __future__ import annotations

import pytest

from motcua.appraisal.models import OfficerGrading

from .conftest import EvaluationWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


def test_manager_reviews_an_officer_and_records_the_grading(live_server, browser, screenshot):
    world = EvaluationWorld()
    world.manager.set_password(PASSWORD)
    world.manager.save()
    counter_name = world.counter.full_name
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/danh-gia-can-bo/")
    page.fill("input[name=username]", world.manager.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/danh-gia-can-bo/")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Sắp xếp theo").select_option(label="Hồ sơ đã xử lý")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    first = page.get_by_test_id("officers").locator("tbody tr").first
    assert counter_name in first.inner_text()
    screenshot(page, "appraisal-list")
    with page.expect_navigation():
        first.get_by_role("link", name=counter_name).click()

    page.get_by_label("Kỳ").fill("2026-03")
    with page.expect_navigation():
        page.get_by_label("Kỳ").press("Enter")
    figures = page.get_by_test_id("figures")
    assert page.get_by_test_id("dossiers-acted").inner_text() == "3"
    assert "Tiếp nhận" in figures.inner_text()
    assert "Cấu hình của địa phương" in page.get_by_test_id("config-flag").inner_text()
    screenshot(page, "appraisal-detail")
    with page.expect_navigation():
        page.get_by_test_id("late").get_by_role("link").click()
    assert world.d3.code in page.get_by_test_id("dossiers").inner_text()
    page.go_back()

    with page.expect_navigation():
        page.get_by_role("link", name="Ghi nhận phân loại").click()
    form = page.get_by_test_id("grading-form")
    form.get_by_label("Năm").fill("2026")
    form.get_by_label("Hoàn thành dưới 70% nhiệm vụ (dưới 3,5 điểm)").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Ghi nhận phân loại").click()
    form = page.get_by_test_id("grading-form")
    assert "ghi rõ lý do" in form.inner_text()
    assert form.get_by_label("Hoàn thành dưới 70% nhiệm vụ (dưới 3,5 điểm)").is_checked()
    assert form.get_by_label("Năm").input_value() == "2026"
    screenshot(page, "appraisal-grade-error")
    form.get_by_label("Lý do").fill("Có phản ánh về thái độ đã được xác minh.")
    with page.expect_navigation():
        form.get_by_role("button", name="Ghi nhận phân loại").click()
    gradings = page.get_by_test_id("gradings").inner_text()
    assert "Hoàn thành dưới 70% nhiệm vụ" in gradings and "Có phản ánh về thái độ" in gradings
    screenshot(page, "appraisal-graded")
    assert page.evaluate("window.__csp") == []
    assert OfficerGrading.objects.count() == 1
    context.close()
