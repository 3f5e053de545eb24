"""QĐ 766/QĐ-TTg indicator 2.1 ("Tỷ lệ hồ sơ xử lý đúng hạn") as the national public service portal computes it.

Rule (reference `legal-details.md` §3.3 row 2.1, the portal's "Mô tả công thức tính chỉ số 766"; §3.4
"Progress": points = 20 × on time / dossiers; `onestop-rules.md` §10):

* a dossier is on time when it closed on or before its appointment date (`NgayHenTra`); closing states: refused
  after reception, stopped, resolved, delivered, withdrawn (only if it had been received);
* the time the dossier waited for the applicant's supplement is **subtracted** — the appointment date moves by
  the waiting time — where the decree (ND 61/2018 art 19, motcua's legal outcome) restarts the clock from zero
  when the complete dossier arrives;
* **more than one supplement request = late**, whatever the dates;
* a dossier still open at the end of the period is measured at the period end (late if its appointment date has
  passed then; otherwise it counts as on time, "including in-progress within time"); a period that includes
  today is measured at now (`selectors.stock_moment`).

The legal outcome of each dossier keeps the decree's rule (`Dossier.outcome`, the period report); this module
only gives the 766 figure, and `differences` lists the dossiers where the two disagree so both can be shown.

Reading of the rule (documented choices): the appointment date starts as the effective due date set at reception
and follows every later change of motcua's effective due date (suspension, extension) except the restart at a
supplement, which is replaced by the waiting time (calendar time between the request and the supplement); every
`request_supplement` event counts, at reception or after; dossiers refused at reception (never received) are not
in the population; a received dossier with no due date counts as on time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from motcua.dossiers.choices import Action
from motcua.dossiers.models import DossierEvent
from motcua.units.models import Unit

from . import rollup
from .choices import Bucket, Ending
from .drilldown import CLOSING, _boundary, _events_by_dossier, _scope
from .selectors import stock_moment

DUE_KEY = rollup.DUE_KEY


class Late:
    """Why the portal counts a dossier late (codes shown in the drill-down)."""

    SUPPLEMENTS = "more_than_one_supplement"
    PAST_DUE = "past_appointment_date"


@dataclass
class PortalTiming:
    """One dossier under the portal's 2.1 rule, at moment `at`."""

    dossier_id: int
    received: bool = False
    supplement_requests: int = 0
    appointment: dt.datetime | None = None  # the portal's NgayHenTra after subtracting supplement waits
    legal_due: dt.datetime | None = None  # motcua's effective due date (decree rule)
    closed_at: dt.datetime | None = None
    ending: str = ""
    legal_outcome: str = ""  # early / on_time / late when resolved (the decree's rule)
    late_reason: str = ""
    running: bool = False  # open and in progress at `at` (the agency's clock runs; not waiting for the applicant)

    @property
    def on_time(self) -> bool:
        return not self.late_reason

    @property
    def legal_on_time(self) -> bool | None:
        """The decree's verdict, where it has one: resolved early/on time, or open and not past the legal due."""
        if self.legal_outcome:
            return self.legal_outcome != "late"
        return None


def _due(event) -> dt.datetime | None:
    raw = (event.data or {}).get(DUE_KEY)
    return dt.datetime.fromisoformat(raw) if raw else None


