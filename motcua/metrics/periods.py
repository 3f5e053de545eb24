"""Reporting periods: `2026` (year), `2026-Q1` (quarter), `2026-03` (month), or explicit days."""

from __future__ import annotations

import calendar
import datetime as dt
import re


class BadPeriod(ValueError):
    pass


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of a year, quarter or month written as 2026, 2026-Q1 or 2026-03."""
    value = (text or "").strip().upper()
    if match := re.fullmatch(r"(\d{4})", value):
        year = int(match[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, quarter = int(match[1]), int(match[2])
        first_month = 3 * (quarter - 1) + 1
        last_month = first_month + 2
        return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    raise BadPeriod(text)


def parse_day(text: str) -> dt.date:
    """A day as YYYY-MM-DD or DD/MM/YYYY (the Vietnamese way)."""
    value = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise BadPeriod(text)


def period_label(start: dt.date, end: dt.date) -> str:
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
