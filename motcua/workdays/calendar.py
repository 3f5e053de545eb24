"""The Vietnamese working calendar and deadline arithmetic — pure Python, no ORM.

Convention (docs/domain/deadlines.md has the full text and sources):

* Working time is the union of the daily sessions (default 07:30–11:30 and 13:00–17:00) on working days.
  Working days are Monday–Friday (QĐ 188/1999/QĐ-TTg), minus the holidays of the `holidays` package
  (Labour Code 2019 art. 112), plus its make-up Saturdays, and then the official adjustments, which always win.
* Every instant has a *position*: the amount of working time elapsed since an origin. Instants outside working
  time share the position of the next working moment. Arithmetic is done on positions, in microseconds.
* N working days = N × (length of one working day) of working time; N working hours = N hours of working time.
  Fractions (½ day, 1.5 h) are allowed.
* A due moment is the *earliest* instant at its position: a session's closing instant counts as inside, so a
  clock starting at the opening of a day with 1 working day is due at the close of that same day.
* The clock starts at reception, or at the start of the next working day when received after the cut-off
  (15:00) or on a non-working day (ND 61/2018 art. 18; sector rules).

All inputs must be timezone-aware; every computation is done in Asia/Ho_Chi_Minh whatever the process zone,
and results are aware datetimes in that zone.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from numbers import Real
from typing import TypeAlias
from zoneinfo import ZoneInfo

import holidays

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A count of days or hours: an int, a float or a Decimal (checked at run time by _check_count, which also takes
# any other numbers.Real such as Fraction; the numeric tower has no static type).
Count: TypeAlias = float | Decimal
_Day: TypeAlias = date  # `date` is shadowed by the field of that name inside Adjustment
US_PER_SECOND = 1_000_000
US_PER_HOUR = 3600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR
MIN_YEAR = 1990
MAX_YEAR = 2200
# Longest time limit we accept (about 40 years of working days): anything more is a typo, not a procedure.
MAX_WORKING_DAYS = 10_000
MAX_WORKING_HOURS = MAX_WORKING_DAYS * 24
MAX_CALENDAR_DAYS = 15_000

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

# Provenance of a day that differs from Monday–Friday (docs/domain/deadlines.md §1).
LABOUR_CODE_112 = "BLLĐ 2019 Điều 112.1"  # fixed-date holidays and Hùng Kings (10/3 lunar)
LABOUR_CODE_111 = "BLLĐ 2019 Điều 111.3"  # a weekly rest day that falls on a holiday is taken the next working day
NO_INSTRUMENT = "no instrument on file"  # only the `holidays` package's rules say so (e.g. Tết days of a future year)

# Package holidays whose date the Labour Code itself fixes (English names of `holidays`, stable across locales).
_FIXED_BY_LAW = {
    "New Year's Day",
    "Hung Kings' Commemoration Day",
    "Liberation Day/Reunification Day",
    "International Labor Day",
}

DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
DEFAULT_CUTOFF = time(15, 0)


class CalendarError(ValueError):
    """A date, time or count that the calendar cannot work with (naive datetime, absurd count, out of range)."""


@dataclass(frozen=True, slots=True)
class Adjustment:
    """An official change to one date: `kind` is "day_off" or "working_day"."""

    date: date
    kind: str
    name: str = ""
    source_number: str = ""
    source_date: _Day | None = None


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One non-standard day of a year, for listings: why it is off (or worked) and on whose authority."""

    date: date
    is_working_day: bool
    name: str
    source: str  # "holidays" package, or the notice number
    # the legal instrument: the notice number, "BLLĐ 2019 Điều 112.1" / "Điều 111.3", or NO_INSTRUMENT
    instrument: str = NO_INSTRUMENT


def _time_us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * US_PER_SECOND + value.microsecond


