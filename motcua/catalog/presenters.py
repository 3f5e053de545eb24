"""Plain renderings of a procedure (dict for JSON output and the API, Vietnamese text for the terminal)."""

from __future__ import annotations

from decimal import Decimal

from .choices import LimitChannel, OnlineLevel, TimeUnit
from .models import Procedure

UNIT_VI = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.HOURS: "giờ",
    TimeUnit.DAYS: "ngày",
    TimeUnit.MONTHS: "tháng",
}
CHANNEL_VI = {"all": "Mọi hình thức", "counter": "Trực tiếp", "online": "Trực tuyến", "post": "Bưu chính"}
LEVEL_VI = {"ministry": "Cấp bộ", "province": "Cấp tỉnh", "commune": "Cấp xã", "other": "Cơ quan khác"}
ONLINE_VI = {OnlineLevel.FULL: "Toàn trình", OnlineLevel.PARTIAL: "Một phần", OnlineLevel.NONE: "Không trực tuyến"}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def procedure_as_dict(procedure: Procedure) -> dict:
    limits = list(procedure.time_limits.all())
    return {
        "code": procedure.code,
        "version": procedure.version,
        "valid_from": procedure.valid_from.isoformat(),
        "valid_to": procedure.valid_to.isoformat() if procedure.valid_to else None,
        "name": procedure.name,
        "field": procedure.field.name,
        "levels": procedure.levels,
        "procedure_type": procedure.procedure_type,
        "decision_number": procedure.decision_number,
        "online_level": procedure.online_level,
        "channels": procedure.channels,
        "boundary_free": procedure.boundary_free,
        "time_limit": (
            {"value": _number(procedure.time_limit_value), "unit": procedure.time_limit_unit}
            if procedure.time_limit_value is not None
            else None
        ),
        "time_limits": [
            {"channel": t.channel, "value": _number(t.value), "unit": t.unit, "note": t.note} for t in limits
        ],
        "fees": [
            {"channel": f.channel, "name": f.name, "amount": _number(f.amount), "currency": f.currency, "text": f.text}
            for f in procedure.fees.all()
        ],
        "documents": [
            {
                "name": d.name,
                "form": d.form,
                "originals": d.originals,
                "copies": d.copies,
                "required": d.required,
                "group": d.group,
                "note": d.note,
            }
            for d in procedure.documents.all()
        ],
        "results": [{"name": r.name, "code": r.code} for r in procedure.results.all()],
        "legal_basis": [
            {
                "number": b.number,
                "title": b.title,
                "date": b.date.isoformat() if b.date else None,
                "issuer": b.issuer,
            }
            for b in procedure.legal_basis.all()
        ],
        "process": [
            {
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "unit_kind": s.unit_kind,
                "value": _number(s.budget_value),
                "unit": s.budget_unit,
            }
            for s in procedure.process_steps.all()
        ],
        "life_events": [e.name for e in procedure.life_events.all()],
        "implementing_agency": procedure.implementing_agency,
        "competent_agency": procedure.competent_agency,
        "applicants": procedure.applicants,
        "source_url": procedure.source_url,
    }


def _limit_text(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "không công bố"
    return f"{_number(value)} {UNIT_VI.get(unit, unit)}"


def procedure_as_text(procedure: Procedure) -> str:
    lines = [
        f"{procedure.code} (phiên bản {procedure.version}, hiệu lực từ {procedure.valid_from:%d/%m/%Y})",
        procedure.name,
        f"Lĩnh vực: {procedure.field.name}",
        "Cấp thực hiện: " + (", ".join(LEVEL_VI[level] for level in procedure.levels) or "—"),
        f"Cơ quan thực hiện: {procedure.implementing_agency or '—'}",
        f"Dịch vụ công trực tuyến: {ONLINE_VI.get(procedure.online_level, procedure.online_level)}",
        "Thời hạn giải quyết: " + _limit_text(procedure.time_limit_value, procedure.time_limit_unit),
    ]
    limits = list(procedure.time_limits.all())
    if any(t.channel != LimitChannel.ALL for t in limits):
        for t in limits:
            lines.append(f"  · {CHANNEL_VI.get(t.channel, t.channel)}: {_limit_text(t.value, t.unit)}")
    fees = list(procedure.fees.all())
    lines.append("Phí, lệ phí:" if fees else "Phí, lệ phí: không công bố")
    for f in fees:
        lines.append(f"  · {CHANNEL_VI.get(f.channel, f.channel)}: {f.text or f.name}")
    documents = list(procedure.documents.all())
    lines.append(f"Thành phần hồ sơ ({len(documents)}):")
    for i, d in enumerate(documents, start=1):
        counts = f"{d.originals} bản chính, {d.copies} bản sao"
        lines.append(f"  {i}. {d.name} — {counts}" + (f" — {d.form}" if d.form else ""))
    for r in procedure.results.all():
        lines.append(f"Kết quả: {r.name}" + (f" ({r.code})" if r.code else ""))
    for b in procedure.legal_basis.all():
        lines.append(f"Căn cứ: {b.number} {b.title}".rstrip())
    return "\n".join(lines)
