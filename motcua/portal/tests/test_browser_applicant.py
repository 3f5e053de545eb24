"""The citizen's own actions on a phone: send requested documents, ask for the result by post, withdraw."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services
from motcua.dossiers.choices import DeliveryMethod, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World

from .test_browser_citizen import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def citizen():
    return user_create(username="cd-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


@dataclass
class Submitting:
    world: World
    stored: object  # the citizen's paper in the personal data store
    pdf: Path
    first: object  # the procedure's two required documents
    second: object


def open_submit_page(page, live_server, client, tmp_path) -> Submitting:
    """A citizen with a paper in the data store, signed in, on the online submission page of a procedure with two
    required documents. Whatever the page must listen to is set on `page` before (the sign-in navigates)."""
    from motcua.datastore.tests.factories import StoredDocumentFactory

    world = World(online_level="full")
    user = citizen()
    stored = StoredDocumentFactory(owner=user, title="Giấy chứng sinh (hồ sơ trước)")
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    first, second = world.procedure.documents.order_by("order")
    sign_in(page, live_server, client, user)
    page.goto(f"{live_server.url}/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")
    return Submitting(world=world, stored=stored, pdf=pdf, first=first, second=second)


@pytest.fixture
def dossier_waiting():
    world = World(online_level="full")
    user = citizen()
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

    expect(phone_page.locator("#id_bs-files_chosen")).to_have_text("Chưa chọn tệp nào.")
    phone_page.set_input_files("#id_bs-files", str(pdf))
    expect(phone_page.locator("#id_bs-files_chosen")).to_have_text("Đã chọn tệp: giay-chung-sinh.pdf")
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

    it = open_submit_page(phone_page, live_server, client, tmp_path)
    world, stored, pdf, first, second = it.world, it.stored, it.pdf, it.first, it.second

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


def test_a_paper_from_the_data_store_is_said_in_vietnamese_beside_the_file_input(
    live_server, page, client, screenshot, tmp_path
):
    """Choosing a paper of the personal data store (kho dữ liệu) instead of a file left the browser's own "No file
    chosen" beside the input (English, and wrong). The browser's text is hidden; a "Chọn tệp" button and a line
    say what was chosen ("Đã chọn từ kho dữ liệu: …"); the input is still reached and opened with the keyboard;
    a file picked clears the stored choice and the other way round. Screenshot: /work/notes/shots/offline/."""
    from motcua.datastore.models import DocumentReuse

    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.effectiveDirective));"
    )
    # Turn Chromium's file-chooser interception on now, long before the key press. Subscribing only inside
    # expect_file_chooser() races the press (the subscription is sent without waiting, so under load the Space can
    # reach the page first and open an uninterceptable native dialog: the stop CI of 2026-12-07 timed out on it;
    # the same race is puppeteer/puppeteer#6040).
    page.on("filechooser", lambda _chooser: None)
    it = open_submit_page(page, live_server, client, tmp_path)
    world, stored, pdf, first, second = it.world, it.stored, it.pdf, it.first, it.second
    first_status, second_status = (
        page.locator(f"#id_doc_{first.pk}_chosen"),
        page.locator(f"#id_doc_{second.pk}_chosen"),
    )
    expect(second_status).to_have_text("Chưa chọn tệp nào.")
    page.select_option(f"#id_stored_{second.pk}", str(stored.pk))
    expect(second_status).to_have_text("Đã chọn từ kho dữ liệu: Giấy chứng sinh (hồ sơ trước)")

    # The keyboard reaches the (visually hidden) input: its focus ring is on the button; Space opens the chooser.
    page.locator(f"#id_stored_{second.pk}").focus()
    page.locator(f"#id_doc_{first.pk}").focus()
    button = page.locator(f"label.file-pick-button[for=id_doc_{first.pk}]")
    expect(button).to_have_text("Chọn tệp")
    assert button.evaluate("(b) => getComputedStyle(b).outlineStyle") == "solid"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(pdf))
    expect(first_status).to_have_text("Đã chọn tệp: to-khai.pdf")
    box = page.locator(f"#id_doc_{second.pk}").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # the browser's own text is not shown
    assert "No file chosen" not in page.inner_text("main")
    page.locator(f"#id_doc_{second.pk}").evaluate("(i) => i.scrollIntoView({block: 'center'})")
    path = screenshot(page, "submit-stored-paper-said")
    shots = Path("/work/notes/shots/offline")
    if shots.is_dir():
        (shots / "submit-stored-paper-said.png").write_bytes(path.read_bytes())

    # One or the other: a file picked clears the stored choice, a stored paper chosen clears the file.
    page.set_input_files(f"#id_doc_{second.pk}", str(pdf))
    expect(second_status).to_have_text("Đã chọn tệp: to-khai.pdf")
    assert page.locator(f"#id_stored_{second.pk}").input_value() == ""
    page.select_option(f"#id_stored_{second.pk}", str(stored.pk))
    expect(second_status).to_have_text("Đã chọn từ kho dữ liệu: Giấy chứng sinh (hồ sơ trước)")
    assert page.locator(f"#id_doc_{second.pk}").evaluate("(i) => i.files.length") == 0

    page.select_option("#id_receiving_unit", str(world.one_stop.pk))
    page.fill("#id_applicant_phone", "0912345678")
    page.fill("#id_applicant_address", "Số 1, phường Ba Đình, Hà Nội")
    page.locator("button[name=submit]").click()
    page.get_by_test_id("receipt").wait_for()
    assert DocumentReuse.objects.get().stored_document == stored
    assert page.evaluate("window.__csp") == []
