"""Form 01 for a dossier handed in by an authorised person, in Chromium (issue 17, printed and signed forms).

The counter officer receives a dossier with the keyboard, opens the authorised-person block and fills it in, prints
form 01 from the dossier page, takes the digitally signed A5 PDF, and a visitor checks that PDF on /xac-thuc/.
Screenshots: var/screenshots/forms-*.png, and the PDF rendered with pdftoppm (var/screenshots/forms-01-pdf.png).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from motcua.dossiers.models import Dossier
from motcua.esign.services import signing_credential_create
from motcua.esign.tests.conftest import TrustRootFactory
from motcua.esign.tests.pki import make_pki
from motcua.units.demo import demo_units

from .test_browser_counter import demo, sign_in  # noqa: F401 - the demo province fixture and the sign-in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils are not installed"),
]
PASSPHRASE_ENV = "MOTCUA_TEST_BROWSER_FORMS_PASSPHRASE"


@pytest.fixture
def counter_credential(demo, monkeypatch):  # noqa: F811 - the imported fixture
    pki = make_pki(signer_name="Trung tâm Phục vụ hành chính công phường Hồng Gai")
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    TrustRootFactory(certificate_pem=pki.ca_pem)
    return signing_credential_create(
        unit=demo_units()["commune_centre"],
        name="Chứng thư số trung tâm",
        pkcs12=pki.pkcs12,
        passphrase_env=PASSPHRASE_ENV,
    )


def test_counter_prints_signed_form_01_for_an_authorised_submitter(
    counter_credential, browser, live_server, screenshot, tmp_path, wait_for_pdf_check
):
    page = sign_in(browser, live_server, "motcua.tiepnhan")
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    page.locator("#cs-proc-q").press_sequentially("khai sinh")
    page.wait_for_selector("#cs-proc-results li.active")
    page.press("#cs-proc-q", "Enter")
    page.wait_for_selector("input[name=applicant_name]:focus")
    page.keyboard.type("Phạm Thị Hoa")
    for checkbox in page.locator("input[name=presented]").all():
        checkbox.focus()
        page.keyboard.press("Space")
    # The authorised-person block is closed by default; the summary opens with the keyboard.
    block = page.locator("[data-testid=submitter-block]")
    assert block.get_attribute("open") is None
    block.locator("summary").focus()
    page.keyboard.press("Enter")
    assert block.get_attribute("open") is not None
    page.keyboard.press("Tab")
    page.keyboard.type("Phạm Văn Hùng")
    page.fill("input[name=submitter_id_number]", "022090001234")
    page.fill("input[name=submitter_phone]", "0912000111")
    page.fill("input[name=submitter_authorisation]", "Giấy ủy quyền số 05/UQ ngày 01/12/2026")
    screenshot(page, "forms-intake-authorised")
    page.locator("input[name=applicant_name]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/can-bo/ho-so/**")
    dossier = Dossier.objects.get(applicant_name="Phạm Thị Hoa")
    assert dossier.submitter_name == "Phạm Văn Hùng"
    assert "Phạm Văn Hùng" in page.locator("[data-testid=submitter]").inner_text()

    # "In giấy tiếp nhận (mẫu 01)" opens the form in a new tab.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("mẫu 01", re.I)).first.click()
    form = opened.value
    form.wait_for_load_state()
    authorised = form.locator("[data-testid=authorised-block]").inner_text()
    assert "Phạm Văn Hùng" in authorised and "Giấy ủy quyền số 05/UQ" in authorised
    screenshot(form, "forms-01-html")

    href = form.locator("[data-testid=form-pdf]").get_attribute("href")
    response = form.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "mau-01.pdf"
    pdf.write_bytes(response.body())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Page size:\s+419\.\d+ x 595\.\d+ pts", info, re.M)  # A5
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Người được ủy quyền/người nộp thay: Phạm Văn Hùng" in text
    assert f"{live_server.url}/xac-thuc/" in text
    out = form_png(pdf, "forms-01-pdf")
    assert out.stat().st_size > 10_000

    # Anyone checks the signed sheet on the public verification page, as for an e-result.
    visitor = browser.new_page(locale="vi-VN")
    visitor.goto(live_server.url + "/xac-thuc/")
    visitor.set_input_files("input[type=file]", str(pdf))
    wait_for_pdf_check(visitor, lambda: visitor.get_by_role("button", name="Kiểm tra").click(no_wait_after=True))
    verdict = visitor.locator("[data-testid=verify-verdict]")
    assert verdict.get_attribute("data-verdict") == "valid"
    assert visitor.locator("[data-testid=verify-signer]").inner_text() == (
        "Trung tâm Phục vụ hành chính công phường Hồng Gai"
    )
    screenshot(visitor, "forms-01-verified")
    visitor.close()


def form_png(pdf, name: str):
    from django.conf import settings

    target = settings.BASE_DIR / "var" / "screenshots" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(target)], check=True)
    return target.with_suffix(".png")
