"""Re-plan open dossiers when an official notice changes the working calendar (issue 13 §3;
docs/domain/deadlines.md §9). Registered with `motcua.workdays.replan` in `AppConfig.ready()`.

The dates come from `clock.replan` — the intake rules (`clock_start`, `limit_due`, `transfer_due`) on the new
calendar, one computation — and every change goes through `engine.record_system_event`: the row is locked, one
event "due date moved by notice X: old → new" is appended (sealed in the audit chain, rolled up by the metrics
subscribers with its new effective due date, queued for sync) and the applicant is told after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.workdays.calendar import VN_TZ, WorkingCalendar
from motcua.workdays.replan import Actor, Move

from . import clock, engine
from .choices import CLOSED, Action, DossierStatus
from .models import Dossier, DossierStep

if TYPE_CHECKING:
    from motcua.accounts.models import User


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(VN_TZ).isoformat() if moment else None


def _text(moment: dt.datetime | None) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else "—"


def dossier_replan_candidates(*, since: dt.date) -> QuerySet[Dossier]:
    """Open dossiers whose clock runs and whose stored dates reach `since` or later (a change on a day can only
    move the dates at or after it; a paused clock's dates shift on resume with the calendar of that moment)."""
    midnight = dt.datetime.combine(since, dt.time(0), tzinfo=VN_TZ)
    open_steps = DossierStep.objects.filter(finished_at__isnull=True, due_at__gte=midnight).values("dossier_id")
    return (
        Dossier.objects.exclude(status__in=[*CLOSED, DossierStatus.SUBMITTED])
        .filter(clock_started_at__isnull=False)
        .filter(Q(due_at__gte=midnight) | Q(legal_due_at__gte=midnight) | Q(pk__in=open_steps))
        .order_by("pk")
    )


def _move(dossier: Dossier, plan: clock.Replan) -> Move:
    return Move(
        dossier_id=dossier.pk,
        code=dossier.code,
        old_due_at=dossier.due_at,
        new_due_at=plan.due_at,
        old_legal_due_at=dossier.legal_due_at,
        new_legal_due_at=plan.legal_due_at,
        old_clock_start=dossier.clock_started_at,
        new_clock_start=plan.clock_started_at,
        steps_moved=len(plan.steps),
    )


def _open_steps(dossier: Dossier) -> list[DossierStep]:
    return list(dossier.steps.filter(finished_at__isnull=True))


def dossier_replan_preview(*, old: WorkingCalendar, new: WorkingCalendar, since: dt.date) -> list[Move]:
    """What a calendar change would move (reads only)."""
    moves = []
    for dossier in dossier_replan_candidates(since=since).prefetch_related("steps"):
        steps = [s for s in dossier.steps.all() if s.finished_at is None]
        plan = clock.replan(old, new, dossier, steps)
        if plan is not None:
            moves.append(_move(dossier, plan))
    return moves


def dossier_replan(*, dossier_id: int, old: WorkingCalendar, notice: str, actor: Actor = None) -> Move | None:
    """Recompute one dossier's clock start, legal, effective and step due dates on the calendar now stored and
    append one REPLAN event "due date moved by notice X: old → new"; None when nothing moves (decided on the
    locked row). The old and new legal due dates stay in the event: the legal due date's history."""
    result: list[Move] = []

    def mutate(ctx: engine.Context) -> str | None:
        d = ctx.dossier
        assert ctx.cal is not None  # apply_action always loads the calendar
        steps = _open_steps(d)
        plan = clock.replan(old, ctx.cal, d, steps)
        if plan is None:
            return None
        result.append(_move(d, plan))
        ctx.data.update(
            notice=notice,
            old_clock_started_at=_iso(d.clock_started_at),
            new_clock_started_at=_iso(plan.clock_started_at),
            old_legal_due_at=_iso(d.legal_due_at),
            new_legal_due_at=_iso(plan.legal_due_at),
            old_due_at=_iso(d.due_at),
            new_due_at=_iso(plan.due_at),
            steps_moved=len(plan.steps),
        )
        if d.committed_due_at is not None or plan.committed_due_at is not None:
            ctx.data.update(
                old_committed_due_at=_iso(d.committed_due_at), new_committed_due_at=_iso(plan.committed_due_at)
            )
        reason = _("Due date moved by notice %(notice)s: %(old)s → %(new)s") % {
            "notice": notice,
            "old": _text(d.due_at),
            "new": _text(plan.due_at),
        }
        for step in steps:
            if step.pk in plan.steps:
                step.due_at = plan.steps[step.pk]
                step.save(update_fields=["due_at"])
        d.clock_started_at = plan.clock_started_at
        d.legal_due_at = plan.legal_due_at
        d.due_at = plan.due_at
        d.transfer_due_at = plan.transfer_due_at
        d.committed_due_at = plan.committed_due_at
        return reason

    # the administrator's account (AUTH_USER_MODEL), or none: the event records no anonymous actor
    account = cast("User | None", actor)
    recorded = engine.record_system_event(dossier_id=dossier_id, actor=account, action=Action.REPLAN, mutate=mutate)
    return result[0] if recorded is not None else None


class DossierPlanner:
    """The dossiers' answer to a calendar change (`motcua.workdays.replan.Planner`)."""

    def affected(self, *, old: WorkingCalendar, new: WorkingCalendar, since: dt.date) -> list[Move]:
        return dossier_replan_preview(old=old, new=new, since=since)

    def apply(self, *, old: WorkingCalendar, since: dt.date, notice: str, actor: Actor) -> list[Move]:
        moves = []
        for dossier_id in dossier_replan_candidates(since=since).values_list("pk", flat=True):
            move = dossier_replan(dossier_id=dossier_id, old=old, notice=notice, actor=actor)
            if move is not None:
                moves.append(move)
        return moves


PLANNER = DossierPlanner()
