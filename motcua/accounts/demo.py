"""Demo officers (password `motcua-demo`) in the demo agencies (`motcua.units.demo`), listed in docs/demo.md.

Idempotent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .choices import Role, UserKind
from .models import User
from .services import membership_grant, user_create

if TYPE_CHECKING:  # accounts sits beside units: the name is only needed for the checker
    from motcua.units.models import Unit

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


def load_demo_officers(*, units: Mapping[str, Unit]) -> dict[str, int]:
    """`units`: the demo agencies by key (`motcua.units.demo.demo_units()`)."""
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
