"""Forms 01–03 as signed A5 PDFs (TT 01/2018 art 9–10, TT 03/2025 Appendix I) and the authorised-person block.

The PDFs are checked with poppler (`pdfinfo` for the page count and size, `pdftotext` for the words, `pdftoppm`
for a picture under var/screenshots/) and with the verification of /xac-thuc/ (PAdES, the same check as an
e-result)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import official_forms, services
from motcua.dossiers.choices import Action
from motcua.dossiers.errors import DossierError
from motcua.dossiers.tests.factories import World, vn
from motcua.esign.selectors import trust_roots
from motcua.esign.services import signing_credential_create
from motcua.esign.tests.conftest import TrustRootFactory
from motcua.esign.tests.pki import make_pki
from motcua.esign.verification import verify_pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils are not installed"),
]
PASSPHRASE_ENV = "MOTCUA_TEST_FORMS_P12_PASSPHRASE"
REPO = Path(__file__).resolve().parents[3]
REFERENCE = REPO.parent / "shared" / "reference" / "legal-details.md"
SCREENSHOTS = REPO / "var" / "screenshots"
A5_POINTS = (419.53, 595.28)  # 148 × 210 mm
LONG_DOCUMENTS = [
    f"Bản sao có chứng thực giấy tờ số {n} chứng minh quyền sử dụng đất và tài sản gắn liền với đất" for n in range(12)
]
SUBMITTER = {
    "submitter_name": "Lê Thị Cúc",
    "submitter_id_number": "001190012345",
    "submitter_phone": "0977111222",
    "submitter_authorisation": "Giấy ủy quyền số 12/2026/UQ ngày 01/03/2026",
}


@pytest.fixture(scope="module")
def pki():
    return make_pki(signer_name="Trung tâm Phục vụ hành chính công Thử Nghiệm")


@pytest.fixture
def world(db) -> World:
    return World(setup=LONG_DOCUMENTS)


@pytest.fixture
def credential(world, pki, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    TrustRootFactory(certificate_pem=pki.ca_pem)
    return signing_credential_create(
        unit=world.one_stop, name="Chứng thư số trung tâm", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )


def pdf_info(data: bytes, tmp_path: Path) -> dict:
    path = tmp_path / "form.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    width, height = (float(x) for x in re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M).groups())
    return {"pages": pages, "size": (width, height)}


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return text.stdout


def pdf_words(data: bytes, tmp_path: Path) -> str:
    """The text with every run of white space as one space (lines wrap anywhere in a sentence)."""
    path = tmp_path / "words.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def snapshot(data: bytes, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(source), str(SCREENSHOTS / name)], check=True)
    return SCREENSHOTS / f"{name}.png"


def received_with_submitter(world):
    return world.receive(applicant_address="Số 5 phố Hàng Bạc, phường Hoàn Kiếm, Hà Nội", **SUBMITTER)


def get_pdf(client, officer, dossier, number: str) -> bytes:
    client.force_login(officer)
    response = client.get(reverse("console:dossier_form_pdf", args=[dossier.code, number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


# --- the authorised person is stored and recorded ------------------------------------------------------------


def test_counter_reception_stores_the_submitter_and_the_history_records_it(world):
    dossier = received_with_submitter(world)
    assert (dossier.submitter_name, dossier.submitter_id_number) == ("Lê Thị Cúc", "001190012345")
    assert dossier.submitter_phone == "0977111222"
    assert dossier.submitter_authorisation.startswith("Giấy ủy quyền số 12/2026/UQ")
    event = dossier.events.get(action=Action.RECEIVE)
    assert event.data["on_behalf"] is True
    assert event.data["authorisation"] == SUBMITTER["submitter_authorisation"]


def test_online_submission_records_who_files_for_the_applicant(world):
    dossier = services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name="Trần Văn Dũng",
        submitter={"submitter_name": "Trần Thị Em", "submitter_authorisation": "Hợp đồng ủy quyền 3/2026"},
    )
    assert dossier.submitter_name == "Trần Thị Em"
    assert dossier.events.get(action=Action.SUBMIT).data["on_behalf"] is True


def test_submitter_details_without_a_name_are_refused(world):
    with pytest.raises(DossierError) as error:
        world.receive(submitter_phone="0977111222")
    assert error.value.code == "submitter_name_required"


def test_intake_page_captures_the_authorised_person(client, world):
    client.force_login(world.counter)
    response = client.post(
        reverse("console:intake"),
        {
            "procedure": world.procedure.pk,
            "unit": world.one_stop.pk,
            "channel": "counter",
            "applicant_name": "Nguyễn Văn An",
            "presented": [str(pk) for pk in world.all_documents()],
            "result_delivery": "counter",
            "sets_count": 1,
            **SUBMITTER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = response["Location"].split("/ho-so/")[1].split("/")[0]
    dossier = world.procedure.dossiers.get(code=code)
    assert dossier.submitter_name == "Lê Thị Cúc"
    assert dossier.events.get(action=Action.RECEIVE).data["on_behalf"] is True


def test_intake_page_wants_the_name_of_the_authorised_person(client, world):
    client.force_login(world.counter)
    response = client.post(
        reverse("console:intake"),
        {
            "procedure": world.procedure.pk,
            "unit": world.one_stop.pk,
            "channel": "counter",
            "applicant_name": "Nguyễn Văn An",
            "presented": [str(pk) for pk in world.all_documents()],
            "submitter_phone": "0977111222",
        },
    )
    assert response.status_code == 200
    assert "submitter_name" in response.context["form"].errors


# --- form 01: one A5 sheet, authorised-person block, signed ------------------------------------------------


def test_form_01_is_one_signed_a5_sheet_with_the_authorised_block(client, world, credential, tmp_path):
    dossier = received_with_submitter(world)
    data = get_pdf(client, world.counter, dossier, "01")
    info = pdf_info(data, tmp_path)
    assert info["pages"] == 1  # twelve long components and both signatures still fit
    assert info["size"] == pytest.approx(A5_POINTS, abs=1)
    words = pdf_words(data, tmp_path)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in words
    assert f"{official_forms.AUTHORISED_HEADING} Lê Thị Cúc" in words
    assert "001190012345" in words and "0977111222" in words
    assert "Giấy ủy quyền số 12/2026/UQ" in words
    assert "NGƯỜI NỘP HỒ SƠ" in words and "NGƯỜI TIẾP NHẬN HỒ SƠ" in words
    assert "Chữ ký số của người tiếp nhận hồ sơ nếu là biểu mẫu điện tử" in words
    assert "Ký số bởi: Trung tâm Phục vụ hành chính công Thử Nghiệm" in words
    assert "http://testserver/xac-thuc/" in words
    assert LONG_DOCUMENTS[-1] in words
    result = verify_pdf(data, roots=trust_roots())
    assert result.ok and result.intact and result.trusted
    assert snapshot(data, "form-01-a5").stat().st_size > 10_000


def test_signed_form_01_verifies_on_the_public_page(client, world, credential):
    dossier = received_with_submitter(world)
    data = get_pdf(client, world.counter, dossier, "01")
    client.logout()
    upload = SimpleUploadedFile("mau-01.pdf", data, content_type="application/pdf")
    response = client.post(reverse("esign:verify"), {"file": upload})
    assert response.status_code == 200
    assert response.context["result"].ok
    assert response.context["result"].signer == "Trung tâm Phục vụ hành chính công Thử Nghiệm"


def test_form_01_without_a_credential_is_an_unsigned_sheet(client, world, tmp_path):
    dossier = received_with_submitter(world)
    data = get_pdf(client, world.counter, dossier, "01")
    assert pdf_info(data, tmp_path)["pages"] == 1
    assert verify_pdf(data, roots=[]).verdict == "unsigned"


def test_html_form_01_prints_the_authorised_block_and_links_the_pdf(client, world):
    dossier = received_with_submitter(world)
    client.force_login(world.counter)
    response = client.get(reverse("console:dossier_form", args=[dossier.code, "01"]))
    body = response.content.decode()
    assert 'data-testid="authorised-block"' in body and "Giấy ủy quyền số 12/2026/UQ" in body
    assert reverse("console:dossier_form_pdf", args=[dossier.code, "01"]) in body


def test_form_01_of_a_dossier_filed_in_person_has_no_authorised_block(client, world, tmp_path):
    dossier = world.receive()
    data = get_pdf(client, world.counter, dossier, "01")
    assert official_forms.AUTHORISED_HEADING not in pdf_words(data, tmp_path)


# --- form 02: contact phone; form 03: counter vs after appraisal ---------------------------------------------


def test_form_02_gives_the_contact_phone(client, world, credential, tmp_path):
    world.counter.phone = "0243 8888 999"
    world.counter.save(update_fields=["phone"])
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = services.dossier_request_supplement_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=world.procedure,
            applicant_name="Nguyễn Văn An",
            presented_document_ids=world.all_documents()[:1],
        )
    data = get_pdf(client, world.counter, dossier, "02")
    words = pdf_words(data, tmp_path)
    assert "số điện thoại 0243 8888 999 để được hướng dẫn" in words
    assert pdf_info(data, tmp_path)["pages"] == 1
    assert verify_pdf(data, roots=trust_roots()).ok
    client.force_login(world.counter)
    html = client.get(reverse("console:dossier_form", args=[dossier.code, "02"])).content.decode()
    assert "0243 8888 999" in html
    snapshot(data, "form-02-a5")


def test_form_03_sentence_is_the_rules_text():
    """The form's sentence as the reference quotes TT 01/2018 / TT 03/2025 Mẫu số 03 (when the reference is here)."""
    assert official_forms.FORM_03_SENTENCE == (
        "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này "
        "với lý do cụ thể như sau:"
    )
    if REFERENCE.exists():
        text = REFERENCE.read_text(encoding="utf-8")
        assert f'"{official_forms.FORM_03_SENTENCE} …"' in text
        assert f'"{official_forms.FORM_03_CLOSING}"' in text


