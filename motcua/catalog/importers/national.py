"""Parse the national public service portal's procedure export (one JSON object per procedure) into
`ProcedureData`. Pure: no database access (writes are in `importers.runner`).

Keys: ma_thu_tuc, ten_thu_tuc, so_quyet_dinh, cap_thuc_hien, loai_thu_tuc, linh_vuc, doi_tuong_thuc_hien,
co_quan_co_tham_quyen, co_quan_thuc_hien, co_quan_phoi_hop, dia_chi_tiep_nhan, trinh_tu_thuc_hien,
cach_thuc_thuc_hien, thanh_phan_ho_so, can_cu_phap_ly, yeu_cau_dieu_kien, ket_qua_xu_ly, detail_url, raw_text.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from motcua.core.text import normalize

from ..schema import ProcedureData
from .tables import (
    NO_INFO,
    collapse_channels,
    parse_channel_table,
    parse_documents,
    parse_legal_basis,
    parse_levels,
    parse_results,
)

SOURCE = "national"

# Parsed field → the export key it is read from. Each procedure keeps these texts as published (source_raw) and a
# confidence per field, so a reviewer sees the raw text beside the parsed value.
PARSED_FIELDS = {
    "levels": "cap_thuc_hien",
    "time_limits": "cach_thuc_thuc_hien",
    "fees": "cach_thuc_thuc_hien",
    "documents": "thanh_phan_ho_so",
    "legal_basis": "can_cu_phap_ly",
    "results": "ket_qua_xu_ly",
}
PARSED = "parsed"
UNCERTAIN = "uncertain"
EMPTY = "empty"
_CODE = re.compile(r"^\d\.\d{6}(?:\.[\w.]+)?$")


class ParseError(ValueError):
    """The file is not a national procedure record (bad JSON, not an object, no code or name)."""


@dataclass
class Parsed:
    data: ProcedureData
    warnings: list[str] = field(default_factory=list)


def _text(record: dict, key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        return ""
    value = normalize(value.replace("\xa0", " ")) if "\n" not in value else value.replace("\xa0", " ").strip()
    return "" if value == NO_INFO else value


def _raw(record: dict, key: str) -> str:
    """A flattened table as published (NFC: some records are in decomposed Unicode, and the parsers match
    composed Vietnamese words), or "" when the field is missing or not text (a malformed export)."""
    value = record.get(key)
    return unicodedata.normalize("NFC", value.replace("\xa0", " ")) if isinstance(value, str) else ""


def parse_file(path: Path) -> Parsed:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from exc
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError("not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise ParseError(f"not JSON ({exc.msg}, line {exc.lineno})") from exc
    return parse_record(record)


def parse_record(record: object) -> Parsed:
    if not isinstance(record, dict):
        raise ParseError("JSON is not an object")
    code = _text(record, "ma_thu_tuc")
    name = _text(record, "ten_thu_tuc")
    if not code:
        raise ParseError("no procedure code (ma_thu_tuc)")
    if not name:
        raise ParseError("no procedure name (ten_thu_tuc)")
    warnings: list[str] = []
    if not _CODE.match(code):
        warnings.append(f"unusual procedure code '{code}'")

    levels, level_warnings = parse_levels(_text(record, "cap_thuc_hien"))
    table = parse_channel_table(_raw(record, "cach_thuc_thuc_hien"))
    documents, doc_warnings, doc_uncertain = parse_documents(_raw(record, "thanh_phan_ho_so"))
    legal, legal_warnings, legal_uncertain = parse_legal_basis(_raw(record, "can_cu_phap_ly"))
    results, result_warnings = parse_results(_raw(record, "ket_qua_xu_ly"))
    warnings += level_warnings + table.warnings + doc_warnings + legal_warnings + result_warnings

    time_limits = collapse_channels(table.time_limits, key=lambda row: (row.value, row.unit))
    fees = collapse_channels(table.fees, key=lambda row: (row.amount, row.currency, row.text), channels=table.channels)
    steps_text = _text(record, "trinh_tu_thuc_hien")
    source_raw = {key: _raw(record, key) for key in dict.fromkeys(PARSED_FIELDS.values())}
    notes = {
        "levels": level_warnings,
        "time_limits": [w for w in table.warnings if "time limit" in w],
        "fees": table.uncertain,
        "documents": doc_uncertain,
        "legal_basis": legal_uncertain,
        "results": [] if all(r.code for r in results) else ["a result without its code"],
    }
    values = {
        "levels": levels,
        "time_limits": time_limits,
        "fees": fees,
        "documents": documents,
        "legal_basis": legal,
        "results": results,
    }
    confidence = {name: EMPTY if not values[name] else UNCERTAIN if notes[name] else PARSED for name in PARSED_FIELDS}
    data = ProcedureData(
        code=code,
        name=name,
        field=_text(record, "linh_vuc") or "Khác",
        levels=levels,
        procedure_type=_text(record, "loai_thu_tuc")[:255],
        decision_number=_text(record, "so_quyet_dinh")[:100],
        applicants=_text(record, "doi_tuong_thuc_hien"),
        implementing_agency=_text(record, "co_quan_thuc_hien"),
        competent_agency=_text(record, "co_quan_co_tham_quyen"),
        coordinating_agency=_text(record, "co_quan_phoi_hop"),
        reception_address=_text(record, "dia_chi_tiep_nhan"),
        steps_text=steps_text,
        requirements_text=_text(record, "yeu_cau_dieu_kien"),
        result_text="; ".join(r.name for r in results)[:4000],
        online_level=infer_online_level(name, steps_text, table.descriptions, table.channels),
        channels=table.channels,
        boundary_free=infer_boundary_free(steps_text, table.descriptions),
        source_url=_text(record, "detail_url")[:500],
        time_limits=time_limits,
        fees=fees,
        documents=documents,
        results=results,
        legal_basis=legal,
        source_raw=source_raw,
        source_hash=hashlib.sha256("\x1f".join(source_raw.values()).encode("utf-8")).hexdigest(),
        confidence=confidence,
        review_notes={name: found for name, found in notes.items() if found and values[name]},
    )
    return Parsed(data=data, warnings=warnings)


def _mentions(phrases: tuple[str, ...], *texts: str) -> bool:
    # lowercase NFC search, not fold(): steps texts run to 20,000 characters and fold() is the slow part
    return any(phrase in unicodedata.normalize("NFC", text).lower() for text in texts for phrase in phrases)


def infer_online_level(name: str, steps_text: str, descriptions: list[str], channels: list[str]) -> str:
    """The export has no online-level field (ND 42/2022 art. 11), so it is inferred:

    - "toàn trình" in the name, steps or channel descriptions, or online the only channel → full;
    - an online channel row → partial (submission online, result or fee possibly not);
    - otherwise → none.
    """
    if "online" not in channels:
        return "none"
    if channels == ["online"] or _mentions(("toàn trình",), name, steps_text, *descriptions):
        return "full"
    return "partial"


def infer_boundary_free(steps_text: str, descriptions: list[str]) -> bool:
    """Boundary-free reception (phi địa giới) is flagged only when the text says so."""
    return _mentions(("phi địa giới", "không phụ thuộc vào địa giới hành chính"), steps_text, *descriptions)


def iter_json_files(paths: list[Path]) -> list[Path]:
    """Files given, plus every *.json under the directories given (recursive, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
        else:
            found.append(path)
    return found