def _check_count(value: object, limit: float, what: str) -> float:
    if type(value) is int or type(value) is float:  # fast path (ABC isinstance checks are slow)
        if 0 <= value <= limit:
            return value
        raise CalendarError(f"{what} must be between 0 and {limit:g}, got {value!r}")
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise CalendarError(f"{what} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or number > limit:
        raise CalendarError(f"{what} must be between 0 and {limit:g}, got {value!r}")
    return number


class _Span:
    """Working days of the years [first_year, last_year], precomputed for O(1) / O(log n) lookups."""

    __slots__ = ("base", "before", "end", "first_year", "last_year", "midnights", "ordinals", "working")

    def __init__(self, first_year: int, last_year: int, is_working: Callable[[date], bool]) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.base = date(first_year, 1, 1).toordinal()
        end = date(last_year, 12, 31).toordinal()
        working: list[bool] = []
        before: list[int] = []  # number of working days in the span strictly before each day
        ordinals: list[int] = []
        count = 0
        for ordinal in range(self.base, end + 1):
            flag = is_working(date.fromordinal(ordinal))
            working.append(flag)
            before.append(count)
            if flag:
                ordinals.append(ordinal)
                count += 1
        before.append(count)  # sentinel: before[i + 1] is valid for the last day too
        self.working = working
        self.before = before
        self.ordinals = ordinals
        self.end = self.base + len(working)  # first ordinal after the span
        # aware midnight of each working day, so that building a result is one addition
        self.midnights = [datetime.combine(date.fromordinal(o), time(0), tzinfo=VN_TZ) for o in ordinals]


class WorkingCalendar:
    """Working days and working time in Vietnam, with deadline arithmetic.

    Build it from the base holidays (default: `holidays.country_holidays("VN")`), official `adjustments`
    (which win over the base), the daily `sessions` and the reception `cutoff`. Instances are immutable in
    behaviour and safe to share between threads; years are precomputed lazily.
    """

    def __init__(
        self,
        *,
        adjustments: Iterable[Adjustment] = (),
        sessions: Iterable[tuple[time, time]] = DEFAULT_SESSIONS,
        cutoff: time = DEFAULT_CUTOFF,
        base_holidays: holidays.HolidayBase | None = None,
        years: tuple[int, int] | None = None,
        official_years: Iterable[int] = (),
    ) -> None:
        self.sessions = tuple(sorted(sessions))
        if not self.sessions:
            raise CalendarError("at least one working session is needed")
        bounds: list[tuple[int, int]] = []
        previous_end = -1
        for start, end in self.sessions:
            start_us, end_us = _time_us(start), _time_us(end)
            if not previous_end <= start_us < end_us:
                raise CalendarError(f"sessions must be ordered and not overlap: {self.sessions}")
            bounds.append((start_us, end_us))
            previous_end = end_us
        self._bounds = tuple(bounds)
        self._session_starts = tuple(start for start, _end in bounds)
        # working time elapsed in the day at the start of each session
        offsets, elapsed = [], 0
        for start_us, end_us in bounds:
            offsets.append(elapsed)
            elapsed += end_us - start_us
        self._session_offsets = tuple(offsets)
        self._sessions_table = tuple((start, end, offset) for (start, end), offset in zip(bounds, offsets, strict=True))
        self.day_length_us = elapsed
        self.day_length = timedelta(microseconds=elapsed)
        self.cutoff = cutoff
        self._cutoff_us = _time_us(cutoff)
        self._open_us = bounds[0][0]
        self._close_us = bounds[-1][1]
        self.adjustments: dict[date, Adjustment] = {a.date: a for a in adjustments}
        for adjustment in self.adjustments.values():
            if adjustment.kind not in (DAY_OFF, WORKING_DAY):
                raise CalendarError(f"unknown adjustment kind {adjustment.kind!r}")
        self._base = base_holidays if base_holidays is not None else holidays.country_holidays("VN", language="vi")
        # Years whose yearly notice (Tết and National Day days, swaps; Labour Code 2019 art. 112.3) is on file.
        # Any other year is provisional: its days come from the package's rules and may still move.
        self.official_years = frozenset(official_years)
        self._names_en: holidays.HolidayBase | None = None
        self._lock = threading.Lock()
        today = datetime.now(VN_TZ).year
        adjusted_years = [d.year for d in self.adjustments] or [today]
        first, last = years or (min([*adjusted_years, today]) - 5, max([*adjusted_years, today]) + 10)
        self._span = self._build(max(first, MIN_YEAR), min(last, MAX_YEAR))

    # ----------------------------------------------------------------------------------------- days
    def _base_is_working(self, day: date) -> bool:
        adjustment = self.adjustments.get(day)
        if adjustment is not None:
            return adjustment.kind == WORKING_DAY
        if day.weekday() >= 5:
            return day in self._base.weekend_workdays
        return day not in self._base

    def _build(self, first_year: int, last_year: int) -> _Span:
        for year in range(first_year, last_year + 1):
            self._base.get(date(year, 1, 1))  # populates the year (expand=True is the package default)
        return _Span(first_year, last_year, self._base_is_working)

    def _span_for(self, ordinal: int) -> _Span:
        span = self._span
        if span.base <= ordinal < span.base + len(span.working):
            return span
        year = date.fromordinal(ordinal).year if 1 <= ordinal <= date.max.toordinal() else MAX_YEAR + 1
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CalendarError(f"date outside the supported years {MIN_YEAR}–{MAX_YEAR}")
        with self._lock:
            span = self._span
            if not span.base <= ordinal < span.base + len(span.working):
                span = self._build(min(span.first_year, year - 1), max(span.last_year, year + 10))
                self._span = span
        return span

    def is_working_day(self, day: date) -> bool:
        """True when `day` is a working day (a datetime is first converted to Vietnam time)."""
        if isinstance(day, datetime):
            day = self._local(day).date()
        ordinal = day.toordinal()
        span = self._span_for(ordinal)
        return span.working[ordinal - span.base]

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days d with start <= d < end (negative when end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return self._before(end.toordinal()) - self._before(start.toordinal())

    def is_provisional_year(self, year: int) -> bool:
        """True when no yearly notice for `year` is on file (its days off may still change)."""
        return year not in self.official_years

    def provisional_years_between(self, start: datetime | date, end: datetime | date) -> list[int]:
        """The provisional years of the days from `start` to `end` (inclusive, Vietnam dates)."""
        first = (self._local(start).date() if isinstance(start, datetime) else start).year
        last = (self._local(end).date() if isinstance(end, datetime) else end).year
        first, last = min(first, last), max(first, last)
        return [year for year in range(first, last + 1) if self.is_provisional_year(year)]

    def crosses_provisional(self, start: datetime | date, end: datetime | date) -> bool:
        """True when some day from `start` to `end` (inclusive, Vietnam dates) lies in a provisional year."""
        return bool(self.provisional_years_between(start, end))

    def _instrument(self, day: date) -> str:
        """The legal instrument behind a package holiday that no stored notice covers."""
        if self._names_en is None:
            self._names_en = holidays.country_holidays("VN", language="en_US")
        name = self._names_en.get(day) or ""
        if name.endswith("(observed)"):
            return LABOUR_CODE_111
        if name in _FIXED_BY_LAW or (name == "National Day" and (day.month, day.day) == (9, 2)):
            return LABOUR_CODE_112
        # Tết days, the day next to National Day and swaps are fixed each year by the Prime Minister
        # (art. 112.3) — without the notice only the package's guess remains; so are new package holidays.
        return NO_INSTRUMENT

    def days_in_year(self, year: int) -> list[CalendarDay]:
        """Every date of `year` whose status differs from the Monday–Friday pattern or that a stored notice
        addresses, with its reason and its legal instrument."""
        self._span_for(date(year, 6, 30).toordinal())
        result = []
        day = date(year, 1, 1)
        while day.year == year:
            working = self.is_working_day(day)
            weekday = day.weekday() < 5
            adjustment = self.adjustments.get(day)
            if adjustment is not None:
                result.append(
                    CalendarDay(day, working, adjustment.name, adjustment.source_number, adjustment.source_number)
                )
            elif working != weekday:
                name = self._base.get(day) or ("Ngày làm bù" if working else "")
                instrument = NO_INSTRUMENT if working else self._instrument(day)
                result.append(CalendarDay(day, working, name, "holidays", instrument))
            day += timedelta(days=1)
        return result

    def _before(self, ordinal: int) -> int:
        """Working days from the origin (1 Jan MIN_YEAR, as far as precomputed) strictly before `ordinal`."""
        span = self._span_for(ordinal)
        return span.before[ordinal - span.base]

    # ----------------------------------------------------------------------------------------- time
    @staticmethod
    def _local(moment: datetime) -> datetime:
        if not isinstance(moment, datetime):
            raise CalendarError(f"a datetime is needed, got {moment!r}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise CalendarError("naive datetime: pass a timezone-aware datetime")
        return moment.astimezone(VN_TZ)

    def _offset_in_day(self, us: int) -> int:
        """Working time elapsed in a working day at `us` microseconds after midnight."""
        for start, end, offset in self._sessions_table:
            if us < start:
                return offset
            if us <= end:
                return offset + us - start
        return self.day_length_us

    def _position(self, moment: datetime) -> tuple[_Span, int]:
        """Working time (µs) from the start of the precomputed span to `moment`."""
        local = self._local(moment)
        ordinal = local.toordinal()
        span = self._span
        if not span.base <= ordinal < span.end:
            span = self._span_for(ordinal)
        index = ordinal - span.base
        position = span.before[index] * self.day_length_us
        if span.working[index]:
            us = (local.hour * 3600 + local.minute * 60 + local.second) * US_PER_SECOND + local.microsecond
            position += self._offset_in_day(us)
        return span, position

    def _start_position(self, received_at: datetime, cutoff_us: int) -> tuple[_Span, int]:
        """Position of the clock start for a reception (see `clock_start`)."""
        local = self._local(received_at)
        ordinal = local.toordinal()
        span = self._span
        if not span.base <= ordinal < span.end - 1:  # the next day must be in the span too
            span = self._span_for(ordinal + 1)
            span = self._span_for(ordinal)
        index = ordinal - span.base
        if span.working[index]:
            us = (local.hour * 3600 + local.minute * 60 + local.second) * US_PER_SECOND + local.microsecond
            if us <= cutoff_us and us < self._close_us:
                return span, span.before[index] * self.day_length_us + self._offset_in_day(us)
        # opening of the next working day: all working days up to and including this one are behind us
        return span, span.before[index + 1] * self.day_length_us

    def _moment(self, span: _Span, position: int) -> datetime:
        """The earliest instant at working `position` of `span` (a session's close rather than the next opening)."""
        if position < 0:
            raise CalendarError("result before the supported years")
        day_index, offset = divmod(position, self.day_length_us)
        if offset == 0 and day_index > 0:
            day_index, offset = day_index - 1, self.day_length_us
        if day_index >= len(span.ordinals):
            return self._moment_beyond(span, position, day_index)
        offsets = self._session_offsets
        index = bisect.bisect_left(offsets, offset) - 1
        if index < 0:
            index = 0
        return span.midnights[day_index] + timedelta(microseconds=self._bounds[index][0] + offset - offsets[index])

    def _moment_beyond(self, span: _Span, position: int, day_index: int) -> datetime:
        """Extend the precomputed years, then translate the position into the new span."""
        last = date.fromordinal(span.ordinals[-1] if span.ordinals else span.base)
        needed = last.year + 1 + int(day_index - len(span.ordinals)) // 200
        if needed > MAX_YEAR:
            raise CalendarError(f"result after the supported years (≤ {MAX_YEAR})")
        wider = self._span_for(date(needed, 12, 31).toordinal())
        shift = wider.before[span.base - wider.base] * self.day_length_us
        return self._moment(wider, position + shift)

    def is_working_time(self, moment: datetime) -> bool:
        """True when `moment` lies inside a session of a working day (both ends of a session count)."""
        local = self._local(moment)
        if not self.is_working_day(local.date()):
            return False
        us = (local.hour * 3600 + local.minute * 60 + local.second) * US_PER_SECOND + local.microsecond
        return any(start <= us <= end for start, end in self._bounds)

    def next_working_moment(self, moment: datetime) -> datetime:
        """`moment` itself if it is inside a session (opening included, close excluded), else the next opening."""
        local = self._local(moment)
        day = local.date()
        us = (local.hour * 3600 + local.minute * 60 + local.second) * US_PER_SECOND + local.microsecond
        if self.is_working_day(day):
            for start, end in self._bounds:
                if us < start:
                    return datetime(day.year, day.month, day.day, tzinfo=VN_TZ) + timedelta(microseconds=start)
                if us < end:
                    return local
        return self.start_of_next_working_day(day)

    def start_of_next_working_day(self, day: date) -> datetime:
        """Opening of the first working day strictly after `day`."""
        ordinal = day.toordinal() + 1
        while not self._span_working(ordinal):
            ordinal += 1
        nxt = date.fromordinal(ordinal)
        return datetime(nxt.year, nxt.month, nxt.day, tzinfo=VN_TZ) + timedelta(microseconds=self._open_us)

    def _span_working(self, ordinal: int) -> bool:
        span = self._span_for(ordinal)
        return span.working[ordinal - span.base]

    def clock_start(self, received_at: datetime, *, cutoff: time | None = None) -> datetime:
        """When the time limit starts to run for a dossier received at `received_at`.

        Received on a working day at or before the cut-off (default 15:00) → the next working moment (the
        reception itself during a session; the next session's opening before it or at lunch). Received after
        the cut-off or on a non-working day → the opening of the next working day (ND 61/2018 art. 18:
        "sau 15 giờ thì chuyển ngay trong ngày làm việc tiếp theo"; sector rules apply it to the clock).
        """
        limit = self._cutoff_us if cutoff is None else _time_us(cutoff)
        span, position = self._start_position(received_at, limit)
        return self._moment_latest(span, position)

    def _moment_latest(self, span: _Span, position: int) -> datetime:
        """The latest instant at `position`: an opening rather than the previous close (where a clock starts)."""
        day_index, offset = divmod(position, self.day_length_us)
        if day_index >= len(span.ordinals):
            wider = self._span_for(date.fromordinal(span.end).replace(month=12, day=31).toordinal())
            return self._moment_latest(wider, position + wider.before[span.base - wider.base] * self.day_length_us)
        offsets = self._session_offsets
        index = bisect.bisect_right(offsets, offset) - 1
        return span.midnights[day_index] + timedelta(microseconds=self._bounds[index][0] + offset - offsets[index])

    # ----------------------------------------------------------------------------------------- arithmetic
    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant `duration` of working time after `start` (start projected to working time)."""
        if duration < timedelta(0):
            raise CalendarError("working time to add must not be negative")
        span, position = self._position(start)
        return self._moment(span, position + duration // timedelta(microseconds=1))

    def add_working_days(self, start: datetime, days: Count) -> datetime:
        """`start` + `days` × (length of a working day) of working time; fractions such as 0.5 are allowed."""
        number = _check_count(days, MAX_WORKING_DAYS, "working days")
        span, position = self._position(start)
        return self._moment(span, position + round(number * self.day_length_us))

    def add_working_hours(self, start: datetime, hours: Count) -> datetime:
        """`start` + `hours` hours of working time."""
        number = _check_count(hours, MAX_WORKING_HOURS, "working hours")
        span, position = self._position(start)
        return self._moment(span, position + round(number * US_PER_HOUR))

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """End of a period of `days` calendar days counted from `start` (Civil Code 2015 arts. 147–148).

        The first day is not counted (art. 147.2), so the last day is `start`'s date + `days`; the period ends
        at the end of that day (art. 148.1) — here the close of its working time, the last moment the agency
        acts; art. 148.6 puts the legal end at 24:00, which has the same working-time position. If the last
        day is a day off, the period ends at the end of the next working day (art. 148.5).
        """
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_CALENDAR_DAYS:
            raise CalendarError(f"calendar days must be a whole number between 0 and {MAX_CALENDAR_DAYS}")
        day = self._local(start).date() + timedelta(days=days)
        if not self.is_working_day(day):
            day = self.start_of_next_working_day(day).date()
        return datetime(day.year, day.month, day.day, tzinfo=VN_TZ) + timedelta(microseconds=self._close_us)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end` (negative when `end` is earlier)."""
        span_a, a = self._position(start)
        span_b, b = self._position(end)
        if span_a is not span_b:  # the span grew between the two lookups: recompute both in the newer one
            span_a, a = self._position(start)
            span_b, b = self._position(end)
        return timedelta(microseconds=b - a)

    def due(
        self,
        received_at: datetime,
        *,
        days: Count | None = None,
        hours: Count | None = None,
        calendar_days: int | None = None,
        cutoff: time | None = None,
    ) -> tuple[datetime, datetime]:
        """(clock start, due moment) for a dossier received at `received_at` with exactly one kind of limit."""
        given = (days is not None) + (hours is not None) + (calendar_days is not None)
        if given != 1:
            raise CalendarError("give exactly one of days, hours or calendar_days")
        if calendar_days is not None:
            start = self.clock_start(received_at, cutoff=cutoff)
            return start, self.add_calendar_days(start, calendar_days)
        if days is not None:
            amount = round(_check_count(days, MAX_WORKING_DAYS, "working days") * self.day_length_us)
        else:
            amount = round(_check_count(hours, MAX_WORKING_HOURS, "working hours") * US_PER_HOUR)
        cutoff_us = self._cutoff_us if cutoff is None else _time_us(cutoff)
        # Fast path (the ≥ 200,000/s budget): the same steps as _start_position, _moment_latest and _moment,
        # inlined, for the common case where everything falls inside the precomputed years.
        zone = received_at.tzinfo if type(received_at) is datetime else None
        if zone is VN_TZ:
            local = received_at
        elif zone is UTC:  # how the database hands datetimes back
            local = received_at.astimezone(VN_TZ)
        else:
            local = self._local(received_at)
        span = self._span
        ordinal = local.toordinal()
        if span.base <= ordinal < span.end - 1:
            index = ordinal - span.base
            length = self.day_length_us
            position = -1
            if span.working[index]:
                us = (local.hour * 3600 + local.minute * 60 + local.second) * US_PER_SECOND + local.microsecond
                if us <= cutoff_us and us < self._close_us:
                    position = span.before[index] * length + self._offset_in_day(us)
            if position < 0:
                position = span.before[index + 1] * length
            start_day, start_offset = divmod(position, length)
            due_day, due_offset = divmod(position + amount, length)
            if due_offset == 0 and due_day > 0:
                due_day, due_offset = due_day - 1, length
            count = len(span.ordinals)
            if start_day < count and due_day < count:
                offsets, starts, midnights = self._session_offsets, self._session_starts, span.midnights
                i = bisect.bisect_right(offsets, start_offset) - 1
                j = bisect.bisect_left(offsets, due_offset) - 1
                if j < 0:
                    j = 0
                return (
                    midnights[start_day] + timedelta(microseconds=starts[i] + start_offset - offsets[i]),
                    midnights[due_day] + timedelta(microseconds=starts[j] + due_offset - offsets[j]),
                )
        span, position = self._start_position(received_at, cutoff_us)
        return self._moment_latest(span, position), self._moment(span, position + amount)