@pytest.fixture(scope="module")
def department_pki():
    return make_pki(ca_name="CA Sở Thử Nghiệm", signer_name="Phòng Chuyên môn Thử Nghiệm")


def test_form_03_wording_differs_at_the_counter_and_after_appraisal(
    client, world, credential, department_pki, monkeypatch, tmp_path
):
    monkeypatch.setenv("MOTCUA_TEST_FORMS_DEPT_PASSPHRASE", department_pki.passphrase)
    TrustRootFactory(certificate_pem=department_pki.ca_pem)
    signing_credential_create(
        unit=world.department,
        name="Chứng thư số phòng",
        pkcs12=department_pki.pkcs12,
        passphrase_env="MOTCUA_TEST_FORMS_DEPT_PASSPHRASE",
    )
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        refused = services.dossier_refuse_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=world.procedure,
            applicant_name="Nguyễn Văn An",
            reason="Thủ tục không thuộc thẩm quyền của Trung tâm.",
        )
    rejected = world.dossier_in("awaiting_approval")
    rejected = world.act(
        services.dossier_reject,
        rejected,
        at=vn(2026, 3, 3, 10, 0),
        officer=world.leader,
        reason="Hồ sơ không đủ điều kiện theo quy định.",
    )
    counter_words = pdf_words(get_pdf(client, world.counter, refused, "03"), tmp_path)
    appraisal_pdf = get_pdf(client, world.leader, rejected, "03")
    appraisal_words = pdf_words(appraisal_pdf, tmp_path)

    counter = official_forms.refusal_wording(action=Action.REFUSE_RECEPTION)
    appraisal = official_forms.refusal_wording(action=Action.REJECT, unit_name=world.department.name)
    # Both fill the form's "không tiếp nhận, giải quyết" with the one that applies, and keep the rest of it.
    head, tail = official_forms.FORM_03_SENTENCE.split(" không tiếp nhận, giải quyết ")
    assert counter.sentence == f"{head} không tiếp nhận {tail}"
    assert appraisal.sentence.endswith(f"không giải quyết {tail}")
    assert counter.sentence in counter_words and "NGƯỜI NỘP HỒ SƠ" in counter_words
    assert appraisal.sentence in appraisal_words and "NGƯỜI NỘP HỒ SƠ" not in appraisal_words
    assert "CƠ QUAN GIẢI QUYẾT HỒ SƠ" in appraisal_words
    assert world.department.name.upper() in appraisal_words  # the refusing agency heads the sheet
    assert world.one_stop.name.upper() in counter_words
    assert official_forms.FORM_03_CLOSING in counter_words and official_forms.FORM_03_CLOSING in appraisal_words
    assert "Chữ ký số nếu là biểu mẫu điện tử" in appraisal_words  # not "of the receiving officer"
    assert "Chữ ký số của người tiếp nhận hồ sơ nếu là biểu mẫu điện tử" in counter_words
    signed = verify_pdf(appraisal_pdf, roots=trust_roots())
    assert signed.ok and signed.signer == "Phòng Chuyên môn Thử Nghiệm"  # the unit that refused signs
    snapshot(appraisal_pdf, "form-03-after-appraisal-a5")


