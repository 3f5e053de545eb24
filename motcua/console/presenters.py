"""What the console pages and the printable forms show, derived from rows the selectors returned (no writes)."""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlencode

import segno
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from motcua.dossiers import clock
from motcua.dossiers.choices import CLOCK_RUNNING, Action, DossierStatus, Outcome, StepKind
from motcua.units.choices import UnitKind
from motcua.units.selectors import unit_ancestors

S = DossierStatus
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")
STATUS_TONE = {
    S.SUBMITTED: "info",
    S.RECEIVED: "info",
    S.IN_PROGRESS: "info",
    S.AWAITING_APPROVAL: "info",
    S.AWAITING_SIGNATURE: "info",
    S.AWAITING_SUPPLEMENT: "warn",
    S.AWAITING_PAYMENT: "warn",
    S.SUSPENDED: "warn",
    S.WITHDRAW_REQUESTED: "warn",
    S.RESULT_READY: "ok",
    S.DELIVERED: "ok",
    S.REFUSED: "bad",
    S.REJECTED: "bad",
    S.STOPPED: "bad",
}


def due_soon_limit(now: dt.datetime) -> dt.datetime:
    """End of the "due within 1 working day" window, as the inbox tab computes it."""
    cal = clock.get_calendar()
    return cal.add_working_days(cal.next_working_moment(now), 1)


def due_state(dossier, *, now: dt.datetime, soon: dt.datetime) -> str:
    """ok / soon / overdue while the agency's clock runs; the outcome once finished; "" otherwise."""
    if dossier.outcome:
        return {Outcome.LATE: "overdue", Outcome.EARLY: "ok", Outcome.ON_TIME: "ok"}[dossier.outcome]
    if dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        return ""
    if dossier.due_at < now:
        return "overdue"
    if dossier.due_at <= soon:
        return "soon"
    return "ok"


def working_days_left(dossier, *, now: dt.datetime, cal=None) -> float | None:
    """Working days from now to the due date (negative once overdue), to the half day, while the agency's clock
    runs; None otherwise. Counted on the working calendar the due date was computed with (ND 61/2018 art 19:
    time limits are in working days), so a weekend or a holiday does not shorten it."""
    if dossier.outcome or dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        return None
    cal = cal or clock.get_calendar()
    start = cal.next_working_moment(now)
    day = cal.working_time_between(start, cal.add_working_days(start, 1))
    left = cal.working_time_between(now, dossier.due_at) / day
    halves = math.ceil(abs(left) * 2)  # "0.5 days left" rather than "0 days left" on the due day
    return math.copysign(halves / 2, left)


def annotate_rows(rows) -> list:
    now = timezone.now()
    soon = due_soon_limit(now)
    cal = clock.get_calendar()
    rows = list(rows)
    for row in rows:
        row.due_state = due_state(row, now=now, soon=soon)
        row.status_tone = STATUS_TONE.get(row.status, "info")
        row.days_left = working_days_left(row, now=now, cal=cal)
    return rows


def place_name(unit) -> str:
    """The place written before the date on a form ("Hạ Long, ngày …"): the nearest commune or province."""
    territories = [u for u in unit_ancestors(unit) if u.kind in (UnitKind.COMMUNE, UnitKind.PROVINCE)]
    if not territories:
        return "……"
    name = territories[-1].name
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def governing_body(unit) -> str:
    """ "ĐƠN VỊ CHỦ QUẢN" of the form header: the agency above the one-stop unit (a People's Committee)."""
    parent = unit.parent
    while parent is not None and parent.kind not in (UnitKind.PEOPLES_COMMITTEE, UnitKind.DEPARTMENT):
        parent = parent.parent
    return parent.name if parent is not None else ""


def status_url(request, code: str) -> str:
    """Absolute URL of the public status page (portal `track:lookup`, `/tra-cuu/?ma=<code>`) for the QR of form 01."""
    try:
        path = reverse("track:lookup")
    except NoReverseMatch:
        path = "/tra-cuu/"
    return request.build_absolute_uri(f"{path}?{urlencode({'ma': code})}")


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=3, border=2, dark="#000")


def header_context(unit) -> dict:
    return {"agency": unit, "governing_body": governing_body(unit), "place": place_name(unit)}


def last_event(events, *actions: str):
    for event in reversed(list(events)):
        if event.action in actions:
            return event
    return None


def _receiver(step, events) -> str:
    """Who received the dossier in the step's unit: the assigned officer, else the first to act there."""
    if step.officer is not None:
        return step.officer.display_name()
    for event in events:
        if event.unit_id == step.unit_id and event.created_at >= step.started_at and event.actor is not None:
            return event.actor.display_name()
    return ""


def control_rows(dossier, steps, events) -> list[dict]:
    """Form 06 rows: every hand-over of the dossier from one unit to the next, with the receiving side's result.

    TT 03/2025 form 06 note: the result (early / on time / late) is entered by the receiving side at hand-over;
    here it is the outcome of the step that the hand-over closed (computed by the dossier engine).
    """
    rows = []
    ordered = sorted(steps, key=lambda s: s.seq)
    actor_by_step_start = {}
    for event in events:
        actor_by_step_start.setdefault(event.created_at, event)
    previous = None
    for step in ordered:
        givers = [s for s in ordered if s.seq < step.seq and s.group != step.group and s.kind != StepKind.CONSULTATION]
        handed = givers[-1] if givers else None
        giver = handed.unit if handed else None  # the first step is received from the applicant
        event = actor_by_step_start.get(step.started_at)
        rows.append(
            {
                "from_unit": giver,
                "from_person": (event.actor.display_name() if event and event.actor else "")
                if handed
                else dossier.applicant_name,
                "to_unit": step.unit,
                "to_person": _receiver(step, events),
                "at": step.started_at,
                "step": step,
                "result": handed.get_outcome_display() if handed and handed.outcome else "",
                "kind": step.get_kind_display(),
            }
        )
        if step.kind != StepKind.CONSULTATION:
            previous = step
    if dossier.finished_at and previous is not None:
        finish = last_event(events, Action.SIGN, Action.REJECT)
        rows.append(
            {
                "from_unit": previous.unit,
                "from_person": finish.actor.display_name() if finish and finish.actor else "",
                "to_unit": dossier.receiving_unit,
                "to_person": "",
                "at": dossier.finished_at,
                "step": None,
                "result": previous.get_outcome_display() if previous.outcome else "",
                "kind": "",
            }
        )
    return rows
