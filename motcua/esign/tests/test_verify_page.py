import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import as_upload, pdf_bytes

URL = "/xac-thuc/"


def test_verification_url_is_public_and_stable(settings):
    with translation.override(settings.LANGUAGE_CODE):  # another test may leave English active in this thread
        assert reverse("esign:verify") == URL


def test_anyone_can_open_the_page(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="file"' in response.content


def test_uploaded_original_is_valid_and_registered(client, issued, trusted):
    response = client.post(URL, {"file": as_upload(pdf_bytes(issued))})
    assert response.status_code == 200
    assert response.context["result"].verdict == "valid"
    assert response.context["registered"] == issued


def test_code_lookup_checks_the_registered_file(client, issued, trusted):
    response = client.post(URL, {"code": issued.result_code.lower()})
    assert response.context["result"].verdict == "valid"
    assert issued.result_code.encode() in response.content


def test_without_trust_root_the_signer_is_untrusted(client, issued):
    response = client.post(URL, {"file": as_upload(pdf_bytes(issued))})
    assert response.context["result"].verdict == "untrusted"


def test_tampered_upload_is_reported_modified_and_not_registered(client, issued, trusted):
    data = bytearray(pdf_bytes(issued))
    position = data.index(b"/Producer")
    data[position + 1] = ord("Q")
    response = client.post(URL, {"file": as_upload(bytes(data))})
    assert response.context["result"].verdict == "modified"
    assert response.context["registered"] is None


def test_unknown_code_is_not_found(client, db):
    response = client.post(URL, {"code": "000.00.00.H00-260101-0001-KQ1"})
    assert response.status_code == 404


def test_non_pdf_upload_is_refused(client, db):
    response = client.post(URL, {"file": as_upload(b"\x89PNG\r\n\x1a\nxxxx", "anh.pdf")})
    assert response.status_code == 400


def test_empty_form_asks_for_a_file_or_code(client, db):
    assert client.post(URL, {}).status_code == 400


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_checks_a_result_in_the_browser(live_server, page, screenshot, issued, trusted, tmp_path):
    source = tmp_path / "ket-qua.pdf"
    source.write_bytes(pdf_bytes(issued))
    page.goto(f"{live_server.url}{URL}")
    page.set_input_files("input[name=file]", str(source))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    verdict = page.get_by_test_id("verify-verdict")
    assert verdict.get_attribute("data-verdict") == "valid"
    assert page.get_by_test_id("verify-signer").inner_text() == "Sở Tư pháp tỉnh Thử Nghiệm"
    screenshot(page, "esign-verify")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_hostile_pdf_gets_a_clear_refusal_in_the_browser(live_server, page, screenshot, tmp_path):
    from .bomb import flate_bomb

    source = tmp_path / "bom.pdf"
    source.write_bytes(flate_bomb(3_000_000))
    page.goto(f"{live_server.url}{URL}")
    page.set_input_files("input[name=file]", str(source))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").press("Enter")
    refusal = page.get_by_test_id("verify-refused")
    assert "vượt quá giới hạn kiểm tra" in refusal.inner_text()
    assert page.get_by_label("Tệp PDF đã ký số").is_visible()  # the form stays, ready for another file
    screenshot(page, "esign-verify-refused")
