"""The demo agencies of the demo province (docs/demo.md): found by statistics code, never created here.

Every app's demo loader that needs "the demo commune" or "the demo department" asks here, so the demo accounts, the
demo signing credential and the simulated history all land in the same units.
"""

from __future__ import annotations

from .choices import UnitKind
from .models import Unit
from .services import demo_province_code


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
