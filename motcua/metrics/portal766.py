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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from motcua.dossiers.choices import Action
from motcua.dossiers.models import DossierEvent
from motcua.units.models import Unit

from . import rollup
from .choices import Bucket, Ending
from .drilldown import CLOSING, _boundary, _events_by_dossier, _scope
from .models import PortalVerdict
from .selectors import stock_moment

if TYPE_CHECKING:
    from motcua.catalog.models import Field, Procedure


class Event(Protocol):
    """What the replay reads of a dossier event (a `DossierEvent`, or the rebuild's row of one)."""

    action: str
    from_status: str
    to_status: str
    data: dict[str, Any]
    created_at: dt.datetime


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


def _due(event: Event) -> dt.datetime | None:
    raw = (event.data or {}).get(DUE_KEY)
    return dt.datetime.fromisoformat(raw) if raw else None


def portal_timing(dossier_id: int, events: Iterable[Event], *, at: dt.datetime) -> PortalTiming:
    """Replay one dossier's events (in order) up to `at` under the portal's rule."""
    timing = PortalTiming(dossier_id)
    position, ending, first = None, "", True
    previous_due: dt.datetime | None = None
    pending_since: dt.datetime | None = None
    due_before: dt.datetime | None = None
    # When the dossier last started waiting for the applicant, and its appointment then.
    waiting_since: dt.datetime | None = None
    waiting_due: dt.datetime | None = None
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
        elif event.action == Action.SUPPLEMENT_RECEIVED and pending_since is not None and due_before is not None:
            # (`due_before` is set with `pending_since`, from an appointment that was set.)
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
    if timing.closed_at is None and waiting and waiting_due is not None and waiting_since is not None:
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
    counted_differences: int = 0  # differences among the verdicts counted in SQL (not in `timings`)

    @property
    def value(self) -> float | None:
        return round(self.on_time / self.dossiers, 4) if self.dossiers else None

    def differences(self) -> list[PortalTiming]:
        """Dossiers the portal counts late while the decree's outcome is early / on time, or the reverse."""
        return [t for t in self.timings if t.legal_on_time is not None and t.legal_on_time != t.on_time]

    @property
    def difference_count(self) -> int:
        return len(self.differences()) + self.counted_differences


VERDICT_FIELDS = (
    "received",
    "supplement_requests",
    "appointment",
    "legal_due",
    "closed_at",
    "ending",
    "legal_outcome",
    "late_reason",
)
JUST_AFTER = dt.timedelta(microseconds=1)


def verdict_of(timing: PortalTiming) -> PortalVerdict:
    return PortalVerdict(dossier_id=timing.dossier_id, **{name: getattr(timing, name) for name in VERDICT_FIELDS})


def timing_of(verdict: PortalVerdict) -> PortalTiming:
    return PortalTiming(verdict.dossier_id, **{name: getattr(verdict, name) for name in VERDICT_FIELDS})


def record_verdict(*, dossier_id: int, ending_event: DossierEvent) -> None:
    """Store the verdict of a dossier that has just ended (called by the event hook, same transaction): its
    events up to the ending one, replayed by `portal_timing`."""
    events = DossierEvent.objects.filter(dossier_id=dossier_id, seq__lte=ending_event.seq).order_by("seq")
    timing = portal_timing(dossier_id, list(events), at=ending_event.created_at + JUST_AFTER)
    if timing.closed_at is not None:
        verdict_of(timing).save()


def portal_on_time(
    *,
    unit: Unit,
    start: dt.date,
    end: dt.date,
    field: Field | int | None = None,
    procedure: Procedure | int | str | None = None,
    include_descendants: bool = True,
    now: dt.datetime | None = None,
    stored: bool = True,
    detail: bool = True,
) -> Portal21:
    """The population is every received dossier that closed in [start, end] or was open at the period end
    (measured at now for a period that includes today). The dossiers closed before the moment are read from their
    stored verdicts (`PortalVerdict`, written when each ended); the others — open at the moment, or ended before
    verdicts were stored — are narrowed in SQL like the drill-down and replayed (a few events per dossier).
    `stored=False` replays every dossier (the reference the tests compare with). `detail=False` (the figure only)
    counts the stored verdicts in SQL instead of loading them: `timings` then holds only the replayed dossiers."""
    moment = stock_moment(end=end, now=now)
    at = moment.at or _boundary(end)
    lower = _boundary(start - dt.timedelta(days=1))
    states = _scope(unit=unit, field=field, procedure=procedure, include_descendants=include_descendants)
    started = DossierEvent.objects.filter(dossier_id=OuterRef("dossier_id"), created_at__lt=at)
    closed_before = DossierEvent.objects.filter(
        dossier_id=OuterRef("dossier_id"), to_status__in=CLOSING, created_at__lt=lower
    )
    timings: list[PortalTiming] = []
    counted = Portal21(at=at)
    if stored:
        verdicts = PortalVerdict.objects.filter(
            dossier_id__in=states.values("dossier_id"), closed_at__gte=lower, closed_at__lt=at
        )
        if detail:
            rows = verdicts.values_list("dossier_id", *VERDICT_FIELDS)
            timings = [PortalTiming(row[0], **dict(zip(VERDICT_FIELDS, row[1:], strict=True))) for row in rows]
        else:
            counted = _count_verdicts(verdicts.filter(received=True), at=at)
        # Replayed: open at the moment (not ended, or ended after it), and any ended dossier without a verdict
        # (history from before verdicts were stored: the loop below drops it if it closed before the period).
        ended_before = PortalVerdict.objects.filter(dossier_id=OuterRef("dossier_id"), closed_at__lt=at)
        candidates = states.filter(Exists(started)).exclude(Exists(ended_before))
    else:
        candidates = states.filter(Exists(started)).exclude(Exists(closed_before))
    ids = list(candidates.values_list("dossier_id", flat=True))
    events = _events_by_dossier(ids, moment.day)
    timings += [portal_timing(dossier_id, events.get(dossier_id, ()), at=at) for dossier_id in ids]
    result = counted
    result.at = at
    for timing in timings:
        if not timing.received:
            continue  # refused at reception or not yet received: not a dossier of the indicator
        if timing.closed_at is not None and timing.closed_at < lower:
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


def _count_verdicts(verdicts: QuerySet[PortalVerdict], *, at: dt.datetime) -> Portal21:
    """The figures of stored verdicts (all received, closed in the period) counted in SQL, with the same rules
    as the loop of `portal_on_time` and `Portal21.differences`."""
    on_time = Q(late_reason="")
    legal_on_time = ~Q(legal_outcome="") & ~Q(legal_outcome="late")
    row = verdicts.aggregate(
        dossiers=Count("pk"),
        on_time=Count("pk", filter=on_time),
        late_supplements=Count("pk", filter=Q(late_reason=Late.SUPPLEMENTS)),
        differ=Count("pk", filter=(legal_on_time & ~on_time) | (Q(legal_outcome="late") & on_time)),
    )
    return Portal21(
        at=at,
        dossiers=row["dossiers"],
        on_time=row["on_time"],
        late_supplements=row["late_supplements"],
        late_past_due=row["dossiers"] - row["on_time"] - row["late_supplements"],
        counted_differences=row["differ"],
    )
