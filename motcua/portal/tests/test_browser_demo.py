"""The demo as a visitor tries it (issue 17): look up a try-me dossier at /tra-cuu/ with its code and phone, and
sign in with a one-time code read on the demo-only page. axe-core clean, fits 390 px.
Screenshots: var/screenshots/portal-demo-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.utils.translation import override

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.public import public_status
from motcua.simulation.tryme import TRY_ME, try_me_load
from motcua.units.demo import demo_units
from motcua.workdays.calendar import VN_TZ

from .demo_seed import seed_small_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)
BLOCKING = {"critical", "serious", "moderate"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        cache.clear()
        yield NOW
        cache.clear()


@pytest.fixture
def demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    settings.MOTCUA_DEMO_OUTBOX = True
    seed_small_demo(now=NOW, days=7)
    return try_me_load(one_stop=demo_units()["commune_centre"])


def blocking(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']})" for v in violations if v["impact"] in BLOCKING]


def test_a_visitor_looks_up_a_demo_dossier_and_signs_in_with_the_demo_code(
    demo, live_server, browser, phone_page, screenshot
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    ready = next(item for item in demo if item.phone == TRY_ME[2][1])

    page.goto(live_server.url + "/tra-cuu/")
    page.fill("#id_ma", ready.code)
    page.fill("#id_so", ready.phone[-4:])
    page.press("#id_so", "Enter")
    page.wait_for_load_state()
    with override("vi"):
        assert str(public_status(DossierStatus.RESULT_READY)[0]) in page.inner_text("main")
    screenshot(page, "portal-demo-track")

    page.goto(live_server.url + "/tai-khoan/ma-mot-lan/")
    page.fill("input[name=address]", TRY_ME[0][1])
    page.press("input[name=address]", "Enter")
    page.wait_for_url("**/ma-mot-lan/xac-nhan/")
    with context.expect_page() as opened:
        page.get_by_test_id("demo-outbox-link").get_by_role("link").click()
    outbox = opened.value
    outbox.wait_for_load_state()
    message = outbox.get_by_test_id("message").first.inner_text()
    assert ready.code in outbox.get_by_test_id("try-me").inner_text()
    assert blocking(outbox) == []
    screenshot(outbox, "portal-demo-codes")
    code = re.search(r"\b(\d{6})\b", message).group(1)

    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")
    page.wait_for_load_state()
    assert "/xac-nhan/" not in page.url  # signed in
    assert page.locator("header").get_by_role("link", name="Hồ sơ của tôi").is_visible()
    context.close()

    phone_page.goto(live_server.url + "/thu-nghiem/ma-xac-thuc/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "portal-demo-codes-phone")
