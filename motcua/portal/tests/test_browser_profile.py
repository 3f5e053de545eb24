"""A citizen's first visit in Chromium (issue 17): sign in with a one-time code, give a name once, find it in
the header, the online form prefilled from the profile, and the name (not "cd-…") in the officers' history.
An anonymous sender of feedback finds the unit by typing, gets a reference and a key, and follows the answer."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.feedback.models import Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def emailed_code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_citizen_gives_a_name_once_and_every_screen_uses_it(live_server, browser, client, screenshot, tmp_path):
    world = World(online_level="partial")
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/tai-khoan/ma-mot-lan/")
    page.locator("input[name=address]").press_sequentially("binh@example.com")
    page.keyboard.press("Enter")
    page.wait_for_url("**/xac-nhan/")
    page.locator("input[name=code]").press_sequentially(emailed_code())
    page.keyboard.press("Enter")
    page.wait_for_url("**/thong-tin-ca-nhan/**")
    screenshot(page, "citizen-profile-first")

    # a bad ID number: the message is linked to its field and the field takes the focus
    page.fill("#id_full_name", "Trần Thị Bình")
    page.fill("#id_id_number", "12345")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_address", "Số 2 Lê Lợi, phường Hồng Gai")
    page.press("#id_address", "Enter")
    page.wait_for_selector("#id_id_number_error")
    assert page.evaluate("document.activeElement.id") == "id_id_number"
    assert "id_id_number_error" in page.locator("#id_id_number").get_attribute("aria-describedby")
    screenshot(page, "citizen-profile-error")
    page.fill("#id_id_number", "001099012345")
    with page.expect_navigation():
        page.press("#id_id_number", "Enter")

    # the header (folded behind "Danh mục" on a phone) names the person
    page.click("button.menu-toggle")
    assert "Trần Thị Bình" in page.locator("#main-nav").inner_text()
    screenshot(page, "citizen-header-phone")

    # the online form starts from the profile
    page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")
    assert page.input_value("#id_applicant_name") == "Trần Thị Bình"
    assert page.input_value("#id_applicant_id_number") == "001099012345"
    assert page.input_value("#id_applicant_phone") == "0912345678"
    assert page.input_value("#id_applicant_address") == "Số 2 Lê Lợi, phường Hồng Gai"
    screenshot(page, "citizen-form-prefilled")
    page.select_option("#id_receiving_unit", str(world.one_stop.pk))
    pdf, png = tmp_path / "a.pdf", tmp_path / "b.png"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    documents = list(world.procedure.documents.order_by("order"))
    page.set_input_files(f"#id_doc_{documents[0].pk}", str(pdf))
    page.set_input_files(f"#id_doc_{documents[1].pk}", str(png))
    page.locator("button[name=submit]").click()
    page.get_by_test_id("receipt").wait_for()
    dossier = Dossier.objects.get()

    # the counter officer reads the citizen's name in the history, never the account name
    officer = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    client.force_login(world.counter)
    officer.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    officer.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    history = officer.locator("main").inner_text()
    assert "Trần Thị Bình" in history
    assert User.objects.get(email="binh@example.com").username not in history
    screenshot(officer, "citizen-name-in-officer-history")
    context.close()


def test_anonymous_feedback_finds_its_unit_by_typing_and_is_followed_with_its_key(live_server, page, screenshot):
    world = World()
    page.goto(live_server.url + "/phan-anh/gui/")
    page.locator("button[type=submit]").last.click()
    page.wait_for_selector(".field-error")
    first_invalid = page.evaluate("document.activeElement.getAttribute('aria-invalid')")
    assert first_invalid == "true"
    assert page.locator("#id_unit_error").inner_text() == "Hãy chọn đơn vị chịu trách nhiệm."
    screenshot(page, "feedback-errors")

    page.locator("input[name=kind]").first.check()
    page.locator("#unit-filter").press_sequentially(world.department.name[:12])
    assert page.locator("#id_unit option:checked").inner_text() == world.department.name
    page.fill("#id_title", "Thời gian chờ quá lâu")
    page.fill("#id_content", "Tôi phải chờ hai giờ ở quầy tiếp nhận.")
    page.locator("button[type=submit]").last.click()
    code = page.get_by_test_id("feedback-code").inner_text()
    key = page.get_by_test_id("follow-key").inner_text()
    screenshot(page, "feedback-sent-with-key")
    assert Feedback.objects.get(code=code).unit == world.department

    page.get_by_test_id("follow-link").click()
    assert page.get_by_test_id("followed-feedback").inner_text().count("Thời gian chờ quá lâu") == 1
    screenshot(page, "feedback-followed")
    page.goto(f"{live_server.url}/phan-anh/theo-doi/?ma={code}&khoa=AAAA-AAAA")
    assert page.locator("#follow-error").is_visible()
    assert key not in page.content()
