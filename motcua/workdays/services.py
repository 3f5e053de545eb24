"""Writes to the working calendar (the admin goes through the same models; signals refresh the cache)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .calendar import Adjustment, WorkingCalendar
from .choices import AdjustmentKind
from .models import CalendarAdjustment, CalendarYear
from .notices import Notice
from .replan import PLANNERS, Actor, Move
from .selectors import build_calendar, invalidate_calendar


@transaction.atomic
def calendar_adjustment_set(
    *,
    day: date,
    kind: AdjustmentKind | str,
    name: str,
    source_number: str,
    source_date: date | None = None,
    note: str = "",
) -> CalendarAdjustment:
    """Record what an official notice says about `day` (Labour Code 2019 art. 112.3: the Prime Minister fixes
    the Tết and National Day days; the ministry's notice is the source). Replaces an earlier entry for the day."""
    adjustment, _created = CalendarAdjustment.objects.update_or_create(
        date=day,
        defaults={
            "kind": AdjustmentKind(kind),
            "name": name,
            "source_number": source_number,
            "source_date": source_date,
            "note": note,
        },
    )
    return adjustment


@dataclass(frozen=True)
class NoticeResult:
    notice: Notice
    moves: list[Move]
    applied: bool


def calendar_with_notice(
    *, base: WorkingCalendar, notice: Notice, remove: frozenset[date] = frozenset()
) -> WorkingCalendar:
    """`base` without the `remove`d adjustments, with the notice's days (which win) and its year made official —
    in memory, nothing written."""
    adjustments = {day: a for day, a in base.adjustments.items() if day not in remove}
    for day in notice.days:
        adjustments[day.date] = Adjustment(
            date=day.date, kind=day.kind, name=day.name, source_number=notice.number, source_date=notice.date
        )
    years = set(base.official_years) | ({notice.year} if notice.year else set())
    return WorkingCalendar(
        adjustments=adjustments.values(), sessions=base.sessions, cutoff=base.cutoff, official_years=years
    )


def calendar_notice_apply(
    *, notice: Notice, confirm: bool = False, actor: Actor = None, remove: Iterable[date] = ()
) -> NoticeResult:
    """Record an official notice's days (Labour Code 2019 art. 112.3; a province's local decision) and re-plan the
    open dossiers whose clock or due dates it moves (docs/domain/deadlines.md §9).

    Dry run by default: the moves are listed, nothing is written. With `confirm`, in one transaction: the days
    are stored with the notice's number and date (`remove`: stored days deleted, e.g. a row moved to another
    date in the admin), the year becomes official when the notice says so, and every registered planner
    re-plans under row locks with the same clock rules as intake (the applicants are told after commit through
    the normal notification path).
    """
    remove = frozenset(remove) - {day.date for day in notice.days}
    old = build_calendar()
    new = calendar_with_notice(base=old, notice=notice, remove=remove)
    since = min([day.date for day in notice.days] + list(remove))
    if not confirm:
        moves = [move for planner in PLANNERS for move in planner.affected(old=old, new=new, since=since)]
        return NoticeResult(notice, moves, applied=False)
    # The history line and the applicants' messages (sent at commit) speak the site's language, whoever runs it.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        CalendarAdjustment.objects.filter(date__in=remove).delete()
        for day in notice.days:
            calendar_adjustment_set(
                day=day.date,
                kind=day.kind,
                name=day.name or notice.title or notice.number,
                source_number=notice.number,
                source_date=notice.date,
                note=day.note or notice.title,
            )
        if notice.year:
            CalendarYear.objects.update_or_create(
                year=notice.year,
                defaults={"notice_number": notice.number, "notice_date": notice.date, "note": notice.title},
            )
        invalidate_calendar()
        moves = [
            move
            for planner in PLANNERS
            for move in planner.apply(old=old, since=since, notice=notice.label, actor=actor)
        ]
    return NoticeResult(notice, moves, applied=True)


def calendar_adjustment_remove(*, adjustment: CalendarAdjustment, actor: Actor = None) -> NoticeResult:
    """Delete a stored day (the package's rule applies again) and re-plan the dossiers it moves."""
    from .notices import NoticeDay

    old = build_calendar()
    base = WorkingCalendar(
        adjustments=[a for d, a in old.adjustments.items() if d != adjustment.date],
        sessions=old.sessions,
        cutoff=old.cutoff,
        official_years=old.official_years,
    )
    label = f"{adjustment.source_number} (xóa ngày {adjustment.date:%d/%m/%Y})"
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        adjustment.delete()
        invalidate_calendar()
        moves = [
            move
            for planner in PLANNERS
            for move in planner.apply(old=old, since=adjustment.date, notice=label, actor=actor)
        ]
    notice = Notice(
        number=adjustment.source_number,
        date=adjustment.source_date or adjustment.date,
        days=(NoticeDay(adjustment.date, "working_day" if base.is_working_day(adjustment.date) else "day_off"),),
    )
    return NoticeResult(notice, moves, applied=True)
