"""A counter officer's first day on the demo data, in Chromium, with the keyboard (issue 17).

The officer types a few words of the procedure, presses Enter, types the applicant's name, ticks the documents
with the space bar and presses Enter: the rendered defaults (the catalogue's fee, the receiving unit) must be
accepted as they are. Screenshots in var/screenshots/counter-*.png.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.accounts.demo import DEMO_PASSWORD, load_demo_officers
from motcua.catalog.demo import load_demo_procedures
from motcua.catalog.models import Procedure
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.units.demo import demo_units
from motcua.units.services import demo_province_setup
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    province = ProvinceFactory(code="P22", admin_code="22", name="Tỉnh Quảng Ninh")
    UnitFactory(code="W06660", admin_code="06660", name="Phường Hồng Gai", parent=province)
    demo_province_setup(province_code="22")
    load_demo_procedures()
    load_demo_officers(units=demo_units())
    return province


def sign_in(browser, live_server, username: str, *, phone: bool = False):
    """Sign in from the login page as a person does (no `next`): the first screen is the product's choice."""
    options = (
        {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
        if phone
        else {"viewport": {"width": 1280, "height": 900}}
    )
    context = browser.new_context(locale="vi-VN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    return page


def test_counter_receives_three_demo_procedures_with_the_keyboard_and_the_rendered_defaults(
    demo, browser, live_server, screenshot
):
    page = sign_in(browser, live_server, "motcua.tiepnhan")
    cases = [
        # (words typed, procedure picked, catalogue fee at the counter, level)
        ("khai sinh", "Đăng ký khai sinh", 0, "commune"),
        ("trích lục hộ tịch", "Cấp bản sao Trích lục hộ tịch", 8000, "both"),
        ("thường trú", "Đăng ký thường trú", 20000, "commune"),
    ]
    for index, (words, name, fee, _level) in enumerate(cases):
        page.goto(live_server.url + "/can-bo/tiep-nhan/")
        page.locator("#cs-proc-q").press_sequentially(words)
        page.wait_for_selector("#cs-proc-results li.active")
        assert page.locator("#cs-proc-results li.active .cs-pick-name").inner_text().startswith(name)
        page.press("#cs-proc-q", "Enter")
        page.wait_for_selector("input[name=applicant_name]:focus")
        # the fee box shows the catalogue's amount as a whole number of đồng
        assert page.locator("input[name=fee_amount]").input_value() == str(fee)
        page.keyboard.type(f"Người nộp thứ {index + 1}")
        for checkbox in page.locator("input[name=presented]").all():
            checkbox.focus()
            page.keyboard.press("Space")
        screenshot(page, f"counter-keyboard-{index + 1}")
        page.locator("input[name=applicant_name]").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/can-bo/ho-so/**")
        dossier = Dossier.objects.get(applicant_name=f"Người nộp thứ {index + 1}")
        assert dossier.status == DossierStatus.RECEIVED
        assert dossier.procedure.name.startswith(name)
        assert dossier.fee_amount == Decimal(fee)
    screenshot(page, "counter-keyboard-received")
    received = Dossier.objects.order_by("pk")
    assert received.count() == 3
    assert len({d.procedure_id for d in received}) == 3


def test_a_commune_procedure_defaults_to_the_officers_commune_centre(demo, browser, live_server, screenshot):
    page = sign_in(browser, live_server, "motcua.tiepnhan")
    birth = Procedure.objects.get(name="Đăng ký khai sinh", valid_to__isnull=True)
    page.goto(live_server.url + f"/can-bo/tiep-nhan/?thu_tuc={birth.pk}")
    selected = page.locator("select[name=unit] option:checked").inner_text()
    assert selected == "Trung tâm Phục vụ hành chính công phường Hồng Gai"
    other = page.locator("select[name=unit] option").nth(1).inner_text()
    assert "tỉnh Quảng Ninh" in other
    assert "không phải cấp thực hiện" in other
    hint = page.locator("select[name=unit]").get_attribute("aria-describedby")
    assert page.locator(f"#{hint}").count() == 1
    screenshot(page, "counter-commune-default")

    licence = Procedure.objects.get(name="Đổi giấy phép lái xe", valid_to__isnull=True)
    page.goto(live_server.url + f"/can-bo/tiep-nhan/?thu_tuc={licence.pk}")
    assert "tỉnh Quảng Ninh" in page.locator("select[name=unit] option:checked").inner_text()


def receive(page, live_server, words: str, applicant: str) -> Dossier:
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    page.locator("#cs-proc-q").press_sequentially(words)
    page.wait_for_selector("#cs-proc-results li.active")
    page.press("#cs-proc-q", "Enter")
    page.wait_for_selector("input[name=applicant_name]:focus")
    page.keyboard.type(applicant)
    for checkbox in page.locator("input[name=presented]").all():
        checkbox.focus()
        page.keyboard.press("Space")
    page.locator("input[name=applicant_name]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/can-bo/ho-so/**")
    return Dossier.objects.get(applicant_name=applicant)


def test_officers_land_on_their_inbox_and_the_next_step_is_preselected(demo, browser, live_server, screenshot):
    login_page = browser.new_page(locale="vi-VN")
    login_page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    assert "Cổng dịch vụ công motcua" in login_page.title()
    assert login_page.locator("main .eyebrow").text_content() == "Cổng dịch vụ công motcua"
    screenshot(login_page, "counter-login")
    login_page.close()

    counter = sign_in(browser, live_server, "motcua.tiepnhan")
    assert counter.url == live_server.url + "/can-bo/"
    first = receive(counter, live_server, "khai tử", "Trần Thị Một")
    birth = receive(counter, live_server, "khai sinh", "Trần Thị Hai")

    # "Tất cả": the newest dossier first
    counter.goto(live_server.url + "/can-bo/?tab=all")
    codes = counter.locator("table.cs-table tbody tr a.code").all_inner_texts()
    assert codes == [birth.code, first.code]

    # the forward list pre-selects the competent agency of the catalogue (the commune's People's Committee)
    counter.goto(live_server.url + f"/can-bo/ho-so/{birth.code}/")
    box = counter.locator("details[data-action=forward]")
    assert box.get_attribute("open") is not None
    select = box.locator("select[name='forward-to_unit']")
    assert select.locator("option:checked").inner_text() == "Ủy ban nhân dân phường Hồng Gai"
    groups = select.locator("optgroup").evaluate_all("els => els.map(e => e.label)")
    assert groups[0] == "Cơ quan có thẩm quyền theo danh mục thủ tục"
    assert "Cơ quan cấp tỉnh" in groups
    screenshot(counter, "counter-forward-preselected")
    select.focus()
    box.locator("button[type=submit]").focus()
    with counter.expect_navigation():
        counter.keyboard.press("Enter")
    screenshot(counter, "counter-forwarded")
    assert Dossier.objects.get(pk=birth.pk).current_unit.name == "Ủy ban nhân dân phường Hồng Gai"

    # the specialist signs in, lands on the inbox with the due date and working days left, and the dossier
    # page opens on appraisal (their step), not on forwarding
    specialist = sign_in(browser, live_server, "motcua.chuyenvien")
    assert specialist.url.startswith(live_server.url + "/can-bo/")
    row = specialist.locator(f"tr:has(a:text('{birth.code}'))")
    assert "ngày làm việc" in row.locator(".cs-due").inner_text()
    screenshot(specialist, "counter-specialist-inbox")
    specialist.click(f"a:text('{birth.code}')")
    opened = specialist.locator("details.cs-action[open]").first
    assert opened.get_attribute("data-action") == "appraise"
    screenshot(specialist, "counter-specialist-appraise")
