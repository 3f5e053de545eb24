"""TT 01/2018/TT-VPCP art 13.5, index 5 "Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận
Một cửa", scored per one-stop unit (art 14.2) from who acted on each dossier (`acts.py`):

a) 2 points when the one-stop unit receives, examines, appraises and approves the results itself for at least
   20 % of the procedures it receives (provincial centre), 50 % (district), 100 % (commune);
b) 1 point when 100 % of the procedures (outside ND 61/2018 art 14.5(a)(b)) are received and returned at the
   one-stop unit;
c) 0 points otherwise.

Measured over the dossiers received in the unit's subtree and finished in the period: a procedure is handled fully
at the one-stop unit when every appraisal and approval act on its dossiers (appraise, approve, sign, refuse after
appraisal) was recorded by an officer acting for a one-stop unit; it is received and returned there when its
dossiers were received by a one-stop unit and no result was handed back elsewhere. The level is the unit's own
territory (commune, legacy district, otherwise province). Not recorded: the exemptions of ND 61 art 14.5(a)(b),
so every procedure counts (stated in the basis).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import Action
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import unit_ancestors, unit_descendants

from .acts import resolved_in_period

# art 13.5(a): share of procedures handled fully at the one-stop unit, by the level of the unit
FULL_SHARE = {"commune": 1.0, "district": 0.5, "province": 0.2}
DECIDING_ACTS = frozenset({Action.APPRAISE, Action.APPROVE, Action.SIGN, Action.REJECT})
NO_DOSSIERS = _("No dossier received by the unit finished in the period.")


def unit_level(unit: Unit) -> str:
    kinds = {unit.kind} | set(unit_ancestors(unit).values_list("kind", flat=True))
    if UnitKind.COMMUNE in kinds:
        return "commune"
    if UnitKind.LEGACY_DISTRICT in kinds:
        return "district"
    return "province"


def full_process_score(*, unit: Unit, start: dt.date, end: dt.date) -> tuple[int | None, str, str]:
    """(score, basis, reason when unknown) of index 5 for `unit` over [start, end]."""
    units = unit_descendants(unit, include_self=True).values("pk")
    finished = resolved_in_period(Dossier.objects.filter(receiving_unit_id__in=units), start=start, end=end)
    procedures: dict[str, dict[str, bool]] = {}
    for code, kind in finished.values_list("procedure__code", "receiving_unit__kind"):
        row = procedures.setdefault(code, {"full": False, "decided": False, "outside": False, "returned": True})
        row["returned"] = row["returned"] and kind == UnitKind.ONE_STOP
    if not procedures:
        return None, "", str(NO_DOSSIERS)
    acts = DossierEvent.objects.filter(dossier__in=finished, actor__isnull=False).values_list(
        "dossier__procedure__code", "action", "unit__kind"
    )
    for code, action, kind in acts:
        row = procedures[code]
        at_one_stop = kind == UnitKind.ONE_STOP
        if action in DECIDING_ACTS:
            row["decided"] = True
            row["outside"] = row["outside"] or not at_one_stop
        elif action == Action.DELIVER and not at_one_stop:
            row["returned"] = False
    full = sum(1 for row in procedures.values() if row["decided"] and not row["outside"])
    level = unit_level(unit)
    share = full / len(procedures)
    if share >= FULL_SHARE[level]:
        score = 2
    elif all(row["returned"] for row in procedures.values()):
        score = 1
    else:
        score = 0
    basis = gettext(
        "%(full)s/%(all)s procedures handled fully at the one-stop unit (needed: %(needed)s %%); "
        "exemptions of ND 61/2018 art 14.5 are not recorded"
    ) % {"full": full, "all": len(procedures), "needed": round(FULL_SHARE[level] * 100)}
    return score, basis, ""
