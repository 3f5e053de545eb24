"""The review queue: uncertain fields, corrections that survive re-import of the same source text and are
flagged when it changes; `motcua procedure review`; the admin page as a reviewer uses it."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from motcua.catalog.importers.runner import import_national
from motcua.catalog.models import Procedure, ProcedureCorrection
from motcua.catalog.review import CorrectionError, procedure_correct

from .test_commands import HEADER, record, write

pytestmark = pytest.mark.django_db

# "Tờ khai" + a file name in lowercase glued to it: no visible boundary, so the row is uncertain
UNSURE_DOCUMENTS = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng kýto khai moi.docx1 bản chính"


def unsure_record():
    payload = record("1.000090")
    payload["thanh_phan_ho_so"] = UNSURE_DOCUMENTS
    payload["cach_thuc_thuc_hien"] = HEADER + "Trực tiếp5 Ngày làm việcMiễn phí(Mức lệ phí do HĐND tỉnh quyết định)"
    return payload


def current(code="1.000090") -> Procedure:
    return Procedure.objects.get(code=code, valid_to__isnull=True)


def test_correction_survives_reimport_and_is_flagged_when_the_source_changes(tmp_path, django_user_model):
    path = write(tmp_path / "p.json", unsure_record())
    import_national([path])
    proc = current()
    assert proc.needs_review and proc.parse_confidence["documents"] == "uncertain"
    reviewer = django_user_model.objects.create_user("ra-soat", password="x")

    procedure_correct(
        procedure=proc, field="documents", text="Tờ khai đăng ký | to khai moi.docx | 1 | 0", actor=reviewer
    )
    proc = current()
    assert [(d.name, d.form) for d in proc.documents.all()] == [("Tờ khai đăng ký", "to khai moi.docx")]
    assert proc.parse_confidence["documents"] == "corrected" and not proc.needs_review

    # the same export again: the correction is applied, not the parse; a second import changes nothing
    assert import_national([path]).updated == 1
    assert import_national([path]).unchanged == 1
    proc = current()
    assert [(d.name, d.form) for d in proc.documents.all()] == [("Tờ khai đăng ký", "to khai moi.docx")]
    assert proc.parse_confidence["documents"] == "corrected"

    # the ministry republishes the document list: the new parse is kept and flagged for review
    changed = unsure_record()
    changed["thanh_phan_ho_so"] = UNSURE_DOCUMENTS.replace("1 bản chính", "2 bản chính")
    write(path, changed)
    import_national([path])
    proc = current()
    assert proc.needs_review and proc.parse_confidence["documents"] == "uncertain"
    assert "source changed since the correction" in proc.review_notes["documents"]
    assert proc.documents.get().originals == 2
    assert ProcedureCorrection.objects.get(code="1.000090").source_changed


def test_fee_and_legal_corrections_and_bad_lines(tmp_path):
    import_national([write(tmp_path / "p.json", unsure_record())])
    proc = current()
    procedure_correct(
        procedure=proc, field="fees", text="Trực tiếp |  | Mức lệ phí do HĐND tỉnh quyết định", actor=None
    )
    fee = current().fees.get()
    assert (fee.channel, fee.amount) == ("counter", None)
    procedure_correct(procedure=proc, field="fees", text="Tất cả | 200.000 | 200.000 đồng/hồ sơ", actor=None)
    assert current().fees.get().amount == Decimal("200000")
    procedure_correct(procedure=proc, field="legal_basis", text="60/2014/QH13 | Luật Hộ tịch", actor=None)
    assert current().legal_basis.get().issuer == "Quốc hội"
    with translation.override("vi"), pytest.raises(CorrectionError) as error:
        procedure_correct(procedure=proc, field="fees", text="Qua mạng | 10 | x", actor=None)
    assert "Dòng 1" in str(error.value)
    with translation.override("vi"), pytest.raises(CorrectionError) as error:
        procedure_correct(procedure=proc, field="documents", text="Tờ khai | | một | 0", actor=None)
    assert "Dòng 1" in str(error.value)
    assert current().fees.get().amount == Decimal("200000")  # a rejected correction changes nothing


def test_procedure_review_command(tmp_path):
    import_national([write(tmp_path / "p.json", unsure_record()), write(tmp_path / "q.json", record("1.000091"))])
    out = StringIO()
    call_command("procedure", "review", "--json", stdout=out)
    queue = json.loads(out.getvalue())
    assert queue["total"] == 1
    assert queue["procedures"][0]["code"] == "1.000090"
    assert queue["procedures"][0]["uncertain"] == ["documents"]
    out = StringIO()
    call_command("procedure", "review", "1.000090", "--json", stdout=out)
    detail = json.loads(out.getvalue())
    assert detail["fields"]["documents"]["raw"] == UNSURE_DOCUMENTS
    assert detail["fields"]["fees"]["parsed"] == "Tất cả |  | Miễn phí (Mức lệ phí do HĐND tỉnh quyết định)"


@pytest.mark.django_db(transaction=True)
def test_reviewer_corrects_a_document_row_in_the_admin(tmp_path, page, live_server, django_user_model, screenshot):
    import_national([write(tmp_path / "p.json", unsure_record())])
    django_user_model.objects.create_superuser("ra-soat", "rs@example.vn", "mat-khau-ra-soat")
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/catalog/procedurereview/")
    page.fill("#id_username", "ra-soat")
    page.fill("#id_password", "mat-khau-ra-soat")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="1.000090").click()
    section = page.locator("#review-documents")
    assert "Chưa chắc chắn" in section.inner_text()
    assert "to khai moi.docx1 bản chính" in section.locator(".review-raw").inner_text()
    screenshot(page, "catalog-review-queue")
    box = section.get_by_label("Các dòng đã sửa")
    box.fill("Tờ khai đăng ký | to khai moi.docx | 1 | 0")
    section.get_by_role("button", name="Lưu sửa đổi").click()
    page.wait_for_selector(".messagelist")
    assert "Đã lưu" in page.locator(".messagelist").inner_text()
    assert "Do người rà soát sửa" in page.locator("#review-documents").inner_text()
    proc = current()
    assert [(d.name, d.form) for d in proc.documents.all()] == [("Tờ khai đăng ký", "to khai moi.docx")]
    # a line the reviewer got wrong: a clear error on the page, nothing saved
    page.locator("#review-fees").get_by_label("Các dòng đã sửa").fill("Qua mạng | 10 | x")
    page.locator("#review-fees").get_by_role("button", name="Lưu sửa đổi").click()
    assert "Dòng 1" in page.locator("#review-fees .review-error").inner_text()
    screenshot(page, "catalog-review-error")


@pytest.mark.django_db(transaction=True)
def test_procedure_page_lists_every_form_and_flags_what_is_under_review(tmp_path, page, live_server, screenshot):
    """A citizen sees each form file of a row, and a notice (with the portal's link) over a part the parser was
    unsure of instead of a silently wrong list."""
    unsure = unsure_record()
    unsure["detail_url"] = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1"
    sure = record("1.000091")
    sure["thanh_phan_ho_so"] = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký;Mẫu số 01 (sửa đổi).docxPhụ lục II.pdf1 bản chính"
    )
    import_national([write(tmp_path / "p.json", unsure), write(tmp_path / "q.json", sure)])

    page.goto(live_server.url + "/thu-tuc/1.000091/")
    documents = page.locator("#documents")
    assert "Mẫu số 01 (sửa đổi).docx; Phụ lục II.pdf" in documents.inner_text()
    assert page.get_by_test_id("under-review").count() == 0

    page.goto(live_server.url + "/thu-tuc/1.000090/")
    notice = page.locator("#documents").get_by_test_id("under-review")
    assert "đang được rà soát" in notice.inner_text()
    assert notice.get_by_role("link").get_attribute("href") == unsure["detail_url"]
    assert page.locator("#fees").get_by_test_id("under-review").count() == 0
    screenshot(page, "catalog-procedure-under-review")
