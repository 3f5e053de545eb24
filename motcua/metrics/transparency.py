"""QĐ 766/QĐ-TTg indicator 1.3 "Tỷ lệ TTHC được công khai có đầy đủ các bộ phận tạo thành", from the catalogue.

Portal rule (`legal-details.md` §3.3 row 1.3): TTHC whose published content has every component of ND 63/2010/NĐ-CP
art 8(2) — name; steps (trình tự thực hiện); channels (cách thức thực hiện); dossier components and quantity
(thành phần, số lượng hồ sơ); time limit (thời hạn giải quyết); applicants (đối tượng thực hiện); implementing
agency (cơ quan thực hiện) — over the TTHC published. It is the catalogue's current state, not a flow of the
period: measured on the catalogue valid on the last day of the period (or today when the period has not ended).

Scope (documented choice): the versions valid that day of the procedures a unit of that level handles — commune
units: procedures with the commune level; every other unit: the province level.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import WithAnnotations

from motcua.catalog.models import Procedure, ProcedureTimeLimit, RequiredDocument
from motcua.units.choices import UnitKind
from motcua.units.models import Unit

# ND 63/2010/NĐ-CP art 8(2): the components a published procedure must have (the portal's 1.3 check).
PARTS: dict[str, object] = {
    "name": _("name"),
    "steps": _("steps"),
    "channels": _("channels"),
    "documents": _("dossier components"),
    "time_limit": _("time limit"),
    "applicants": _("applicants"),
    "implementing_agency": _("implementing agency"),
}


def missing_parts(procedure: Procedure, *, has_documents: bool, has_time_limit: bool) -> list[str]:
    """The ND 63/2010 art 8(2) components the published procedure lacks (keys of `PARTS`)."""
    present = {
        "name": bool(procedure.name.strip()),
        "steps": bool(procedure.steps_text.strip()),
        "channels": procedure.channel_counter or procedure.channel_online or procedure.channel_post,
        "documents": has_documents,
        "time_limit": has_time_limit,
        "applicants": bool(procedure.applicants.strip()),
        "implementing_agency": bool(procedure.implementing_agency.strip()),
    }
    return [part for part, ok in present.items() if not ok]


class _Published(TypedDict):
    has_documents: bool
    has_time_limit: bool


if TYPE_CHECKING:  # (WithAnnotations takes its second argument only for the type checker)
    PublishedProcedure = WithAnnotations[Procedure, _Published]


def procedures_in_scope(*, unit: Unit, day: dt.date) -> QuerySet[PublishedProcedure]:
    level = Q(level_commune=True) if unit.kind == UnitKind.COMMUNE else Q(level_province=True)
    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    return Procedure.objects.filter(level & valid).annotate(
        has_documents=Exists(RequiredDocument.objects.filter(procedure=OuterRef("pk"))),
        has_time_limit=Exists(ProcedureTimeLimit.objects.filter(procedure=OuterRef("pk"))),
    )


def public_content_full(*, unit: Unit, day: dt.date) -> tuple[int, int, dict[str, int]]:
    """(complete, published, {missing part: procedures lacking it}) for the unit's level on `day`. A procedure
    with several versions valid that day counts once (its latest version)."""
    latest: dict[str, PublishedProcedure] = {}
    for procedure in procedures_in_scope(unit=unit, day=day).order_by("code", "valid_from", "version"):
        latest[procedure.code] = procedure
    complete, lacking = 0, dict.fromkeys(PARTS, 0)
    for procedure in latest.values():
        missing = missing_parts(
            procedure,
            has_documents=procedure.has_documents,
            has_time_limit=procedure.has_time_limit or procedure.time_limit_value is not None,
        )
        complete += not missing
        for part in missing:
            lacking[part] += 1
    return complete, len(latest), {part: n for part, n in lacking.items() if n}
