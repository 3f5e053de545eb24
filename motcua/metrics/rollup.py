"""Pure rules turning one dossier event into rollup changes (no I/O), shared by the incremental hook and the
rebuild so both give the same numbers by construction.

Definitions (docs/domain/metrics.md):

* received — the dossier's first event (online submission, or counter/postal reception), counted on its day;
* ended — the first event that puts the dossier in a closed state: resolved (result ready or refusal after
  appraisal, ND 61/2018 art 19.6; with the outcome fixed at that moment), refused at reception, stopped, or
  withdrawn (stopped after the applicant's withdrawal request, ND 61/2018 art 18.3). Later events (payment after
  the result, delivery) never reopen it;
* open dossiers sit in one bucket: waiting for the applicant (supplement, payment, suspension) or in progress
  (everything else open, with the effective due day; an online dossier not yet received has no due day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from motcua.dossiers import workflow
from motcua.dossiers.choices import RESOLVED, Action, DossierStatus, Outcome
from motcua.workdays.calendar import VN_TZ

from .choices import NO_DUE, Bucket, Ending

S = DossierStatus
WAITING_STATUSES = workflow.PAUSED_STATES  # the clock is paused (read off the transition table)
# Key of `DossierEvent.data` holding the effective due date after the action (written by the engine hook).
DUE_KEY = "effective_due_at"
# Key of `DossierEvent.data` saying, on the resolving event of a dossier under a service commitment, whether it
# finished at or before the committed due date (`dossiers.clock.finish`).
COMMITMENT_KEY = "commitment_kept"


@dataclass(frozen=True)
class Position:
    bucket: str
    due_day: dt.date


@dataclass
class Effect:
    counters: dict[str, int] = field(default_factory=dict)
    stock: list[tuple[str, dt.date, int]] = field(default_factory=list)
    position: Position | None = None
    ending: str = ""


def vn_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def due_day_of(data: dict[str, Any] | None) -> dt.date:
    raw = (data or {}).get(DUE_KEY)
    if not raw:
        return NO_DUE
    return vn_day(dt.datetime.fromisoformat(raw))


def _bump(counters: dict[str, int], name: str) -> None:
    counters[name] = counters.get(name, 0) + 1


def apply(
    *,
    position: Position | None,
    ending: str,
    first: bool,
    action: str,
    from_status: str,
    to_status: str,
    data: dict[str, Any],
) -> Effect:
    """What one event changes: flow counters of its day, open-stock deltas, the new position and ending."""
    effect = Effect(ending=ending)
    counters = effect.counters
    if first:
        _bump(counters, "received")
    if action == Action.REQUEST_SUPPLEMENT:
        _bump(counters, "supplement_requested")
    elif action == Action.EXTEND:
        _bump(counters, "extended")
    elif action == Action.DELIVER:
        _bump(counters, "delivered")

    if not ending:
        if to_status in RESOLVED:
            effect.ending = Ending.RESOLVED
            outcome = (data or {}).get("outcome") or Outcome.ON_TIME
            _bump(counters, f"resolved_{outcome}")
        elif to_status == S.REFUSED:
            effect.ending = Ending.REFUSED
            _bump(counters, "refused")
        elif to_status == S.STOPPED:
            effect.ending = Ending.WITHDRAWN if from_status == S.WITHDRAW_REQUESTED else Ending.STOPPED
            _bump(counters, effect.ending)
        elif to_status == S.DELIVERED:  # delivered without a recorded resolution: count it resolved then
            effect.ending = Ending.RESOLVED
            _bump(counters, f"resolved_{(data or {}).get('outcome') or Outcome.ON_TIME}")
        if effect.ending == Ending.RESOLVED and COMMITMENT_KEY in (data or {}):
            # under a service commitment: kept = finished at or before the committed due moment (`clock.finish`)
            _bump(counters, "committed_resolved")
            if data[COMMITMENT_KEY]:
                _bump(counters, "committed_kept")

    if effect.ending:
        new = None
    elif to_status in WAITING_STATUSES:
        new = Position(Bucket.WAITING, NO_DUE)
    else:
        new = Position(Bucket.IN_PROGRESS, due_day_of(data))
    if new != position:
        if position is not None:
            effect.stock.append((position.bucket, position.due_day, -1))
        if new is not None:
            effect.stock.append((new.bucket, new.due_day, 1))
    effect.position = new
    return effect
