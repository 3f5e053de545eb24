"""Vietnamese-friendly rendering and lenient parsing of dates, times and counts for the commands."""

from __future__ import annotations

import math
from datetime import date, datetime, time

from .calendar import VN_TZ

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DATETIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


def format_day(day: date) -> str:
    return f"{WEEKDAYS_VI[day.weekday()]} {day:%d/%m/%Y}"


def format_moment(moment: datetime) -> str:
    local = moment.astimezone(VN_TZ)
    return f"{format_day(local.date())} {local:%H:%M}"


def parse_moment(text: str) -> datetime:
    """ISO 8601 (2025-01-24T10:00, with or without offset) or 24/01/2025 10:00; naive means Vietnam time."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        for pattern in DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(value, pattern).replace(tzinfo=VN_TZ)  # the written forms are Vietnam time
                break
            except ValueError:
                continue
        else:
            raise ValueError(text) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=VN_TZ)
    return parsed


def parse_time(text: str) -> time:
    return time.fromisoformat(text.strip())


def parse_number(text: str) -> float:
    """A non-negative finite number; a Vietnamese decimal comma is accepted ("0,5")."""
    number = float(text.strip().replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(text)
    return number
