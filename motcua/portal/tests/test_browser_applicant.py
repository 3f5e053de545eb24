"""The citizen's own actions on a phone: send requested documents, ask for the result by post, withdraw."""

from __future__ import annotations

import pytest

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.choices import DeliveryMethod, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World

from .test_browser_citizen import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dossier_waiting():
    world = World(online_level="full")
    user = user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
    dossier = services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
        applicant_address="Số 1 phố Huế, Hà Nội",
        applicant_user=user,
    )
    dossier = services.dossier_request_supplement(
        officer=world.counter, dossier=dossier, expected_version=dossier.version, items=["Giấy chứng sinh bản chính"]
    )
    return user, dossier


def test_citizen_answers_a_supplement_request_and_asks_for_post_on_a_phone(
    live_server, phone_page, client, screenshot, dossier_waiting, tmp_path
):
    user, dossier = dossier_waiting
    pdf = tmp_path / "giay-chung-sinh.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    sign_in(phone_page, live_server, client, user)
    phone_page.goto(f"{live_server.url}/ca-nhan/ho-so/{dossier.code}/")
    phone_page.get_by_test_id("supplement-form").wait_for()
    screenshot(phone_page, "applicant-supplement-phone")

    phone_page.set_input_files("#id_bs-files", str(pdf))
    phone_page.get_by_test_id("supplement-form").locator("button[type=submit]").click()
    phone_page.locator(".message.success").wait_for()
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED

    phone_page.get_by_test_id("applicant-actions").locator("summary").first.click()
    phone_page.fill("#id_bd-address", "Số 5 Lê Lợi, phường Hạc Thành, Thanh Hóa")
    phone_page.get_by_test_id("postal-form").locator("button[type=submit]").click()
    phone_page.locator(".message.success").wait_for()
    assert "Số 5 Lê Lợi" in phone_page.get_by_test_id("delivery").inner_text()
    assert Dossier.objects.get().result_delivery == DeliveryMethod.POST
    screenshot(phone_page, "applicant-after-actions-phone")


def test_citizen_withdraws_on_desktop(live_server, page, client, screenshot, dossier_waiting):
    user, dossier = dossier_waiting
    sign_in(page, live_server, client, user)
    page.goto(f"{live_server.url}/ca-nhan/ho-so/{dossier.code}/")

    page.get_by_test_id("applicant-actions").locator("summary").last.click()
    page.get_by_test_id("withdraw-form").locator("input[type=checkbox]").check()
    screenshot(page, "applicant-withdraw-desktop")
    page.get_by_test_id("withdraw-form").locator("button[type=submit]").click()
    page.locator(".message.success").wait_for()

    assert Dossier.objects.get().status == DossierStatus.WITHDRAW_REQUESTED
    assert page.get_by_test_id("withdraw-form").count() == 0


def test_citizen_submits_reusing_a_stored_document_on_a_phone(live_server, phone_page, client, screenshot, tmp_path):
    from motcua.datastore.models import DocumentReuse
    from motcua.datastore.tests.factories import StoredDocumentFactory

    world = World(online_level="full")
    user = user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
    stored = StoredDocumentFactory(owner=user, title="Giấy chứng sinh (hồ sơ trước)")
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    first, second = world.procedure.documents.order_by("order")
    sign_in(phone_page, live_server, client, user)
    phone_page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")

    phone_page.select_option("#id_receiving_unit", str(world.one_stop.pk))
    phone_page.fill("#id_applicant_phone", "0912345678")
    phone_page.fill("#id_applicant_address", "Số 1, phường Ba Đình, Hà Nội")
    phone_page.set_input_files(f"#id_doc_{first.pk}", str(pdf))
    phone_page.select_option(f"#id_stored_{second.pk}", str(stored.pk))
    screenshot(phone_page, "submit-reuse-phone")
    phone_page.locator("button[name=submit]").click()

    phone_page.get_by_test_id("receipt").wait_for()
    assert DocumentReuse.objects.get().stored_document == stored
    assert "Giấy chứng sinh (hồ sơ trước)" in phone_page.get_by_test_id("documents").inner_text()
