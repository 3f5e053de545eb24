"""Load the demo catalogue from `data/demo_procedures.yaml` (a list of procedures, keys agreed with the content
writer: see docs/domain/catalogue.md). Idempotent: it goes through `procedure_upsert`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .schema import DocumentData, FeeData, LegalBasisData, ProcedureData, ResultData, StepData, TimeLimitData
from .services import procedure_upsert_many

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_procedures.yaml"
SOURCE = "demo"


class DemoFormatError(ValueError):
    pass


def _decimal(value, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise DemoFormatError(f"{where}: not a number: {value!r}") from exc


def _date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DemoFormatError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from exc


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def procedure_data_from_yaml(item: dict) -> ProcedureData:
    """Convert one YAML entry into ProcedureData (raises DemoFormatError with the code on bad input)."""
    if not isinstance(item, dict):
        raise DemoFormatError("entry is not a mapping")
    code = _text(item.get("code"))
    if not code or not _text(item.get("name")) or not _text(item.get("field")):
        raise DemoFormatError(f"{code or '?'}: code, name and field are required")
    return ProcedureData(
        code=code,
        name=_text(item["name"]),
        field=_text(item["field"]),
        levels=list(item.get("levels") or []),
        procedure_type=_text(item.get("procedure_type")),
        decision_number=_text(item.get("decision_number")),
        valid_from=_date(item.get("valid_from"), code),
        applicants=_text(item.get("applicants")),
        implementing_agency=_text(item.get("implementing_agency")),
        competent_agency=_text(item.get("competent_agency")),
        coordinating_agency=_text(item.get("coordinating_agency")),
        reception_address=_text(item.get("reception_address")),
        steps_text=_text(item.get("steps_text")),
        requirements_text=_text(item.get("requirements_text")),
        result_text=_text(item.get("result_text")),
        online_level=_text(item.get("online_level")) or "none",
        channels=list(item.get("channels") or ["counter"]),
        boundary_free=bool(item.get("boundary_free", False)),
        source_url=_text(item.get("source_url")),
        time_limits=[
            TimeLimitData(
                value=_decimal(t.get("value"), code),
                unit=_text(t.get("unit")) or "working_days",
                channel=_text(t.get("channel")) or "all",
                note=_text(t.get("note")),
            )
            for t in item.get("time_limits") or []
        ],
        fees=[
            FeeData(
                channel=_text(f.get("channel")) or "all",
                name=_text(f.get("name")),
                amount=None if f.get("amount") is None else _decimal(f.get("amount"), code),
                currency=_text(f.get("currency")) or "VND",
                text=_text(f.get("text")),
            )
            for f in item.get("fees") or []
        ],
        documents=[
            DocumentData(
                name=_text(d.get("name")),
                form=_text(d.get("form")),
                originals=int(d.get("originals") or 0),
                copies=int(d.get("copies") or 0),
                required=bool(d.get("required", True)),
                group=_text(d.get("group")),
                note=_text(d.get("note")),
            )
            for d in item.get("documents") or []
        ],
        results=[ResultData(name=_text(r.get("name")), code=_text(r.get("code"))) for r in item.get("results") or []],
        legal_basis=[
            LegalBasisData(
                number=_text(b.get("number")),
                title=_text(b.get("title")),
                date=_date(b.get("date"), code),
                issuer=_text(b.get("issuer")),
            )
            for b in item.get("legal_basis") or []
        ],
        life_events=[_text(e) for e in item.get("life_events") or [] if _text(e)],
        process=[
            StepData(
                name=_text(s.get("name")),
                role=_text(s.get("role")) or "specialist",
                unit_kind=_text(s.get("unit_kind")) or "other",
                value=_decimal(s.get("value", 0), code),
                unit=_text(s.get("unit")) or "working_days",
                parallel_group=_text(s.get("parallel_group")),
            )
            for s in item.get("process") or []
        ],
    )


def load_demo_procedures(path: Path = DEMO_FILE) -> dict[str, int]:
    """Upsert every procedure of the demo YAML; returns {"created": n, "updated": n, "unchanged": n}."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise DemoFormatError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(items, list):
        raise DemoFormatError(f"{path.name}: expected a list of procedures")
    datas = [procedure_data_from_yaml(item) for item in items]
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for _data, _proc, created, changed in procedure_upsert_many(items=datas, source=SOURCE):
        counts["created" if created else "updated" if changed else "unchanged"] += 1
    return counts


# Service commitments of the demo province (docs/domain/deadlines.md §10): shorter than the legal limit, as the
# provinces publish them (household business registration returned within 4 working hours; re-registration of a
# birth cut from 5 days to 1). The decision is marked as demo data: it is not a real decision.
DEMO_COMMITMENTS = (
    ("1.001612", "4", "working_hours"),  # Đăng ký thành lập hộ kinh doanh: legal 3 working days
    ("1.004884", "1", "working_days"),  # Đăng ký lại khai sinh: legal 5 working days
    ("1.004873", "2", "working_days"),  # Cấp Giấy xác nhận tình trạng hôn nhân: legal 3 working days
)


def load_demo_commitments(province=None) -> int:
    """Record the demo commitments for `province` (default: the demo province); idempotent. Returns how many
    apply (procedures missing from the catalogue are skipped)."""
    from motcua.units.choices import UnitKind
    from motcua.units.models import Unit
    from motcua.units.services import demo_province_code

    from .models import Procedure
    from .services import commitment_set

    if province is None:
        code = demo_province_code().zfill(2)
        province = Unit.objects.filter(kind=UnitKind.PROVINCE, admin_code=code).first()
        if province is None:
            return 0
    count = 0
    for procedure_code, value, unit in DEMO_COMMITMENTS:
        if not Procedure.objects.filter(code=procedure_code, valid_to__isnull=True).exists():
            continue
        commitment_set(
            procedure_code=procedure_code,
            scope=province,
            value=Decimal(value),
            unit=unit,
            decision_number="01/QĐ-UBND (dữ liệu mẫu)",
            decision_date=date(2026, 1, 5),
            decision_issuer=f"UBND {province.name} (dữ liệu mẫu)",
        )
        count += 1
    return count
