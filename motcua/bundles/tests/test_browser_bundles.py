"""Bundles in Chromium: a citizen files the birth bundle on the portal with the keyboard and sees each agency's
part; an officer of the receiving centre signs in and opens the bundle view. Screenshots: var/screenshots/bundles-*.png
(copied to the notes by the helper)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.bundles.models import Bundle
from motcua.bundles.services import bundle_apply
from motcua.workdays.calendar import VN_TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""
# A Wednesday morning, before the 15:00 cut-off; the live server runs in this process, so it sees the same clock.
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)
BORN = NOW.date() - dt.timedelta(days=40)  # a child of 40 days


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=True):
        yield NOW


def test_citizen_files_the_birth_bundle_with_the_keyboard(bw, live_server, browser, client, tmp_path, screenshot):
    born = BORN
    certificate = tmp_path / "giay-chung-sinh.pdf"
    certificate.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    client.force_login(bw.citizen)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Liên thông thủ tục hành chính").first.click()
    page.wait_for_url("**/lien-thong/")
    screenshot(page, "bundles-list")
    page.get_by_test_id("definition-LT-KHAISINH").get_by_role("link", name="Nộp hồ sơ liên thông này").click()
    page.wait_for_url("**/lien-thong/nop/LT-KHAISINH/")
    # the applicant's data comes from the profile; the child's name and date are typed, fields reached with Tab
    assert page.get_by_label("Họ và tên").first.input_value() == "Nguyễn Thị Mai"
    page.get_by_label("Họ, chữ đệm và tên của trẻ").focus()
    page.keyboard.type("Trần Minh Khang")
    page.keyboard.press("Tab")
    page.keyboard.type(born.strftime("%d/%m/%Y"))
    assert page.get_by_label("Ngày sinh của trẻ").input_value() == born.strftime("%d/%m/%Y")
    page.get_by_label("Giấy tờ cho: Đăng ký khai sinh").set_input_files(str(certificate))
    screenshot(page, "bundles-apply")
    page.get_by_role("button", name="Nộp hồ sơ liên thông").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    bundle = Bundle.objects.get()
    assert f"Đã nộp hồ sơ liên thông {bundle.code}." in page.inner_text("main")
    parts = page.get_by_test_id("parts").inner_text()
    for text in (
        "Đăng ký khai sinh",
        "Đăng ký thường trú",
        "Cấp thẻ bảo hiểm y tế",
        "Công an tỉnh",
        "Bảo hiểm xã hội tỉnh",
    ):
        assert text in parts
    assert "chờ phần việc trước" in parts
    screenshot(page, "bundles-track")
    assert page.evaluate("window.__csp") == []
    context.close()


def test_officer_opens_the_bundle_view_after_sign_in(bw, live_server, browser, screenshot):
    bundle = bundle_apply(
        definition=bw.birth,
        receiving_unit=bw.centre,
        applicant_user=bw.citizen,
        applicant_name="Nguyễn Thị Mai",
        applicant_phone="0912345678",
        subject_name="Trần Minh Khang",
        subject_date=BORN,
    )
    bw.centre_officer.set_password(PASSWORD)
    bw.centre_officer.save()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/lien-thong/can-bo/")
    page.fill("input[name=username]", bw.centre_officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/lien-thong/can-bo/")
    assert "Nguyễn Thị Mai" in page.get_by_test_id("officer-bundles").inner_text()
    screenshot(page, "bundles-officer-list")
    page.get_by_role("link", name=bundle.code).click()
    page.wait_for_url(f"**/lien-thong/can-bo/{bundle.code}/")
    parts = page.get_by_test_id("parts").inner_text()
    assert "Công an tỉnh" in parts and "Giờ làm việc đã dùng / được giao" in parts
    assert "Hạn trả kết quả chung" in page.get_by_test_id("bundle-summary").inner_text()
    screenshot(page, "bundles-officer-detail")
    page.get_by_role("link", name=bundle.parts.get(component__order=1).dossier.code).click()
    page.wait_for_url("**/can-bo/ho-so/**")
    screenshot(page, "bundles-officer-component")
    assert page.evaluate("window.__csp") == []
    context.close()


def test_counter_officer_receives_a_bundle_with_the_keyboard(bw, live_server, browser, screenshot):
    """The counter officer goes from the console's intake to the bundle, enters the applicant once, is told in
    Vietnamese what is missing, ticks the papers shown, receives the bundle and gets the receipt with the bundle
    code and the one total appointment (Wednesday 10:00 + 3 working days = Monday 10:00); sending the form again
    after a lost answer files no second bundle."""
    from motcua.catalog.models import RequiredDocument
    from motcua.catalog.selectors import procedure_get_current

    birth = procedure_get_current("1.001193")
    for n, name in enumerate(["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]):
        RequiredDocument.objects.create(procedure=birth, order=n, name=name, originals=1, required=True)
    bw.centre_officer.set_password(PASSWORD)
    bw.centre_officer.save()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/can-bo/tiep-nhan/")
    page.fill("input[name=username]", bw.centre_officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/can-bo/tiep-nhan/")
    page.get_by_test_id("intake-bundle-link").click()
    page.wait_for_url("**/lien-thong/can-bo/tiep-nhan/")
    screenshot(page, "bundles-counter-choose")
    page.get_by_test_id("counter-definitions").get_by_role("link", name="Liên thông đăng ký khai sinh").click()
    page.wait_for_url("**/lien-thong/can-bo/tiep-nhan/LT-KHAISINH/")
    # the receiving counter defaults to the officer's own; the applicant is typed once, field to field with Tab
    assert page.get_by_label("Quầy tiếp nhận").input_value() == str(bw.centre.pk)
    page.get_by_label("Họ và tên").first.focus()
    page.keyboard.type("Nguyễn Thị Mai")
    page.keyboard.press("Tab")
    page.keyboard.type("001190012345")
    page.keyboard.press("Tab")
    page.keyboard.type("0912345678")
    page.get_by_label("Ngày sinh của trẻ").focus()
    page.keyboard.type(BORN.strftime("%d/%m/%Y"))
    page.get_by_label("Tờ khai đăng ký khai sinh").focus()
    page.keyboard.press("Space")  # one of two papers: the child's name is missing too
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.get_by_test_id("form-errors").inner_text()
    assert "Vui lòng sửa các trường được đánh dấu dưới đây." in errors
    assert "Trường này là bắt buộc." in page.inner_text("main")
    assert not Bundle.objects.exists()
    screenshot(page, "bundles-counter-errors")
    # the values typed stay; the officer adds the child's name, but the birth certificate is still not ticked
    assert page.get_by_label("Họ và tên").first.input_value() == "Nguyễn Thị Mai"
    page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Trần Minh Khang")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    assert "Giấy chứng sinh" in page.get_by_test_id("form-errors").inner_text()
    assert not Bundle.objects.exists()
    page.get_by_label("Giấy chứng sinh").check()
    screenshot(page, "bundles-counter-form")
    # the answer to the first click is lost on the way back (the bundle is filed, the page does not move), so the
    # officer clicks again: the form's one-time key files nothing more and shows the first bundle's receipt
    lost: list[int] = []

    def lose_the_answer(route) -> None:
        lost.append(route.fetch(max_redirects=0).status)
        route.fulfill(status=204)

    page.route("**/lien-thong/can-bo/tiep-nhan/LT-KHAISINH/", lose_the_answer)
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    page.unroute("**/lien-thong/can-bo/tiep-nhan/LT-KHAISINH/")
    assert lost == [302] and Bundle.objects.count() == 1
    assert page.get_by_label("Giấy chứng sinh").is_checked()  # still on the filled form
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    bundle = Bundle.objects.get()
    page.wait_for_url(f"**/lien-thong/can-bo/{bundle.code}/giay-hen/")
    assert page.get_by_test_id("receipt-code").inner_text() == bundle.code
    assert page.get_by_test_id("receipt-due").inner_text() == "10:00 23/11/2026"
    parts = page.get_by_test_id("receipt-parts").inner_text()
    assert all(p.dossier.code in parts for p in bundle.parts.all()) and "Công an tỉnh" in parts
    assert f"hồ sơ liên thông {bundle.code} chỉ được lập một lần" in page.inner_text("main")
    screenshot(page, "bundles-counter-receipt")
    assert page.evaluate("window.__csp") == []
    context.close()
