"""Points at risk (issue 15 item 5): for a unit and the current period, the dossiers that will cost Decision 766
points if nothing is done, each with the indicator, the action that recovers the points and an estimate of them.

What is listed (rules of `legal-details.md` §3.3, `onestop-rules.md` §10, as computed by `portal766`/`basis`):

* **2.1, due soon** — open, in progress, on time by the portal's rule so far, and its appointment date
  (`NgayHenTra`, supplement waits subtracted) falls within the next N working days: if it is still open then, the
  period end counts it late (`portal766`). Action: resolve before the appointment.
* **2.1, one supplement request made** — open, in progress, on time, with one supplement request already: the
  portal counts a dossier with more than one request late whatever the dates. Action: no second request.
* **1.4, not synchronised** — received in the period and not delivered to the national portal (or dead-lettered;
  only where a national-portal endpoint is configured). Action: resend the status.
* **4.1 / 3.3, no e-result** — a dossier of a procedure requiring a paper result without an electronic result:
  resolved in the period (4.1), or received online for a full-online procedure (3.3). Action: issue the e-result.
Dossiers already lost (closed late, open past their appointment, two supplement requests) are not listed: no
action recovers them.

**Points recoverable (an estimate).** For each item, the change in the indicator's points — `index766.points_for`
with the same configuration (weight, proportional or threshold rule) — when this one dossier moves into (or, for
2.1, stays in) the numerator while the unit's current figures stay as they are: with numerator n, denominator D
and weight W, a proportional indicator gives W/D; a threshold indicator gives min(W, (n+1)/D·W/f) − min(W, n/D·W/f)
(0 once the threshold f is reached); 3.3 is multiplied by the sync rate as the portal does. The estimate holds the
rest of the period fixed (new dossiers change D) and treats items one at a time. Items worth 0 points are left
out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import Channel
from motcua.dossiers.models import Dossier
from motcua.sync.choices import EndpointKind
from motcua.sync.models import SyncEndpoint
from motcua.units.models import Unit
from motcua.workdays.selectors import get_calendar

from . import basis
from .index766 import Config, Item, load_config, points_for
from .indicators import indicator_values
from .portal766 import portal_on_time

DEFAULT_WITHIN_DAYS = 3


class Risk:
    DUE_SOON = "due_soon"
    ONE_SUPPLEMENT = "one_supplement"
    NOT_SYNCED = "not_synced"
    NO_E_RESULT = "no_e_result"


REASONS = {
    Risk.DUE_SOON: _("Appointment date within the next working days"),
    Risk.ONE_SUPPLEMENT: _("One supplement request already made: a second one counts as late"),
    Risk.NOT_SYNCED: _("Not synchronised with the national public service portal"),
    Risk.NO_E_RESULT: _("No electronic result although the procedure requires a paper result"),
}
ACTIONS = {
    Risk.DUE_SOON: _("Resolve it and return the result before the appointment date"),
    Risk.ONE_SUPPLEMENT: _("Do not request a second supplement: resolve it, or refuse it in writing with the reasons"),
    Risk.NOT_SYNCED: _("Resend its status to the national public service portal (synchronisation queue)"),
    Risk.NO_E_RESULT: _("Issue the result electronically: sign it and give it its e-result code"),
}


@dataclass
class RiskItem:
    dossier: Dossier
    code: str  # the 766 indicator's code in the configuration ("2.1")
    name: str
    risk: str
    points: float
    deadline: dt.datetime | None = None  # the portal's appointment date (2.1)

    @property
    def reason(self) -> str:
        return str(REASONS[self.risk])

    @property
    def action(self) -> str:
        return str(ACTIONS[self.risk])

    def as_dict(self) -> dict[str, object]:
        return {
            "dossier": self.dossier.code,
            "indicator": self.code,
            "risk": self.risk,
            "reason": self.reason,
            "action": self.action,
            "points": self.points,
            "deadline": self.deadline.isoformat() if self.deadline else None,
        }


@dataclass
class PointsAtRisk:
    unit: Unit
    start: dt.date
    end: dt.date
    at: dt.datetime
    within_days: int
    items: list[RiskItem] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(i.points for i in self.items), 2)


def _items_by_indicator(config: Config) -> dict[str, Item]:
    return {i["indicator"]: i for g in config["groups"] for i in g["indicators"] if i.get("indicator")}


def gain(item: Item | None, numerator: float | None, denominator: float | None, *, factor: float = 1.0) -> float:
    """Points the indicator `item` gains when one more dossier joins its numerator (see the module docstring);
    0 without a denominator (no data) or without the indicator in the configuration."""
    if not denominator or item is None:
        return 0.0
    numerator = numerator or 0
    before, _status = points_for(item, numerator / denominator * factor, when_no_data="zero")
    after, _status = points_for(item, min(1.0, (numerator + 1) / denominator) * factor, when_no_data="zero")
    return round(after - before, 2)


def points_at_risk(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
    within_days: int = DEFAULT_WITHIN_DAYS,
    config: Config | None = None,
) -> PointsAtRisk:
    """The worklist of the unit's subtree for [start, end], measured at `now`, most points first."""
    now = now or timezone.now()
    config = config or load_config()
    items = _items_by_indicator(config)
    result = PointsAtRisk(unit, start, end, now, within_days)
    found: list[tuple[int, str, str, float, dt.datetime | None]] = []  # (dossier id, indicator id, risk, points, …)

    # The figure (stored verdicts counted in SQL) and the open dossiers replayed at `now`, which are the only
    # ones a worklist can still save.
    timeliness = portal_on_time(unit=unit, start=start, end=end, now=now, detail=False)
    if "portal_on_time_rate" in items and timeliness.dossiers:
        # Staying on time instead of turning late: the points of (on time) vs (on time − 1) dossiers.
        points = gain(items["portal_on_time_rate"], timeliness.on_time - 1, timeliness.dossiers)
        horizon = get_calendar().add_working_days(now, within_days)
        for t in timeliness.timings:
            if not (t.running and t.on_time):
                continue
            if t.appointment is not None and now <= t.appointment <= horizon:
                found.append((t.dossier_id, "portal_on_time_rate", Risk.DUE_SOON, points, t.appointment))
            elif t.supplement_requests == 1:
                found.append((t.dossier_id, "portal_on_time_rate", Risk.ONE_SUPPLEMENT, points, t.appointment))

    values = indicator_values(unit=unit, start=start, end=end)
    if SyncEndpoint.objects.filter(kind=EndpointKind.NATIONAL_PORTAL).exists():
        sync = values["portal_sync_rate"]
        points = gain(items.get("portal_sync_rate"), sync.numerator or 0, sync.denominator or 0)
        rule = basis.RULES["portal_sync_rate"]
        for pk in (
            basis.population("portal_sync_rate", unit=unit, start=start, end=end)
            .filter(~rule.numerator)
            .values_list("pk", flat=True)
        ):
            found.append((pk, "portal_sync_rate", Risk.NOT_SYNCED, points, None))

    paper = values["e_result_paper_rate"]
    points = gain(items.get("e_result_paper_rate"), paper.numerator or 0, paper.denominator or 0)
    rule = basis.RULES["e_result_paper_rate"]
    missing = basis.population("e_result_paper_rate", unit=unit, start=start, end=end).filter(
        rule.denominator & ~rule.numerator
    )
    for pk in missing.values_list("pk", flat=True):
        found.append((pk, "e_result_paper_rate", Risk.NO_E_RESULT, points, None))

    online = values["full_online_portal_rate"]
    sync_rate = online.inputs.get("sync_rate")
    if sync_rate:
        points = gain(items.get("full_online_portal_rate"), online.numerator, online.denominator, factor=sync_rate)
        rule = basis.RULES["full_online_portal_rate"]
        waiting = Q(channel=Channel.ONLINE, paper_result=True, has_e_result=False) & rule.denominator
        for pk in (
            basis.population("full_online_portal_rate", unit=unit, start=start, end=end)
            .filter(waiting)
            .values_list("pk", flat=True)
        ):
            found.append((pk, "full_online_portal_rate", Risk.NO_E_RESULT, points, None))

    dossiers = Dossier.objects.select_related("procedure", "receiving_unit").in_bulk({f[0] for f in found})
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    for pk, ident, risk, points, deadline in found:
        if points <= 0:
            continue
        item = items[ident]
        result.items.append(RiskItem(dossiers[pk], item["code"], item["name"], risk, points, deadline))
    result.items.sort(key=lambda i: (-i.points, i.deadline or far, i.code, i.dossier.code))
    return result
