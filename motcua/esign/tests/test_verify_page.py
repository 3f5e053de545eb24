import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers.models import Dossier

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


def test_code_lookup_checks_the_registered_file_for_an_officer_of_the_dossier(client, world, issued, trusted):
    client.force_login(world.counter)
    response = client.post(URL, {"code": issued.result_code.lower()})
    assert response.context["result"].verdict == "valid"
    assert issued.result_code.encode() in response.content


def test_code_lookup_checks_the_registered_file_for_its_applicant(client, issued, trusted):
    applicant = user_create(username="chu-ho-so", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")
    Dossier.objects.filter(pk=issued.dossier_id).update(applicant_user=applicant)
    client.force_login(applicant)
    response = client.post(URL, {"code": issued.result_code})
    assert response.status_code == 200
    assert response.context["registered"] == issued


def _answer(response, code: str) -> tuple[int, str]:
    """Status and body with what legitimately varies taken out: the typed code echoed in the form, the masked
    CSRF token and the CSP nonce (both fresh on every response)."""
    body = response.content.decode().replace(code, "<code>")
    body = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', r"\1-", body)
    body = re.sub(r'nonce="[^"]+"', "nonce", body)
    return response.status_code, body


def _post(client, code: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"code": code})
    return response, len(queries)


@pytest.mark.parametrize("visitor", ["anonymous", "other_citizen", "officer_elsewhere"])
def test_a_known_code_and_an_unknown_one_cannot_be_told_apart(client, world, issued, trusted, visitor):
    """The code check is no existence oracle (issue 18 item 6): to someone who may not see the dossier, a real
    code and an unknown one of the same shape get the same status, the same page and the same database work."""
    if visitor == "other_citizen":
        client.force_login(user_create(username="nguoi-khac", password=None, kind=UserKind.CITIZEN, full_name="B"))
    elif visitor == "officer_elsewhere":
        from motcua.accounts.choices import Role
        from motcua.dossiers.tests.factories import OneStopFactory, officer_in

        client.force_login(officer_in(OneStopFactory(), Role.COUNTER_OFFICER))
    known = issued.result_code
    unknown = known[:-1] + ("2" if known[-1] != "2" else "3")  # the next result number of the same dossier
    known_response, known_queries = _post(client, known)
    unknown_response, unknown_queries = _post(client, unknown)
    assert _answer(known_response, known) == _answer(unknown_response, unknown)
    assert known_response.status_code == 200
    assert "result" not in known_response.context and "registered" not in known_response.context
    assert b"verify-code-unconfirmed" in known_response.content
    assert known_queries == unknown_queries


def test_known_and_unknown_codes_do_the_same_work(client, issued, trusted, settings, monkeypatch):
    """Both paths do one indexed query (counted above) and two HMACs compared in constant time: counted here
    instead of timed, so the test does not depend on how busy the machine is. Before, a known code started a
    sandboxed PDF check and an unknown one did not."""
    from motcua.esign import selectors

    settings.MOTCUA_VERIFY_LIMIT = (1000, 600)
    calls: list[str] = []
    real_mac, real_compare = selectors._code_mac, selectors.hmac.compare_digest
    monkeypatch.setattr(selectors, "_code_mac", lambda code: calls.append("mac") or real_mac(code))
    monkeypatch.setattr(selectors.hmac, "compare_digest", lambda a, b: calls.append("compare") or real_compare(a, b))
    work = {}
    for name, code in (("known", issued.result_code), ("unknown", issued.result_code[:-1] + "7")):
        calls.clear()
        client.post(URL, {"code": code})
        work[name] = list(calls)
    assert work["known"] == work["unknown"] == ["mac", "mac", "compare"]


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


def test_unknown_code_asks_for_the_file(client, db):
    response = client.post(URL, {"code": "000.00.00.H00-260101-0001-KQ1"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "hãy chọn tệp PDF" in response.content.decode()


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
