"""Reads of the working calendar. `get_calendar()` is what dossiers, reports and commands call."""

from __future__ import annotations

import threading
import time as _time
from datetime import date, datetime

from django.db.models import QuerySet

from .calendar import VN_TZ, Adjustment, WorkingCalendar
from .models import CalendarAdjustment, CalendarYear, WorkSchedule

# Other processes learn about an edit within this many seconds; this process learns at once (signals).
CACHE_SECONDS = 60.0

_lock = threading.Lock()
_cache: dict[str, tuple[float, WorkingCalendar]] = {}
_generation = [0]  # bumped on every invalidation, so a calendar built from stale rows is never stored


def invalidate_calendar() -> None:
    """Forget the cached calendar (called on every save/delete of an adjustment or schedule)."""
    with _lock:
        _cache.clear()
        _generation[0] += 1


def work_schedule_current(*, on: date | None = None) -> WorkSchedule | None:
    """The schedule in force on `on` (default: today in Vietnam): the latest `valid_from` not after it."""
    on = on or datetime.now(VN_TZ).date()
    return WorkSchedule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def calendar_adjustment_list(*, year: int | None = None) -> QuerySet[CalendarAdjustment]:
    queryset = CalendarAdjustment.objects.order_by("date")
    if year is not None:
        queryset = queryset.filter(date__year=year)
    return queryset


def build_calendar() -> WorkingCalendar:
    """A fresh calendar from the database: package holidays + stored adjustments (which win) + sessions."""
    adjustments = [
        Adjustment(
            date=row.date,
            kind=row.kind,
            name=row.name,
            source_number=row.source_number,
            source_date=row.source_date,
        )
        for row in calendar_adjustment_list()
    ]
    official_years = list(CalendarYear.objects.values_list("year", flat=True))
    schedule = work_schedule_current()
    if schedule is None:
        return WorkingCalendar(adjustments=adjustments, official_years=official_years)
    return WorkingCalendar(
        adjustments=adjustments,
        official_years=official_years,
        sessions=(
            (schedule.morning_start, schedule.morning_end),
            (schedule.afternoon_start, schedule.afternoon_end),
        ),
        cutoff=schedule.clock_cutoff,
    )


def get_calendar() -> WorkingCalendar:
    """The working calendar, cached per process; invalidated on edits here, refreshed every minute elsewhere."""
    now = _time.monotonic()
    with _lock:
        cached = _cache.get("calendar")
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        generation = _generation[0]
    calendar = build_calendar()
    with _lock:
        if generation == _generation[0]:
            _cache["calendar"] = (now, calendar)
    return calendar
