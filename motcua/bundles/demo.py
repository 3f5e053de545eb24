"""Demo routes of the bundles (docs/demo.md): in the demo province, residence goes to the provincial police and
the health-insurance card and survivor benefits to a demo social-insurance agency created here through
`units.services.unit_create` (the demo units have none). Idempotent."""

from __future__ import annotations

from motcua.units.choices import UnitKind
from motcua.units.demo import demo_units
from motcua.units.models import Unit
from motcua.units.services import unit_create

from .choices import AgencyRole
from .models import AgencyRoute


def load_demo_routes() -> int:
    units = demo_units()
    province = units["province_centre"].parent.parent  # centre → provincial People's Committee → province
    police = Unit.objects.filter(code=f"{province.code}-CA").first()
    insurance = Unit.objects.filter(code=f"{province.code}-BHXH").first() or unit_create(
        code=f"{province.code}-BHXH",
        name=f"Bảo hiểm xã hội {province.name[:1].lower()}{province.name[1:]}",
        short_name="Bảo hiểm xã hội",
        kind=UnitKind.VERTICAL_AGENCY,
        parent=province,
        valid_from=province.valid_from,
    )
    count = 0
    for role, unit in ((AgencyRole.POLICE, police), (AgencyRole.SOCIAL_INSURANCE, insurance)):
        if unit is None:
            continue
        AgencyRoute.objects.update_or_create(area=province, role=role, defaults={"unit": unit})
        count += 1
    return count
