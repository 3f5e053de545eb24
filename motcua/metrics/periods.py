"""Reporting periods: `2026` (year), `2026-H1` (half), `2026-Q1` (quarter), `2026-03` (month), or explicit days;
each either on the calendar or on the official reporting windows of ND 09/2019/NĐ-CP art 12.

ND 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà nước), Điều 12 "Thời gian chốt số liệu báo cáo":
1. monthly reports: from the 15th of the previous month to the 14th of the month of the report;
2. quarterly reports: from the 15th of the month before the quarter to the 14th of the quarter's last month;
3. six-month reports: the first half from 15 December of the previous year to 14 June; the second half from
   15 June to 14 December;
4. yearly reports: from 15 December of the previous year to 14 December of the year of the report.

Every window therefore starts on day D of the month before its first calendar month and ends on day D − 1 of
its last calendar month, with D = 15. D is configuration (`MOTCUA_REPORT_CUTOFF_DAY`, default 15 per art 12): a
province whose own rule cuts on another day sets it; calendar periods stay available (`Cutoff.CALENDAR`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

from motcua.core.dates import parse_typed_day

from .choices import Cutoff, PeriodKind

ND09_CUTOFF_DAY = 15  # ND 09/2019/NĐ-CP art 12: windows run from the 15th to the 14th


class BadPeriod(ValueError):
    pass


def cutoff_day() -> int:
    """The first day of an official window (ND 09/2019 art 12: the 15th); a setting for provinces with their
    own rule. Must be 2–28 so that day − 1 exists in every month."""
    day = int(getattr(settings, "MOTCUA_REPORT_CUTOFF_DAY", ND09_CUTOFF_DAY))
    if not 2 <= day <= 28:
        raise ValueError(f"MOTCUA_REPORT_CUTOFF_DAY must be between 2 and 28, not {day}")
    return day


@dataclass(frozen=True)
class NamedPeriod:
    """A period written as 2026, 2026-H1, 2026-Q1 or 2026-03: its calendar months [first_month, last_month]."""

    kind: str
    year: int
    number: int  # half 1–2, quarter 1–4, month 1–12; 0 for a year
    first_month: int
    last_month: int

    @property
    def text(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}-H{self.number}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def days(self, cutoff: str = Cutoff.CALENDAR) -> tuple[dt.date, dt.date]:
        """First and last day (inclusive). Calendar: the months themselves. ND 09/2019 art 12: from day D of the
        month before the first month to day D − 1 of the last month (D = `cutoff_day()`, 15 by the decree)."""
        if cutoff == Cutoff.CALENDAR:
            last_day = calendar.monthrange(self.year, self.last_month)[1]
            return dt.date(self.year, self.first_month, 1), dt.date(self.year, self.last_month, last_day)
        if cutoff != Cutoff.ND09:
            raise BadPeriod(cutoff)
        day = cutoff_day()
        before_year, before_month = (self.year - 1, 12) if self.first_month == 1 else (self.year, self.first_month - 1)
        return dt.date(before_year, before_month, day), dt.date(self.year, self.last_month, day - 1)

    def name(self) -> str:
        """Vietnamese-style name: Quý I/2026, Tháng 3/2026, 6 tháng đầu năm 2026, Năm 2026 (translated)."""
        if self.kind == PeriodKind.YEAR:
            return gettext("Year %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.HALF:
            if self.number == 1:
                return gettext("First half of %(year)s") % {"year": self.year}
            return gettext("Second half of %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.QUARTER:
            roman = ("I", "II", "III", "IV")[self.number - 1]
            return gettext("Quarter %(q)s/%(year)s") % {"q": roman, "year": self.year}
        return gettext("Month %(month)s/%(year)s") % {"month": self.number, "year": self.year}


def parse_named(text: str) -> NamedPeriod:
    """2026 | 2026-H1 | 2026-Q1 | 2026-03 (also 2026-3, lower case)."""
    value = (text or "").strip().upper()
    if match := re.fullmatch(r"(\d{4})", value):
        return NamedPeriod(PeriodKind.YEAR, int(match[1]), 0, 1, 12)
    if match := re.fullmatch(r"(\d{4})-H([12])", value):
        half = int(match[2])
        return NamedPeriod(PeriodKind.HALF, int(match[1]), half, 6 * half - 5, 6 * half)
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        quarter = int(match[2])
        return NamedPeriod(PeriodKind.QUARTER, int(match[1]), quarter, 3 * quarter - 2, 3 * quarter)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        month = int(match[2])
        if 1 <= month <= 12:
            return NamedPeriod(PeriodKind.MONTH, int(match[1]), month, month, month)
    raise BadPeriod(text)


def parse_cutoff(text: str | None, default: str = Cutoff.CALENDAR) -> str:
    value = (text or "").strip().lower()
    if not value:
        return default
    if value not in Cutoff.values:
        raise BadPeriod(text)
    return value


def parse_period(text: str, cutoff: str = Cutoff.CALENDAR) -> tuple[dt.date, dt.date]:
    """First and last day of a year, half, quarter or month written as 2026, 2026-H1, 2026-Q1 or 2026-03, on the
    calendar (default) or on the ND 09/2019 art 12 reporting windows (`cutoff="nd09"`)."""
    return parse_named(text).days(cutoff)


def current_period_text(kind: str, today: dt.date, cutoff: str = Cutoff.CALENDAR) -> str:
    """The period of `kind` whose window contains `today` (under ND 09/2019 the window of a month starts on the
    15th of the month before, so 20/12/2026 lies in January 2027 and in 2027-Q1)."""
    year, month = today.year, today.month
    if cutoff == Cutoff.ND09 and today.day >= cutoff_day():
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if kind == PeriodKind.YEAR:
        return f"{year}"
    if kind == PeriodKind.HALF:
        return f"{year}-H{(month - 1) // 6 + 1}"
    if kind == PeriodKind.QUARTER:
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def parse_day(text: str) -> dt.date:
    """A day as DD/MM/YYYY (the Vietnamese way) or YYYY-MM-DD: the site's one reading (core.dates.parse_typed_day)."""
    try:
        return parse_typed_day(text)
    except ValueError:
        raise BadPeriod(text) from None


def period_label(start: dt.date, end: dt.date) -> str:
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def window_label(text: str, cutoff: str, start: dt.date, end: dt.date) -> str:
    """How a report states its window: "Quý I/2026 (kỳ báo cáo theo Nghị định 09/2019): 15/12/2025 – 14/03/2026";
    explicit days only give the days."""
    if not text:
        return period_label(start, end)
    name = parse_named(text).name()
    if cutoff == Cutoff.ND09:
        if cutoff_day() == ND09_CUTOFF_DAY:
            rule = gettext("reporting window of Decree 09/2019")
        else:
            rule = gettext("reporting window from day %(day)s") % {"day": cutoff_day()}
        return f"{name} ({rule}): {period_label(start, end)}"
    return f"{name}: {period_label(start, end)}"
