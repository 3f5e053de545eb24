"""Test data for the portal: procedures are created through the catalogue's own write path
(`services.procedure_upsert`), from factory-built `ProcedureData` or from the curated demo YAML."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import factory
import pytest
import yaml

from motcua.catalog import services
from motcua.catalog.schema import (
    DocumentData,
    FeeData,
    LegalBasisData,
    ProcedureData,
    ResultData,
    StepData,
    TimeLimitData,
)

DEMO_YAML = Path(__file__).resolve().parents[2] / "catalog" / "data" / "demo_procedures.yaml"


class ProcedureDataFactory(factory.Factory):
    class Meta:
        model = ProcedureData

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = "Hộ tịch"
    levels = factory.LazyFunction(lambda: ["commune"])
    decision_number = "163/QĐ-BTP"
    valid_from = date(2025, 7, 1)
    online_level = "full"
    channels = factory.LazyFunction(lambda: ["counter", "online"])
    applicants = "Công dân Việt Nam"
    implementing_agency = "Ủy ban nhân dân cấp xã"
    time_limits = factory.LazyFunction(lambda: [TimeLimitData(value=Decimal("3"))])
    fees = factory.LazyFunction(lambda: [FeeData(text="Miễn lệ phí", amount=Decimal("0"))])
    documents = factory.LazyFunction(lambda: [DocumentData(name="Tờ khai", form="Mẫu 01", originals=1)])
    results = factory.LazyFunction(lambda: [ResultData(name="Giấy xác nhận")])


@pytest.fixture
def make_procedure(db):
    def make(**overrides):
        procedure, _, _ = services.procedure_upsert(data=ProcedureDataFactory(**overrides), source="test")
        return procedure

    return make


def procedure_data_from_yaml(entry: dict) -> ProcedureData:
    def dec(value):
        return None if value is None else Decimal(str(value))

    return ProcedureData(
        code=entry["code"],
        name=entry["name"],
        field=entry["field"],
        levels=entry["levels"],
        procedure_type=entry.get("procedure_type", ""),
        decision_number=entry.get("decision_number", ""),
        valid_from=date(2025, 7, 1),
        applicants=entry["applicants"],
        implementing_agency=entry["implementing_agency"],
        competent_agency=entry["competent_agency"],
        reception_address=entry.get("reception_address", ""),
        steps_text=entry["steps_text"],
        requirements_text=entry["requirements_text"],
        online_level=entry["online_level"],
        channels=entry["channels"],
        boundary_free=entry["boundary_free"],
        time_limits=[
            TimeLimitData(value=dec(t["value"]), unit=t["unit"], channel=t["channel"], note=t["note"])
            for t in entry["time_limits"]
        ],
        fees=[
            FeeData(text=f["text"], name=f["name"], amount=dec(f["amount"]), channel=f["channel"])
            for f in entry["fees"]
        ],
        documents=[DocumentData(**d) for d in entry["documents"]],
        results=[ResultData(**r) for r in entry["results"]],
        legal_basis=[
            LegalBasisData(
                number=b["number"],
                title=b["title"],
                issuer=b["issuer"],
                date=date.fromisoformat(b["date"]) if b["date"] else None,
            )
            for b in entry["legal_basis"]
        ],
        life_events=entry["life_events"],
        process=[
            StepData(name=s["name"], role=s["role"], unit_kind=s["unit_kind"], value=dec(s["value"]), unit=s["unit"])
            for s in entry.get("process", [])
        ],
    )


@pytest.fixture
def demo_catalog(db):
    entries = yaml.safe_load(DEMO_YAML.read_text(encoding="utf-8"))
    items = [procedure_data_from_yaml(entry) for entry in entries]
    list(services.procedure_upsert_many(items=items, source="demo"))
    return entries


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