def portal_timing(dossier_id: int, events, *, at: dt.datetime) -> PortalTiming:
    """Replay one dossier's events (in order) up to `at` under the portal's rule."""
    timing = PortalTiming(dossier_id)
    position, ending, first = None, "", True
    previous_due = None
    pending_since = due_before = None
    waiting_since = waiting_due = None  # when the dossier last started waiting for the applicant, and its appointment
    for event in events:
        if event.created_at >= at:
            break
        effect = rollup.apply(
            position=position,
            ending=ending,
            first=first,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            data=event.data,
        )
        first = False
        due = _due(event)
        if event.action == Action.RECEIVE:
            timing.received = True
        if event.action == Action.REQUEST_SUPPLEMENT:
            timing.supplement_requests += 1
            if timing.appointment is not None and pending_since is None:
                pending_since, due_before = event.created_at, timing.appointment
        elif event.action == Action.SUPPLEMENT_RECEIVED and pending_since is not None:
            # Portal: the appointment moves by the waiting time (the decree restarts the clock instead).
            timing.appointment = due_before + (event.created_at - pending_since)
            pending_since = due_before = None
        elif due is not None:
            if timing.appointment is None:
                timing.appointment = due
            elif previous_due is not None and pending_since is None:
                timing.appointment += due - previous_due  # suspension, extension: same as the decree
        if due is not None:
            previous_due = due
            timing.legal_due = due
        was_waiting = position is not None and position.bucket == Bucket.WAITING
        if effect.position is not None and effect.position.bucket == Bucket.WAITING and not was_waiting:
            waiting_since, waiting_due = event.created_at, timing.appointment
        if effect.ending and not ending:
            timing.closed_at = event.created_at
            timing.ending = effect.ending
            timing.legal_outcome = next(
                (k[len("resolved_") :] for k in effect.counters if k.startswith("resolved_")), ""
            )
        ending, position = effect.ending, effect.position
    waiting = position is not None and position.bucket == Bucket.WAITING
    if timing.closed_at is None and waiting and waiting_due is not None:
        # Still waiting for the applicant at `at` (supplement, suspension at their request, fees): the wait so far
        # does not count against the agency.
        timing.appointment = waiting_due + (at - waiting_since)
    if timing.closed_at is None and position is not None and position.bucket == Bucket.IN_PROGRESS:
        timing.running = True
        # Open and running at `at`: the decree's verdict so far (overdue or within time).
        timing.legal_outcome = "late" if timing.legal_due is not None and timing.legal_due < at else "on_time"
    moment = timing.closed_at or at
    if timing.supplement_requests > 1:
        timing.late_reason = Late.SUPPLEMENTS
    elif timing.appointment is not None and timing.appointment < moment:
        timing.late_reason = Late.PAST_DUE
    return timing


@dataclass
class Portal21:
    """Indicator 2.1 of a unit subtree and period, the portal's way, with the decree's figure beside it."""

    at: dt.datetime
    dossiers: int = 0
    on_time: int = 0
    late_supplements: int = 0
    late_past_due: int = 0
    timings: list[PortalTiming] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        return round(self.on_time / self.dossiers, 4) if self.dossiers else None

    def differences(self) -> list[PortalTiming]:
        """Dossiers the portal counts late while the decree's outcome is early / on time, or the reverse."""
        return [t for t in self.timings if t.legal_on_time is not None and t.legal_on_time != t.on_time]


def portal_on_time(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    field=None,
    procedure=None,
    include_descendants: bool = True,
    now: dt.datetime | None = None,
) -> Portal21:
    """The population is every received dossier that closed in [start, end] or was open at the period end
    (measured at now for a period that includes today). Candidates are narrowed in SQL like the drill-down, then
    each dossier's events are replayed (a few per dossier)."""
    moment = stock_moment(end=end, now=now)
    at = moment.at or _boundary(end)
    states = _scope(unit=unit, field=field, procedure=procedure, include_descendants=include_descendants)
    started = DossierEvent.objects.filter(dossier_id=OuterRef("dossier_id"), created_at__lt=at)
    closed_before = DossierEvent.objects.filter(
        dossier_id=OuterRef("dossier_id"), to_status__in=CLOSING, created_at__lt=_boundary(start - dt.timedelta(days=1))
    )
    ids = list(states.filter(Exists(started)).exclude(Exists(closed_before)).values_list("dossier_id", flat=True))
    events = _events_by_dossier(ids, moment.day)
    result = Portal21(at=at)
    for dossier_id in ids:
        timing = portal_timing(dossier_id, events.get(dossier_id, ()), at=at)
        if not timing.received:
            continue  # refused at reception or not yet received: not a dossier of the indicator
        if timing.closed_at is not None and timing.closed_at < _boundary(start - dt.timedelta(days=1)):
            continue
        if timing.ending == Ending.WITHDRAWN and timing.closed_at is None:
            continue
        result.dossiers += 1
        result.timings.append(timing)
        if timing.on_time:
            result.on_time += 1
        elif timing.late_reason == Late.SUPPLEMENTS:
            result.late_supplements += 1
        else:
            result.late_past_due += 1
    return result
