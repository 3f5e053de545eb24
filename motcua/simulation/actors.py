"""Where the simulated traffic happens: commune offices (one-stop centre + People's Committee) and their officers.

The simulator creates its own officers, `sim.<unit code>.<role>` with unusable passwords, so it depends on no
demo account of another app; they act through ordinary memberships (`accounts.services.membership_grant`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.choices import Role
from motcua.accounts.models import User
from motcua.accounts.services import membership_grant, user_create
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.services import demo_province_code

from . import distributions

USERNAME_PREFIX = "sim."


class SimulationSetupError(ValueError):
    pass


@dataclass
class Office:
    """A commune's one-stop centre (receives, returns) and its People's Committee (appraises, signs)."""

    one_stop: Unit
    committee: Unit
    counter: User
    specialist: User
    leader: User
    size: float = 1.0
    late_rate: float = distributions.RATES.late_typical


def _officer(unit: Unit, role: str, label: str, suffix: str) -> User:
    username = f"{USERNAME_PREFIX}{unit.code}.{suffix}"[:150]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username, password=None, full_name=f"{label} ({unit.short_name or unit.name})"[:150]
        )
    membership_grant(user=user, unit=unit, role=role)
    return user


@transaction.atomic
def office_setup(*, one_stop: Unit, committee: Unit, rng: random.Random) -> Office:
    """Officers of one office (idempotent) and its seeded profile: size and late rate."""
    size, late_rate = distributions.unit_profile(rng)
    return Office(
        one_stop=one_stop,
        committee=committee,
        counter=_officer(one_stop, Role.COUNTER_OFFICER, "Cán bộ một cửa", "counter"),
        specialist=_officer(committee, Role.SPECIALIST, "Công chức chuyên môn", "specialist"),
        leader=_officer(committee, Role.UNIT_LEADER, "Lãnh đạo UBND", "leader"),
        size=size,
        late_rate=late_rate,
    )


def demo_offices(
    *, count: int, rng: random.Random, province_code: str | None = None, include: tuple[Unit, ...] = ()
) -> list[Office]:
    """`count` communes of the demo province (setting MOTCUA_DEMO_PROVINCE), chosen with `rng`, as offices;
    the one-stop centres in `include` are always among them (the demo accounts' commune, so their inbox is alive).

    Needs the demo province's agencies (`units.services.demo_province_setup`, run by `motcua demo`)."""
    code = (province_code or demo_province_code()).strip()
    code = code.zfill(2) if code.isdigit() else code
    committees = {
        u.parent_id: u
        for u in Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, parent__parent__admin_code=code)
        .filter(parent__kind=UnitKind.COMMUNE)
        .order_by("code")
    }
    centres = [
        (centre, committees[centre.parent.parent_id])
        for centre in Unit.objects.filter(kind=UnitKind.ONE_STOP, parent__kind=UnitKind.PEOPLES_COMMITTEE)
        .filter(parent__parent__kind=UnitKind.COMMUNE, parent__parent__parent__admin_code=code)
        .select_related("parent")
        .order_by("code")
        if centre.parent.parent_id in committees
    ]
    if not centres:
        raise SimulationSetupError(
            f"tỉnh {code} chưa có trung tâm PVHCC cấp xã (chạy 'motcua demo') / "
            f"province {code} has no commune one-stop centres (run 'motcua demo')"
        )
    wanted = {unit.pk for unit in include}
    forced = [pair for pair in centres if pair[0].pk in wanted]
    pool = [pair for pair in centres if pair[0].pk not in wanted]
    drawn = rng.sample(pool, max(0, min(count - len(forced), len(pool))))
    chosen = sorted(forced + drawn, key=lambda pair: pair[0].code)
    return [office_setup(one_stop=centre, committee=committee, rng=rng) for centre, committee in chosen]
