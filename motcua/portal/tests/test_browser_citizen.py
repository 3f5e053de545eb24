"""Online submission and my dossiers in Debian's Chromium (phone and desktop); screenshots in var/screenshots."""

from __future__ import annotations

import pytest

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def setup(tmp_path):
    world = World(online_level="partial")
    user = user_create(
        username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An", phone="0912345678"
    )
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    png = tmp_path / "giay-chung-sinh.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    return world, user, pdf, png


def test_citizen_submits_online_on_a_phone_and_gets_a_receipt(live_server, phone_page, client, screenshot, setup):
    world, user, pdf, png = setup
    sign_in(phone_page, live_server, client, user)
    phone_page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")
    assert phone_page.get_by_test_id("partial-notice").is_visible()
    screenshot(phone_page, "submit-form-phone")

    phone_page.select_option("#id_receiving_unit", str(world.one_stop.pk))
    phone_page.fill("#id_applicant_address", "Số 1, phường Ba Đình, Hà Nội")
    documents = list(world.procedure.documents.order_by("order"))
    phone_page.set_input_files(f"#id_doc_{documents[0].pk}", str(pdf))
    phone_page.set_input_files(f"#id_doc_{documents[1].pk}", str(png))
    phone_page.locator("label.radio", has=phone_page.locator("input[value=post]")).click()
    phone_page.fill("#id_postal_address", "Số 1, phường Ba Đình, Hà Nội")
    phone_page.locator("button[name=submit]").click()

    phone_page.get_by_test_id("receipt").wait_for()
    dossier = Dossier.objects.get()
    assert phone_page.get_by_test_id("dossier-code").inner_text().strip() == dossier.code
    assert dossier.documents.count() == 2
    screenshot(phone_page, "submit-receipt-phone")

    phone_page.goto(f"{live_server.url}/ca-nhan/ho-so/")
    assert dossier.code in phone_page.get_by_test_id("my-dossiers").inner_text()
    screenshot(phone_page, "my-dossiers-phone")


def test_submission_page_on_desktop_shows_errors_next_to_fields(live_server, page, client, screenshot, setup):
    world, user, _pdf, _png = setup
    sign_in(page, live_server, client, user)
    page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")
    page.locator("button[name=submit]").click()

    page.locator(".upload.has-error").first.wait_for()
    assert page.locator(".upload.has-error").count() == 2
    assert not Dossier.objects.exists()
    screenshot(page, "submit-errors-desktop")
