"""What the console pages and the printable forms show, derived from rows the selectors returned (no writes)."""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import quote, urlencode

import segno
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from motcua.dossiers import clock
from motcua.dossiers.choices import CLOCK_RUNNING, Action, DossierStatus, Outcome, StepKind
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import due_soon_end
from motcua.units.choices import UnitKind
from motcua.units.selectors import unit_ancestors

from .templatetags.console import vn_abs_number, vn_datetime, vn_number

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
    return due_soon_end(now)


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


def working_day_length(cal, now: dt.datetime) -> dt.timedelta:
    """Working time of one working day from the next working moment after `now` (the unit of "days left")."""
    start = cal.next_working_moment(now)
    return cal.working_time_between(start, cal.add_working_days(start, 1))


def working_days_left(dossier, *, now: dt.datetime, cal=None, day: dt.timedelta | None = None) -> float | None:
    """Working days from now to the due date (negative once overdue), to the half day, while the agency's clock
    runs; None otherwise. Counted on the working calendar the due date was computed with (ND 61/2018 art 19:
    time limits are in working days), so a weekend or a holiday does not shorten it. `day`: the length of a
    working day from now (`working_day_length`), when a page already computed it for its other rows."""
    if dossier.outcome or dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        return None
    cal = cal or clock.get_calendar()
    day = day if day is not None else working_day_length(cal, now)
    left = cal.working_time_between(now, dossier.due_at) / day
    halves = math.ceil(abs(left) * 2)  # "0.5 days left" rather than "0 days left" on the due day
    return math.copysign(halves / 2, left)


# What an inbox row reads of a dossier, and its procedure's name (`procedure_name`): the page loads these columns
# only (`QuerySet.only`), not the ~60 of a dossier and the ~40 of its procedure with their JSON documents.
ROW_FIELDS = ("code", "procedure_id", "status", "outcome", "due_at", "applicant_name")
PROCEDURE_NAME_CHARS = 90
URL_SAFE = "!$&'()*+,;=" + "/~:@"  # what `reverse` leaves unquoted in an argument (RFC 3986 sub-delimiters + "/~:@")


def inbox_row_queryset(rows):
    """`rows` (a dossier queryset of the inbox selectors) reading only what an inbox row shows."""
    return rows.select_related(None).only(*ROW_FIELDS).annotate(procedure_name=F("procedure__name"))


def dossier_url_maker():
    """A function code -> the console page of that dossier (`console:dossier`), reversing the route once per page
    instead of once per row; the code is quoted as `reverse` quotes it (`django.urls.resolvers`: RFC 3986
    sub-delimiters and "/~:@" stay). A code that could not be in the route's segment (a "/", none is ever made)
    goes through `reverse` itself."""
    marker = "0"
    sample = reverse("console:dossier", args=[marker])
    head, tail = sample.rsplit(f"/{marker}/", 1)

    def url(code: str) -> str:
        if not code or "/" in code:
            return reverse("console:dossier", args=[code])
        return f"{head}/{quote(code, safe=URL_SAFE)}/{tail}"

    return url


def annotate_rows(rows) -> list:
    """The rows of an inbox page with everything the template shows precomputed once here (deadline state and
    colour, working days left, status label, link, dates), rather than by template tags, filters and an include
    per row: labels and links are read from the same sources (`get_status_display`, `{% url %}`,
    `truncatechars`, `vn_datetime`, the same translated messages), so the page is unchanged."""
    now = timezone.now()
    soon = due_soon_limit(now)
    cal = clock.get_calendar()
    day = working_day_length(cal, now)  # the same for every row
    status_labels = {value: str(label) for value, label in Dossier._meta.get_field("status").flatchoices}
    procedure_names: dict[int, str] = {}
    url = dossier_url_maker()
    rows = list(rows)
    for row in rows:
        row.due_state = due_state(row, now=now, soon=soon)
        row.status_tone = STATUS_TONE.get(row.status, "info")
        row.days_left = working_days_left(row, now=now, cal=cal, day=day)
        row.status_label = status_labels.get(row.status, row.status)
        row.url = url(row.code)
        if row.procedure_id not in procedure_names:
            name = row.procedure_name if hasattr(row, "procedure_name") else row.procedure.name
            procedure_names[row.procedure_id] = Truncator(name).chars(PROCEDURE_NAME_CHARS)
        row.procedure_label = procedure_names[row.procedure_id]
        row.due_label = vn_datetime(row.due_at)
        row.days_left_label = days_left_label(row.days_left)
    return rows


def days_left_label(days: float | None) -> str:
    """ "còn 2 ngày làm việc" / "quá hạn 1,5 ngày làm việc"; "" when the clock does not run."""
    if days is None:
        return ""
    if days < 0:
        return _("overdue by %(days)s working days") % {"days": vn_abs_number(days)}
    return _("%(days)s working days left") % {"days": vn_number(days)}


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