def test_pdf_is_only_for_forms_01_to_03_and_the_officers_scope(client, world):
    dossier = world.receive()
    client.force_login(world.counter)
    assert client.get(reverse("console:dossier_form_pdf", args=[dossier.code, "04"])).status_code == 404
    assert client.get(reverse("console:dossier_form_pdf", args=[dossier.code, "02"])).status_code == 404
    stranger = World()
    client.force_login(stranger.counter)
    assert client.get(reverse("console:dossier_form_pdf", args=[dossier.code, "01"])).status_code == 404


def test_erasure_clears_the_authorised_person_and_the_history_never_held_the_name(world):
    """ND 13/2023: the person who filed for the applicant is personal data, cleared with the applicant's."""
    from motcua.accounts.choices import UserKind
    from motcua.accounts.services import user_create
    from motcua.security.personal_data import personal_data_delete

    owner = user_create(username="0912000333", password=None, kind=UserKind.CITIZEN, full_name="Trần Văn Dũng")
    dossier = services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name="Trần Văn Dũng",
        applicant_user=owner,
        submitter={"submitter_name": "Trần Thị Em", "submitter_phone": "0977000111"},
    )
    assert "Trần Thị Em" not in str(dossier.events.get().data)
    personal_data_delete(username="0912000333")
    dossier.refresh_from_db()
    assert (dossier.submitter_name, dossier.submitter_phone) == ("", "")
