"""Rating in Chromium: the applicant on a phone after the result is returned; the counter tablet kiosk."""

from __future__ import annotations

import pytest

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.feedback.models import Rating

from .test_browser_citizen import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_rates_a_returned_dossier_on_a_phone(live_server, phone_page, client, screenshot):
    world = World()
    user = user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
    dossier = world.dossier_in(DossierStatus.DELIVERED)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=user)
    sign_in(phone_page, live_server, client, user)

    phone_page.goto(f"{live_server.url}/ca-nhan/ho-so/{dossier.code}/")
    phone_page.get_by_test_id("rate-link").click()
    phone_page.get_by_test_id("rating-form").wait_for()
    phone_page.get_by_test_id("q-time").locator(".level-5").click()
    phone_page.get_by_test_id("q-overall").locator(".level-4").click()
    screenshot(phone_page, "rating-phone")
    phone_page.get_by_test_id("rating-form").locator("button[type=submit]").click()
    phone_page.locator(".message.success").wait_for()

    assert Rating.objects.get().answers == {"time": 5, "overall": 4}
    assert phone_page.get_by_test_id("rate-link").count() == 0


def test_kiosk_on_a_counter_tablet(live_server, browser, screenshot):
    world = World()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, has_touch=True)
    tablet = context.new_page()
    tablet.goto(f"{live_server.url}/danh-gia/kiosk/{world.one_stop.code}/")
    screenshot(tablet, "kiosk-tablet")

    tablet.get_by_test_id("q-overall").locator(".level-5").click()
    tablet.get_by_test_id("kiosk-form").locator("button[type=submit]").click()
    tablet.get_by_test_id("thanks").wait_for()
    screenshot(tablet, "kiosk-thanks-tablet")
    context.close()

    assert (Rating.objects.get().overall, Rating.objects.get().dossier) == (5, None)
