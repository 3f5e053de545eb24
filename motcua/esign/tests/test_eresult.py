import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import pem, x509
from pypdf import PdfReader

from motcua.datastore.models import StoredDocument
from motcua.dossiers.choices import DocumentKind
from motcua.dossiers.errors import DossierError, DossierPermissionDenied
from motcua.esign.choices import Verdict
from motcua.esign.services import eresult_issue
from motcua.esign.verification import verify_pdf

from .conftest import pdf_bytes


def _root(pem_text: str) -> x509.Certificate:
    return x509.Certificate.load(pem.unarmor(pem_text.encode())[2])


def test_issued_result_is_the_dossiers_result_document_with_the_kq_code(issued, signed_dossier):
    document = issued.document
    assert issued.result_code == f"{signed_dossier.code}-KQ1"
    assert document.kind == DocumentKind.RESULT
    assert document.result_code == issued.result_code
    assert document.sha256 == hashlib.sha256(pdf_bytes(issued)).hexdigest() == issued.sha256
    assert issued.signer_name == "Sở Tư pháp tỉnh Thử Nghiệm"


def test_signature_verifies_against_the_province_ca(issued, pki):
    result = verify_pdf(pdf_bytes(issued), roots=[_root(pki.ca_pem)])
    assert result.verdict == Verdict.VALID
    assert (result.valid, result.intact, result.trusted, result.covers_whole_file) == (True, True, True, True)
    assert result.signer == "Sở Tư pháp tỉnh Thử Nghiệm"
    assert abs((result.signed_at - issued.signed_at).total_seconds()) < 120


def test_one_changed_byte_makes_the_result_modified(issued, pki):
    data = bytearray(pdf_bytes(issued))
    position = data.index(b"/Producer")  # inside the signed byte range, in the document information
    data[position + 1] = ord("Q")
    result = verify_pdf(bytes(data), roots=[_root(pki.ca_pem)])
    assert result.verdict == Verdict.MODIFIED
    assert result.intact is False


def test_signature_from_another_ca_is_untrusted(issued, other_pki):
    result = verify_pdf(pdf_bytes(issued), roots=[_root(other_pki.ca_pem)])
    assert result.verdict == Verdict.UNTRUSTED
    assert result.intact is True


def test_appended_content_after_signing_is_reported(issued, pki):
    data = pdf_bytes(issued) + b"\n% added later\n"
    result = verify_pdf(data, roots=[_root(pki.ca_pem)])
    assert result.verdict == Verdict.MODIFIED


def test_unsigned_and_unreadable_files_get_an_answer_not_an_error(pki):
    assert verify_pdf(b"not a pdf at all", roots=[_root(pki.ca_pem)]).verdict == Verdict.UNREADABLE


def test_vietnamese_text_can_be_extracted(issued, signed_dossier):
    text = PdfReader(io.BytesIO(pdf_bytes(issued))).pages[0].extract_text()
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        signed_dossier.code,
        issued.result_code,
        "Nguyễn Văn An",
        "Chấp thuận cấp giấy phép",
        "123/GP-STP",
        "Ký số bởi: Sở Tư pháp tỉnh Thử Nghiệm",
    ):
        assert expected in text


def test_result_renders_to_an_image(issued, tmp_path):
    """Rendered with pdftoppm (poppler-utils, installed by `make test` through scripts/ensure-system-packages)."""
    assert shutil.which("pdftoppm"), "pdftoppm is missing: run make test (it installs poppler-utils)"
    source = tmp_path / "ket-qua.pdf"
    source.write_bytes(pdf_bytes(issued))
    out_dir = Path("var/screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(source), str(out_dir / "esign-result")], check=True
    )
    assert (out_dir / "esign-result.png").stat().st_size > 10_000


def test_issuing_twice_returns_the_same_result(issued, world, signed_dossier):
    again = eresult_issue(dossier=signed_dossier, result_no=1, actor=world.leader)
    assert again.pk == issued.pk


def test_second_number_is_a_new_signed_result(issued, world, signed_dossier):
    second = eresult_issue(dossier=signed_dossier, result_no=2, actor=world.leader)
    assert second.result_code.endswith("-KQ2")
    assert signed_dossier.documents.filter(kind=DocumentKind.RESULT).count() == 2


def test_specialist_cannot_issue(world, credential, signed_dossier):
    with pytest.raises(DossierPermissionDenied):
        eresult_issue(dossier=signed_dossier, result_no=1, actor=world.specialist)


def test_result_not_yet_signed_off_cannot_be_issued(world, credential):
    dossier = world.dossier_in("awaiting_signature")
    with pytest.raises(DossierError) as error:
        eresult_issue(dossier=dossier, result_no=1, actor=world.leader)
    assert error.value.code == "not_signed"


def test_unit_without_credential_cannot_issue(world, signed_dossier):
    with pytest.raises(DossierError) as error:
        eresult_issue(dossier=signed_dossier, result_no=1, actor=world.leader)
    assert error.value.code == "no_credential"


def test_missing_passphrase_variable_is_a_clear_error(world, credential, signed_dossier, monkeypatch):
    monkeypatch.delenv("MOTCUA_TEST_ESIGN_PASSPHRASE")
    with pytest.raises(DossierError) as error:
        eresult_issue(dossier=signed_dossier, result_no=1, actor=world.leader)
    assert error.value.code == "credential"


@pytest.mark.django_db(transaction=True)
def test_citizens_result_goes_to_their_data_store(world, credential, django_user_model):
    from motcua.accounts.choices import UserKind

    citizen = django_user_model.objects.create(username="cong-dan-1", kind=UserKind.CITIZEN)
    dossier = world.dossier_in("result_ready")
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_user=citizen)
    issued = eresult_issue(dossier=dossier, result_no=1, actor=world.leader)
    stored = StoredDocument.objects.get(owner=citizen, source_document=issued.document)
    assert stored.result_code == issued.result_code


def test_result_is_one_page_with_the_full_verification_url(world, credential, signed_dossier, tmp_path):
    """No page holds only the verification hint (it used to spill onto page 2), and the hint is a full URL."""
    assert shutil.which("pdfinfo"), "pdfinfo is missing: run make test (it installs poppler-utils)"
    long_decision = " ".join(["Chấp thuận cấp giấy phép hoạt động theo đề nghị của tổ chức."] * 12)
    issued = eresult_issue(
        dossier=signed_dossier,
        result_no=1,
        actor=world.leader,
        decision=long_decision,
        fields=[("Số giấy phép", "123/GP-STP"), ("Thời hạn", "05 năm")],
        site_url="https://motcua.example.gov.vn/",
    )
    source = tmp_path / "ket-qua.pdf"
    source.write_bytes(pdf_bytes(issued))
    info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    text = subprocess.run(["pdftotext", str(source), "-"], capture_output=True, text=True, check=True).stdout
    words = "".join(text.split())  # a long URL may wrap: compare without white space
    assert f"https://motcua.example.gov.vn/xac-thuc/?ma={issued.result_code}" in words


def test_verification_url_falls_back_to_the_public_url_setting(settings):
    from motcua.esign.services import verification_url

    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.gov.vn"
    assert verification_url(code="X-KQ1") == "https://dichvucong.example.gov.vn/xac-thuc/?ma=X-KQ1"
    assert verification_url(site_url="http://a.example/") == "http://a.example/xac-thuc/"
