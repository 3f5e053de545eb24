"""Citizen sign-in by one-time code in Debian's Chromium, on a phone; screenshots in var/screenshots."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_signs_in_on_a_phone_with_an_emailed_code(live_server, phone_page, screenshot):
    phone_page.goto(live_server.url + "/tai-khoan/ma-mot-lan/")
    screenshot(phone_page, "signin-address-phone")
    phone_page.fill("#id_address", "an@example.com")
    phone_page.locator("[data-testid=citizen-signin] button[type=submit]").click()

    phone_page.get_by_test_id("citizen-verify").wait_for()
    assert "an@example.com" not in phone_page.url
    screenshot(phone_page, "signin-code-phone")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    phone_page.fill("#id_code", code)
    phone_page.locator("[data-testid=citizen-verify] button[type=submit]").click()

    # a first sign-in asks for the person's name, then goes on to their dossiers
    phone_page.get_by_test_id("citizen-profile").wait_for()
    phone_page.fill("#id_full_name", "Nguyễn Văn An")
    phone_page.press("#id_full_name", "Enter")
    phone_page.wait_for_url(live_server.url + "/ca-nhan/ho-so/")
    screenshot(phone_page, "my-dossiers-empty-phone")
    assert phone_page.locator(".main-nav form[action*=dang-xuat]").count() == 1
