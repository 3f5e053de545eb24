"""`motcua import-procedures` and `motcua procedure show|list`: JSON shapes, idempotency, bad inputs."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Procedure

pytestmark = pytest.mark.django_db

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def record(code="1.000080", name="Thủ tục đăng ký nhận cha, mẹ, con", decision="163/QĐ-BTP", days="7"):
    return {
        "ma_thu_tuc": code,
        "ten_thu_tuc": name,
        "so_quyet_dinh": decision,
        "cap_thuc_hien": "Cấp xã, Cấp tỉnh",
        "linh_vuc": "Hộ tịch",
        "cach_thuc_thuc_hien": HEADER + f"Trực tiếp{days} Ngày làm việcMiễn phíTrực tuyến5 Ngày làm việcMiễn phí",
        "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai1 bản chính",
        "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13",
        "ket_qua_xu_ly": "Trích lụcMã: KQ.G15.000033Từ khóa",
    }


def write(path, payload):
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(*paths) -> dict:
    out = StringIO()
    call_command("import_procedures", *[str(p) for p in paths], "--json", stdout=out)
    return json.loads(out.getvalue())


def test_import_twice_reports_imported_then_unchanged(tmp_path):
    write(tmp_path / "a.json", record("1.000080"))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.json", record("1.000081"))
    first = run_import(tmp_path)
    second = run_import(tmp_path)
    fields = {
        name: {"parsed": 2, "uncertain": 0, "empty": 0}
        for name in ("levels", "time_limits", "fees", "documents", "legal_basis", "results")
    }
    common = {"files": 2, "failed": [], "warnings": 0, "fields": fields, "needs_review": 0}
    assert first == {**common, "imported": 2, "updated": 0, "unchanged": 0}
    assert second == {**common, "imported": 0, "updated": 0, "unchanged": 2}
    assert Procedure.objects.count() == 2


def test_import_reports_parse_confidence_per_field_and_keeps_the_raw_text(tmp_path):
    """A fee the provincial council sets, a time limit without its unit and a text without any document count:
    each is counted per field as uncertain, the procedure is flagged for review and keeps the text it came from."""
    payload = record("1.000082")
    payload["cach_thuc_thuc_hien"] = HEADER + "Trực tiếp7Miễn phí(Mức lệ phí do HĐND tỉnh quyết định)"
    payload["thanh_phan_ho_so"] = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai theo mẫuTK01.docx1 bản chínhGhi chú"
    payload["can_cu_phap_ly"] = "Tên văn bản pháp lýMã văn bảnLuật Hộ tịch"
    write(tmp_path / "c.json", payload)
    report = run_import(tmp_path)
    assert report["fields"]["time_limits"] == {"parsed": 0, "uncertain": 1, "empty": 0}
    assert report["fields"]["documents"] == {"parsed": 0, "uncertain": 1, "empty": 0}
    assert report["fields"]["legal_basis"] == {"parsed": 0, "uncertain": 1, "empty": 0}
    assert report["needs_review"] == 1
    proc = Procedure.objects.get(code="1.000082")
    assert proc.needs_review
    assert proc.source_raw["thanh_phan_ho_so"] == payload["thanh_phan_ho_so"]
    assert proc.parse_confidence["fees"] == "parsed"
    fee = proc.fees.get()
    assert fee.amount is None  # set by the council: never 0
    assert "HĐND" in fee.text


def test_changed_file_is_reported_updated(tmp_path):
    path = write(tmp_path / "a.json", record())
    run_import(path)
    write(path, record(days="9"))
    assert run_import(path)["updated"] == 1
    assert Procedure.objects.get().time_limits.get(channel="counter").value == 9


def test_bad_files_are_failed_entries_not_crashes(tmp_path):
    write(tmp_path / "ok.json", record())
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    write(tmp_path / "list.json", [1, 2])
    write(tmp_path / "nocode.json", {"ten_thu_tuc": "X"})
    (tmp_path / "latin1.json").write_bytes('{"a": "é"}'.encode("latin-1"))
    report = run_import(tmp_path)
    reasons = {entry["file"].rsplit("/", 1)[1]: entry["reason"] for entry in report["failed"]}
    assert report["imported"] == 1
    assert sorted(reasons) == ["broken.json", "latin1.json", "list.json", "nocode.json"]
    assert reasons["broken.json"].startswith("not JSON")


def test_missing_path_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="path not found"):
        call_command("import_procedures", str(tmp_path / "nope"))


def test_text_output_lists_warnings_per_file(tmp_path):
    payload = record()
    payload["thanh_phan_ho_so"] = "Không có thông tin"
    write(tmp_path / "a.json", payload)
    out = StringIO()
    call_command("import_procedures", str(tmp_path), stdout=out)
    assert "a.json: no document list" in out.getvalue()
    assert "imported: 1" in out.getvalue()


def test_procedure_show_json_shape(tmp_path):
    run_import(write(tmp_path / "a.json", record()))
    out = StringIO()
    call_command("procedure", "show", "1.000080", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["code"] == "1.000080"
    assert shown["field"] == "Hộ tịch"
    assert shown["levels"] == ["province", "commune"]
    assert shown["version"] == 1
    assert shown["time_limit"] == {"value": 7, "unit": "working_days"}
    assert [(t["channel"], t["value"]) for t in shown["time_limits"]] == [("counter", 7), ("online", 5)]
    assert shown["fees"][0]["amount"] == 0
    assert shown["documents"][0]["originals"] == 1
    assert shown["results"] == [{"name": "Trích lục", "code": "KQ.G15.000033"}]
    assert shown["legal_basis"][0]["number"] == "60/2014/QH13"
    assert shown["online_level"] == "partial"


def test_procedure_show_text_is_vietnamese(tmp_path):
    run_import(write(tmp_path / "a.json", record()))
    out = StringIO()
    call_command("procedure", "show", "1.000080", stdout=out)
    assert "Thời hạn giải quyết: 7 ngày làm việc" in out.getvalue()
    assert "Trực tuyến: 5 ngày làm việc" in out.getvalue()


def test_procedure_show_unknown_code_fails():
    with pytest.raises(CommandError, match=r"unknown procedure code 9\.999999"):
        call_command("procedure", "show", "9.999999")


def test_procedure_list_searches_without_accents(tmp_path):
    run_import(write(tmp_path / "a.json", record()))
    out = StringIO()
    call_command("procedure", "list", "--q", "nhan cha me", "--json", stdout=out)
    assert [row["code"] for row in json.loads(out.getvalue())] == ["1.000080"]
