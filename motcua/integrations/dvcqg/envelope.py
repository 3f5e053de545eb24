"""The national portal's records of a dossier, built from the dossier at send time (never stored in the outbox).

Field names follow the DVCQG sync contract (`DongBoHoSoMC` dossier record, `CapNhatTienDoHoSoMC` progress row;
docs/sync.md lists each with its source): timestamps are `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, codes are strings.
The record carries the applicant's name, identity number, phone and e-mail because the portal shows the dossier
to its owner; it exists only in memory while the request is sent, and nothing of it is logged.
"""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_datetime

from motcua.accounts.models import Membership
from motcua.dossiers.choices import (
    NATIONAL_CHANNEL,
    NATIONAL_STATUS,
    Action,
    DeliveryMethod,
    DocumentKind,
    FeeStatus,
    PaymentMethod,
)
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.workdays.calendar import VN_TZ

from .models import NATIONAL_CODE, ProcedureMapping, StatusMapping

DATE_FORMAT = "%Y%m%d%H%M%S"


class Unmapped(Exception):
    """The dossier's procedure has no national code: the administrator must map it (admin, `sync unmapped`)."""


def national_time(moment: dt.datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime(DATE_FORMAT) if moment else ""


def _iso_time(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    return national_time(moment)


def national_code(procedure_code: str) -> str | None:
    """`MaTTHC`: the mapping table first, else the local code when it already is a national one."""
    mapped = ProcedureMapping.objects.filter(procedure_code=procedure_code).values_list("national_code", flat=True)
    code = mapped.first()
    if code:
        return code
    return procedure_code if NATIONAL_CODE.match(procedure_code) else None


def status_table() -> dict[str, int]:
    return dict(NATIONAL_STATUS) | dict(StatusMapping.objects.values_list("local_status", "national_status"))


def dossier_record(dossier: Dossier, *, statuses: dict[str, int] | None = None) -> dict:
    """One `DongBoHoSoMC` record: the dossier as it is now."""
    statuses = statuses or status_table()
    procedure = dossier.procedure
    code = national_code(procedure.code)
    if code is None:
        raise Unmapped(procedure.code)
    documents = list(
        DossierDocument.objects.filter(dossier=dossier)
        .order_by("id")
        .values_list("pk", "kind", "name", "required_document_id", "result_code", "digitised")
    )
    events = list(
        DossierEvent.objects.filter(
            dossier=dossier, action__in=(Action.REQUEST_SUPPLEMENT, Action.SUPPLEMENT_RECEIVED)
        ).order_by("seq")
    )
    online_paid = dossier.fee_status == FeeStatus.PAID and dossier.payment_method == PaymentMethod.ONLINE
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": code,
        "TenTTHC": procedure.name[:500],
        "MaLinhVuc": procedure.field.code or "",
        "TenLinhVuc": procedure.field.name,
        "KenhThucHien": str(NATIONAL_CHANNEL.get(dossier.channel, 1)),
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "1",  # 1 citizen; organisations file through their representative (no field yet)
        "MaDoiTuong": dossier.applicant_id_number,
        "ThongTinKhac": "",
        "Email": dossier.applicant_email,
        "Fax": "",
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": (dossier.subject or procedure.name)[:1000],
        "NgayTiepNhan": national_time(dossier.received_at or dossier.submitted_at),
        "NgayHenTra": national_time(dossier.due_at),
        "TrangThaiHoSo": str(statuses[dossier.status]),
        "NgayTra": national_time(dossier.delivered_at),
        "ThongTinTra": "",
        # 0 at the counter (or electronically), 1 by public postal service (ND 61/2018 art 16)
        "HinhThuc": "1" if dossier.delivery_method == DeliveryMethod.POST else "0",
        "NgayKetThucXuLy": national_time(dossier.finished_at),
        "DonViXuLy": dossier.current_unit.name,
        "GhiChu": "",
        "DuocThanhToanTrucTuyen": "1" if online_paid else "0",
        "TaiLieuNop": [
            {
                "TepDinhKemId": str(pk),
                "TenTepDinhKem": name,
                "IsDeleted": False,
                "MaThanhPhanHoSo": str(required or ""),
                "DuocSoHoa": "1" if digitised else "0",
            }
            for pk, kind, name, required, _code, digitised in documents
            if kind in (DocumentKind.COMPONENT, DocumentKind.SUPPLEMENT)
        ],
        "DanhSachLePhi": (
            [{"TenPhiLePhi": "Lệ phí", "MaPhiLePhi": "", "HinhThucThu": "", "Gia": str(int(dossier.fee_amount))}]
            if dossier.fee_amount
            else []
        ),
        "DanhSachHoSoBoSung": _supplements(events),
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": name, "MaThanhPhanHoSo": "", "GiayToId": result_code or str(pk)}
            for pk, kind, name, _required, result_code, _digitised in documents
            if kind == DocumentKind.RESULT
        ],
    }


def _supplements(events: list[DossierEvent]) -> list[dict]:
    """Each supplement request with the due date before it and the one set when the complete dossier came back
    (ND 61/2018 art 19: the clock restarts, hence a new appointment)."""
    rows = []
    for index, event in enumerate(events):
        if event.action != Action.REQUEST_SUPPLEMENT:
            continue
        answer = next((e for e in events[index + 1 :] if e.action == Action.SUPPLEMENT_RECEIVED), None)
        rows.append(
            {
                "HoSoBoSungId": str(event.pk),
                "NoiDungBoSung": event.reason[:1000],
                "NgayBoSung": national_time(event.created_at),
                "NgayTiepNhanBoSung": national_time(answer.created_at) if answer else "",
                "TrangThaiBoSung": "1" if answer else "0",
                "NgayHenTraTruoc": _iso_time(event.data.get("effective_due_at")),
                "NgayHenTraMoi": _iso_time(answer.data.get("effective_due_at")) if answer else "",
            }
        )
    return rows


def progress_row(event: DossierEvent, *, statuses: dict[str, int] | None = None) -> dict:
    """One `CapNhatTienDoHoSoMC` row for a history event (who handled it, where, what, the state after)."""
    statuses = statuses or status_table()
    actor, unit = event.actor, event.unit
    position = ""
    if actor is not None and unit is not None:
        membership = Membership.objects.filter(user=actor, unit=unit).first()
        position = str(membership.get_role_display()) if membership else ""
    due = event.data.get("effective_due_at") if isinstance(event.data, dict) else None
    content = event.action_label
    if event.reason:
        content = f"{content}: {event.reason}"
    return {
        "MaHoSo": event.dossier.code,
        "NguoiXuLy": (getattr(actor, "full_name", "") or getattr(actor, "username", "")) if actor else "",
        "ChucDanh": position,
        "ThoiDiemXuLy": national_time(event.created_at),
        "PhongBanXuLy": unit.name if unit else "",
        "NoiDungXuLy": content[:1000],
        "TrangThai": str(statuses[event.to_status]),
        "NgayBatDau": national_time(event.created_at),
        "NgayKetThucTheoQuyDinh": _iso_time(due) or national_time(event.dossier.due_at),
    }
