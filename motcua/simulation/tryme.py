"""A few demo dossiers a visitor can look up at `/tra-cuu/` (issue 17): each has an applicant phone number, so the
public look-up (dossier code + the phone's last four digits) finds it. The simulated traffic keeps no phone (no
message leaves the system for thousands of made-up applicants); these few go through the real dossier services,
at the demo accounts' commune, in three states a citizen meets: just received, asked to supplement, result ready.

Idempotent: nothing is created when they exist. `motcua demo` prints their codes and phones; docs/demo.md lists the
phones (the codes carry the day they were made).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.units.choices import UnitKind
from motcua.units.models import Unit

from .actors import office_setup

TRY_SUBJECT = "Hồ sơ mẫu để tra cứu (dữ liệu demo)"
# (applicant, phone, how far the dossier goes). Demo numbers: the demo's message channel only logs them.
TRY_ME = (
    ("Nguyễn Thị Thu", "0901234561", "received"),
    ("Trần Văn Minh", "0901234562", "supplement"),
    ("Lê Thị Hoa", "0901234563", "result_ready"),
)
# The demo's sign-in addresses: their one-time codes are readable on the demo-only page (core.demo_outbox).
DEMO_EMAIL = "nguoi.dan@example.com"
DEMO_SIGNIN_ADDRESSES = (*(phone for _name, phone, _goal in TRY_ME), DEMO_EMAIL)
PREFERRED_PROCEDURE = "1.001193"  # Đăng ký khai sinh, in the demo catalogue


@dataclass(frozen=True)
class TryMe:
    code: str
    phone: str
    applicant: str
    status: str


def try_me_dossiers() -> list[TryMe]:
    rows = Dossier.objects.filter(subject=TRY_SUBJECT).order_by("pk")
    return [TryMe(d.code, d.applicant_phone, d.applicant_name, d.get_status_display()) for d in rows]


def _procedure() -> Procedure | None:
    current = Procedure.objects.filter(valid_to__isnull=True, level_commune=True)
    return current.filter(code=PREFERRED_PROCEDURE).first() or current.order_by("code").first()


@transaction.atomic
def try_me_load(*, one_stop: Unit) -> list[TryMe]:
    """The try-me dossiers at `one_stop` (a commune's one-stop centre whose People's Committee handles them)."""
    if Dossier.objects.filter(subject=TRY_SUBJECT).exists():
        return try_me_dossiers()
    committee = one_stop.parent  # the commune's People's Committee (units.services.demo_province_setup)
    procedure = _procedure()
    if committee is None or committee.kind != UnitKind.PEOPLES_COMMITTEE or procedure is None:
        return []
    office = office_setup(one_stop=one_stop, committee=committee, rng=random.Random(17))
    documents = list(procedure.documents.values_list("pk", flat=True))
    for name, phone, goal in TRY_ME:
        d = services.dossier_receive_at_counter(
            officer=office.counter,
            unit=one_stop,
            procedure=procedure,
            presented_document_ids=documents,
            applicant_name=name,
            applicant_phone=phone,
            subject=TRY_SUBJECT,
        )
        if goal == "received":
            continue
        d = services.dossier_forward(
            officer=office.counter, dossier=d, expected_version=d.version, to_units=[office.committee]
        )
        d = services.dossier_assign(
            officer=office.leader, dossier=d, expected_version=d.version, specialist=office.specialist
        )
        if goal == "supplement":
            first = procedure.documents.order_by("order").first()
            services.dossier_request_supplement(
                officer=office.specialist,
                dossier=d,
                expected_version=d.version,
                items=[first.name if first else "Giấy tờ bổ sung"],
            )
            continue
        d = services.dossier_appraise(
            officer=office.specialist, dossier=d, expected_version=d.version, opinion="Đủ điều kiện"
        )
        d = services.dossier_approve(officer=office.leader, dossier=d, expected_version=d.version)
        services.dossier_sign(officer=office.leader, dossier=d, expected_version=d.version)
    return try_me_dossiers()
