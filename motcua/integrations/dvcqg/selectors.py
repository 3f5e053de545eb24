"""Reads of the national portal link for the administrator (no actor: admin and command only)."""

from __future__ import annotations

from motcua.catalog.models import Procedure

from .models import NATIONAL_CODE, ProcedureMapping


def unmapped_procedures() -> list[tuple[str, str]]:
    """(code, name) of catalogue procedures the portal would refuse: no mapping row and a local (non-national)
    code. Their deliveries end as dead letters ("procedure not mapped …") to be replayed once mapped."""
    mapped = set(ProcedureMapping.objects.values_list("procedure_code", flat=True))
    rows = Procedure.objects.order_by("code", "-version").values_list("code", "name")
    seen: dict[str, str] = {}
    for code, name in rows:
        if code not in seen and code not in mapped and not NATIONAL_CODE.match(code):
            seen[code] = name
    return sorted(seen.items())
