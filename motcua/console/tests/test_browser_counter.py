"""A counter officer's first day on the demo data, in Chromium, with the keyboard (issue 17).

The officer types a few words of the procedure, presses Enter, types the applicant's name, ticks the documents
with the space bar and presses Enter: the rendered defaults (the catalogue's fee, the receiving unit) must be
accepted as they are. Screenshots in var/screenshots/counter-*.png.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.catalog.demo import load_demo_procedures
from motcua.catalog.models import Procedure
from motcua.console.demo import DEMO_PASSWORD, load_demo_officers
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
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
    load_demo_officers()
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
