"""In Debian's Chromium: a citizen signs in with a phone number and the code arrives at the SMPP gateway double;
the administrator sees each link's health. Screenshots in var/screenshots."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import gettext

from motcua.accounts.models import User
from motcua.integrations import links
from motcua.integrations.choices import LinkKind
from motcua.integrations.models import SmsTemplate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_signs_in_with_a_code_sent_by_sms(live_server, phone_page, screenshot, smpp, smsc):
    pattern = gettext(
        "Your sign-in code is %(code)s. It is valid for %(minutes)s minutes. Never give it to anyone."
    ) % {"code": "{code}", "minutes": "{minutes}"}
    SmsTemplate.objects.create(code="sign_in_code", pattern=pattern, registration="BN-OTP-01")

    phone_page.goto(live_server.url + "/tai-khoan/ma-mot-lan/")
    phone_page.fill("#id_address", "0912 345 678")
    phone_page.press("#id_address", "Enter")
    phone_page.get_by_test_id("citizen-verify").wait_for()
    screenshot(phone_page, "signin-code-by-sms-phone")

    [(destination, text)] = smsc.messages
    assert destination == "84912345678"
    code = re.search(r"\b(\d{6})\b", text).group(1)
    phone_page.fill("#id_code", code)
    phone_page.press("#id_code", "Enter")
    # a first sign-in asks for the person's name, then goes on to their dossiers
    phone_page.get_by_test_id("citizen-profile").wait_for()
    phone_page.fill("#id_full_name", "Trần Thị Bình")
    phone_page.press("#id_full_name", "Enter")
    phone_page.wait_for_url(live_server.url + "/ca-nhan/ho-so/")


def test_a_sign_in_code_the_gateway_cannot_take_is_explained_on_the_page(live_server, phone_page, screenshot, smpp):
    # No template registered for sign_in_code: nothing may be sent, and the citizen is told so.
    phone_page.goto(live_server.url + "/tai-khoan/ma-mot-lan/")
    phone_page.fill("#id_address", "0912345678")
    phone_page.press("#id_address", "Enter")
    error = phone_page.get_by_text("Không gửi được mã")
    error.wait_for()
    screenshot(phone_page, "signin-code-not-sent-phone")


def test_the_administrator_sees_each_links_health_and_last_error(live_server, page, screenshot):
    User.objects.create_superuser("quantri", "qt@example.com", "Mk-quan-tri-2026!")
    links.link_succeeded(name="sync:1:DVCQG qua LGSP", kind=LinkKind.NATIONAL_PORTAL, duration_ms=120)
    links.link_failed(name="sms:smpp", kind=LinkKind.SMS, error="ConnectionRefusedError")

    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/integrations/linkhealth/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "Mk-quan-tri-2026!")
    page.press("#id_password", "Enter")
    table = page.locator("#result_list")
    table.wait_for()
    screenshot(page, "admin-link-health")
    assert "ConnectionRefusedError" in table.inner_text()
    assert page.get_by_role("heading", name=re.compile("tình trạng kết nối", re.IGNORECASE)).count() >= 1
