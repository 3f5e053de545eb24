"""Import of agencies' e-identifiers from a province's CSV (QĐ 20/2020/QĐ-TTg art. 4), command and service."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.units.identifiers import (
    MAX_FILE_BYTES,
    IdentifierImportError,
    e_identifier_problem,
    unit_identifiers_import,
)
from motcua.units.models import Unit

# As a province publishes it (cf. Hà Nội QĐ 4078/QĐ-UBND, 01/8/2025): Excel "CSV UTF-8" — BOM, CRLF, semicolons,
# a running number, the agency's Vietnamese name and its identifier; one row for an agency motcua does not have.
PROVINCE_CSV = (
    "\ufeffSTT;Tên cơ quan, đơn vị;Mã định danh\r\n"
    "1;Ủy ban nhân dân tỉnh Quảng Ninh;H22\r\n"
    "2;Sở Tư pháp tỉnh Quảng Ninh;H22.12\r\n"
    "3;Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh;H22.31\r\n"
    "4;Ủy ban nhân dân phường Hà Tu;H22.101\r\n"
    "5;Trung tâm Phục vụ hành chính công phường Hà Tu;H22.101.01\r\n"
    '6;"Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh";H22.19\r\n'
    "7;Ban Quản lý Khu kinh tế tỉnh Quảng Ninh;H22.40\r\n"
).encode()


def identifiers(*codes: str) -> list[str]:
    return [Unit.objects.get(code=code).e_identifier for code in codes]


def run(tmp_path, content: bytes, *args: str) -> str:
    path = tmp_path / "ma-dinh-danh.csv"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("units", "import-identifiers", str(path), *args, stdout=out)
    return out.getvalue()


# --- the QĐ 20/2020 structure -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["H22", "H22.12", "H22.101.01", "A01.AB3.9Z", "G09." + "1" * 31])
def test_identifiers_of_the_decisions_shape_pass(value):
    assert e_identifier_problem(value) == ""


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("H22." + "1" * 32, "36"),  # art. 4(1): at most 35 characters
        ("h22.12", "“h”"),  # capital letters only
        ("H22.Đ1", "“Đ”"),  # English alphabet only
        ("H22-12", "“-”"),
        ("H22..12", "trống"),
        ("H22.", "trống"),
        ("Z22.12", "từ A đến Y"),  # art. 4(2): M is A–Y
        ("H2.12", "mã cấp 1"),
        ("HH2.12", "mã cấp 1"),
        ("000.00.12.H22", "H22.12.00.000"),  # the older layout, level-1 code last: the message shows it first
    ],
)
def test_identifiers_against_the_decisions_shape_are_named(value, says):
    assert says in e_identifier_problem(value)


# --- a province's file -----------------------------------------------------------------------------------


def test_dry_run_of_a_provinces_file_lists_changes_and_unknown_units_and_writes_nothing(units, tmp_path):
    report = json.loads(run(tmp_path, PROVINCE_CSV, "--json"))
    assert report["applied"] is False
    assert report["rows"] == 7
    assert report["unchanged"] == 1  # the committee keeps H22
    assert [(c["line"], c["code"], c["old"], c["new"]) for c in report["changes"]] == [
        (3, "P22-STP", "H22.02", "H22.12"),
        (4, "P22-TTPVHCC", "H22.30", "H22.31"),
        (5, "W06652-UBND", "H22.06652", "H22.101"),
        (6, "W06652-TTPVHCC", "H22.06652.01", "H22.101.01"),
        (7, "P22-SVHTTDL", "H22.09", "H22.19"),
    ]
    assert report["unknown"] == [
        {"line": 8, "key": "Ban Quản lý Khu kinh tế tỉnh Quảng Ninh", "reason": "không có cơ quan nào mang tên này"}
    ]
    assert identifiers("P22-STP", "W06652-UBND") == ["H22.02", "H22.06652"]


def test_confirm_writes_the_provinces_identifiers(units, tmp_path):
    out = run(tmp_path, PROVINCE_CSV, "--confirm")
    assert "Thay đổi / changes: 5" in out
    assert "dòng 8: Ban Quản lý Khu kinh tế tỉnh Quảng Ninh" in out
    assert identifiers("P22-UBND", "P22-STP", "P22-TTPVHCC", "W06652-UBND", "W06652-TTPVHCC", "P22-SVHTTDL") == [
        "H22",
        "H22.12",
        "H22.31",
        "H22.101",
        "H22.101.01",
        "H22.19",
    ]
    # Re-importing the same file changes nothing.
    assert json.loads(run(tmp_path, PROVINCE_CSV, "--json", "--confirm"))["changes"] == []


def test_comma_separated_file_keyed_by_unit_code_without_bom(units, tmp_path):
    content = "Mã đơn vị,Mã định danh\nP22-SNV,H22.11\np22-ca,G01.22\n".encode()
    report = json.loads(run(tmp_path, content, "--json", "--confirm"))
    assert [(c["code"], c["new"]) for c in report["changes"]] == [("P22-SNV", "H22.11"), ("P22-CA", "G01.22")]
    assert identifiers("P22-SNV", "P22-CA") == ["H22.11", "G01.22"]


def test_identifiers_swapped_between_two_units_are_written(units, tmp_path):
    content = b"code;e_identifier\nP22-SNV;H22.02\nP22-STP;H22.01\n"
    run(tmp_path, content, "--confirm")
    assert identifiers("P22-SNV", "P22-STP") == ["H22.02", "H22.01"]


def test_a_short_name_shared_by_many_agencies_is_listed_as_ambiguous(units, tmp_path):
    content = "Tên cơ quan;Mã định danh\nTrung tâm Phục vụ hành chính công;H22.31\n".encode()
    report = json.loads(run(tmp_path, content, "--json"))
    (unknown,) = report["unknown"]
    assert unknown["line"] == 2
    assert "cơ quan cùng tên" in unknown["reason"]


def test_a_code_of_an_area_not_an_agency_is_listed(units, tmp_path):
    report = json.loads(run(tmp_path, b"code;e_identifier\nP22;H22.77\nNOPE;H22.78\n", "--json"))
    assert [(u["line"], u["key"]) for u in report["unknown"]] == [(2, "P22"), (3, "NOPE")]
    assert report["changes"] == []


# --- refusals: one clear message naming the line, and nothing written --------------------------------------


def refused(tmp_path, content: bytes, *args: str) -> str:
    before = dict(Unit.objects.exclude(e_identifier="").values_list("code", "e_identifier"))
    with pytest.raises(CommandError) as error:
        run(tmp_path, content, "--confirm", *args)
    assert dict(Unit.objects.exclude(e_identifier="").values_list("code", "e_identifier")) == before
    return str(error.value)


def test_a_malformed_identifier_refuses_the_whole_file(units, tmp_path):
    content = PROVINCE_CSV + "8;Sở Nội vụ tỉnh Quảng Ninh;000.00.01.H22\r\n".encode()
    message = refused(tmp_path, content)
    assert "Dòng 9:" in message
    assert "H22.01.00.000" in message


def test_an_identifier_twice_in_the_file_is_refused(units, tmp_path):
    message = refused(tmp_path, b"code;e_identifier\nP22-SNV;H22.55\nP22-STP;H22.55\n")
    assert "Dòng 3: mã định danh H22.55 đã có ở dòng 2." in message


def test_a_unit_twice_in_the_file_is_refused(units, tmp_path):
    message = refused(tmp_path, b"code;e_identifier\nP22-SNV;H22.55\nP22-SNV;H22.56\n")
    assert "Dòng 3: P22-SNV đã có ở dòng 2." in message


def test_an_identifier_held_by_a_unit_outside_the_file_is_refused(units, tmp_path):
    message = refused(tmp_path, b"code;e_identifier\nP22-SNV;H22.02\n")
    assert "Dòng 2: H22.02 đã thuộc về Sở Tư pháp tỉnh Quảng Ninh (P22-STP)." in message


def test_a_file_in_windows_1258_is_refused_naming_the_line(units, tmp_path):
    content = "Mã đơn vị;Mã định danh\nP22-SNV;H22.55\n".encode() + "Hà Tu;H22.56\n".encode("cp1258")
    message = refused(tmp_path, content)
    assert "Dòng 3 không phải văn bản UTF-8" in message


def test_a_utf16_file_is_refused(units, tmp_path):
    assert "UTF-16" in refused(tmp_path, "Mã đơn vị;Mã định danh\n".encode("utf-16"))


def test_missing_columns_are_refused_naming_what_was_found(units, tmp_path):
    message = refused(tmp_path, "Tên;Ghi chú\nSở Nội vụ;x\n".encode())
    assert "Dòng 1" in message
    assert "Tên, Ghi chú" in message


def test_a_file_too_large_is_refused(units, tmp_path):
    content = b"code;e_identifier\n" + b"P22-SNV;H22.55\n" * (MAX_FILE_BYTES // 15 + 1)
    assert "1000000" in refused(tmp_path, content).replace(".", "").replace(",", "")


def test_the_service_reports_every_bad_line_at_once(units):
    with pytest.raises(IdentifierImportError) as error:
        unit_identifiers_import(content=b"code;e_identifier\nP22-SNV;H22..1\nP22-STP;h22.2\n", confirm=True)
    assert [line for line, _message in error.value.errors] == [2, 3]
