"""Plain data for one procedure: the single input of `services.procedure_upsert`.

Both the national-portal importer and the YAML demo loader produce `ProcedureData`; nothing here touches the
database, so parsers stay pure and testable. `fingerprint()` is the idempotency key: the same content gives the
same hash, whatever source produced it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class TimeLimitData:
    value: Decimal
    unit: str = "working_days"  # TimeUnit
    channel: str = "all"  # LimitChannel
    note: str = ""


@dataclass
class FeeData:
    text: str = ""
    name: str = ""
    amount: Decimal | None = None
    currency: str = "VND"
    channel: str = "all"
    # the digits of an amount the portal truncated ("800 VNĐ" for 800.000); parser-only, not stored or hashed
    truncated: str = field(default="", compare=False, repr=False)


@dataclass
class DocumentData:
    name: str
    form: str = ""
    originals: int = 0
    copies: int = 0
    required: bool = True
    group: str = ""
    note: str = ""


@dataclass
class ResultData:
    name: str
    code: str = ""


@dataclass
class LegalBasisData:
    number: str = ""
    title: str = ""
    date: date | None = None
    issuer: str = ""


@dataclass
class StepData:
    name: str
    role: str = "specialist"  # StepRole
    unit_kind: str = "other"  # UnitKind
    value: Decimal = Decimal("0")
    unit: str = "working_days"  # BudgetUnit
    parallel_group: str = ""


@dataclass
class ProcedureData:
    code: str
    name: str
    field: str
    levels: list[str] = field(default_factory=list)
    procedure_type: str = ""
    decision_number: str = ""
    valid_from: date | None = None
    applicants: str = ""
    implementing_agency: str = ""
    competent_agency: str = ""
    coordinating_agency: str = ""
    reception_address: str = ""
    steps_text: str = ""
    requirements_text: str = ""
    result_text: str = ""
    online_level: str = "none"
    channels: list[str] = field(default_factory=list)
    boundary_free: bool = False
    source_url: str = ""
    time_limits: list[TimeLimitData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    results: list[ResultData] = field(default_factory=list)
    legal_basis: list[LegalBasisData] = field(default_factory=list)
    life_events: list[str] = field(default_factory=list)
    process: list[StepData] = field(default_factory=list)
    # provenance of the parsed fields (national import): the source text of each parsed field, how sure the
    # parser is of it ("parsed" / "uncertain" / "empty", or "corrected" by a reviewer) and why it is unsure
    source_raw: dict[str, str] = field(default_factory=dict, compare=False)  # hashed through source_hash
    source_hash: str = ""
    confidence: dict[str, str] = field(default_factory=dict)
    review_notes: dict[str, list[str]] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """SHA-256 of the content (valid_from excluded: re-importing the same text on another day is no change)."""
        payload = _plain(self)
        payload.pop("valid_from")
        payload["levels"] = sorted(set(self.levels))
        payload["channels"] = sorted(set(self.channels))
        payload["life_events"] = sorted(set(self.life_events))
        blob = json.dumps(payload, sort_keys=True, default=_json_default, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _plain(obj):
    """Shallow, fast dataclasses.asdict (no deepcopy): the fingerprint of 2,600 procedures must stay cheap."""
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.compare}
    if isinstance(obj, list):
        return [_plain(item) for item in obj]
    return obj


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
