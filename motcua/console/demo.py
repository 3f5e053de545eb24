"""Demo officers (password `motcua-demo`) in the demo province, listed in docs/demo.md. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.accounts.services import membership_grant, user_create
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.services import demo_province_code

DEMO_PASSWORD = "motcua-demo"  # noqa: S105  (documented demo password, docs/demo.md)


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    full_name: str
    memberships: tuple[tuple[str, str], ...]  # (unit key, role)


OFFICERS = (
    DemoOfficer(
        "motcua.tiepnhan",
        "Nguyễn Thị Tiếp Nhận",
        (("commune_centre", Role.COUNTER_OFFICER), ("province_centre", Role.COUNTER_OFFICER)),
    ),
    DemoOfficer(
        "motcua.chuyenvien",
        "Trần Văn Chuyên",
        (("commune_committee", Role.SPECIALIST), ("department", Role.SPECIALIST)),
    ),
    DemoOfficer(
        "motcua.lanhdao",
        "Lê Văn Lãnh Đạo",
        (("commune_committee", Role.UNIT_LEADER), ("department", Role.UNIT_LEADER)),
    ),
    DemoOfficer(
        "motcua.quanly",
        "Phạm Thị Quản Lý",
        (("commune_centre", Role.ONE_STOP_MANAGER), ("province_centre", Role.ONE_STOP_MANAGER)),
    ),
)


class DemoUnitsMissing(Exception):
    pass


def demo_units() -> dict[str, Unit]:
    """The first commune of the demo province (by statistics code), its People's Committee and one-stop centre,
    the provincial one-stop centre and the Department of Justice (Sở Tư pháp)."""
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, admin_code=demo_province_code().zfill(2)).first()
    if province is None:
        raise DemoUnitsMissing("demo province not loaded")
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE, parent=province).order_by("admin_code").first()
    codes = {
        "province_centre": f"{province.code}-TTPVHCC",
        "department": f"{province.code}-STP",
        "commune_committee": f"{commune.code}-UBND" if commune else "",
        "commune_centre": f"{commune.code}-TTPVHCC" if commune else "",
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes.values() if c])}
    missing = [key for key, code in codes.items() if code not in units]
    if missing:
        raise DemoUnitsMissing(f"demo agencies missing: {', '.join(missing)}")
    return {key: units[code] for key, code in codes.items()}


def load_demo_officers() -> dict[str, int]:
    units = demo_units()
    created = 0
    if not User.objects.filter(username="admin").exists():
        user_create(
            username="admin", password=DEMO_PASSWORD, full_name="Quản trị hệ thống", is_staff=True, is_superuser=True
        )
        created += 1
    for officer in OFFICERS:
        user = User.objects.filter(username=officer.username).first()
        if user is None:
            user = user_create(
                username=officer.username, password=DEMO_PASSWORD, full_name=officer.full_name, kind=UserKind.OFFICER
            )
            created += 1
        for key, role in officer.memberships:
            membership_grant(user=user, unit=units[key], role=role)
    return {"created": created, "officers": len(OFFICERS) + 1}
