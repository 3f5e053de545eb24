"""The committed appointment on the receipt, in Chromium (deadlines.md §10): the counter officer receives a
household business registration (the demo province committed to 4 working hours; legal: 3 working days) with the
keyboard, prints form 01 and takes the PDF; both show "Hẹn trả kết quả theo cam kết" beside the legal limit; the
citizen's tracking page shows both dates. Screenshots: var/screenshots/commitments-*.png."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from motcua.catalog.demo import load_demo_commitments
from motcua.dossiers.models import Dossier

from .test_browser_counter import demo, sign_in  # noqa: F401 - the demo province fixture and the sign-in
from .test_browser_forms import form_png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils are not installed"),
]


def test_counter_prints_the_committed_appointment_and_the_citizen_tracks_it(
    demo,  # noqa: F811 - the imported fixture
    browser,
    live_server,
    screenshot,
    tmp_path,
):
    assert load_demo_commitments(demo) == 3
    page = sign_in(browser, live_server, "motcua.tiepnhan")
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    page.locator("#cs-proc-q").press_sequentially("thành lập hộ kinh doanh")
    page.wait_for_selector("#cs-proc-results li.active")
    page.press("#cs-proc-q", "Enter")
    page.wait_for_selector("input[name=applicant_name]:focus")
    page.keyboard.type("Trần Văn Kinh")
    page.fill("input[name=applicant_phone]", "0912345678")
    for checkbox in page.locator("input[name=presented]").all():
        checkbox.focus()
        page.keyboard.press("Space")
    page.locator("input[name=applicant_name]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/can-bo/ho-so/**")
    dossier = Dossier.objects.get(applicant_name="Trần Văn Kinh")
    assert dossier.committed_due_at is not None and dossier.committed_due_at < dossier.due_at

    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("mẫu 01", re.I)).first.click()
    form = opened.value
    form.wait_for_load_state()
    line = form.locator("[data-testid=committed-due]").inner_text()
    assert "Hẹn trả kết quả theo cam kết" in line and "4 giờ làm việc" in line
    assert "thời hạn theo quy định 3 ngày làm việc" in line
    assert "3 ngày làm việc" in form.locator("body").inner_text()  # item 3: the legal limit
    screenshot(form, "commitments-form-01")

    href = form.locator("[data-testid=form-pdf]").get_attribute("href")
    response = form.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "mau-01.pdf"
    pdf.write_bytes(response.body())
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "Hẹn trả kết quả theo cam kết:" in text and "thời gian cam kết 4 giờ làm việc" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    form_png(pdf, "commitments-form-01-pdf")

    # The citizen scans the QR code: the tracking page asks the last four digits of the phone.
    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    citizen.keyboard.type("5678")
    citizen.keyboard.press("Enter")
    citizen.get_by_test_id("track-result").wait_for()
    committed = citizen.get_by_test_id("track-committed-due").inner_text()
    assert "4 giờ làm việc" in committed
    assert citizen.get_by_test_id("track-due").inner_text().strip()
    screenshot(citizen, "commitments-track")
