"""Calendar days parsed from text, without a detour through a naive datetime.

A day ("24/01/2025", a dossier code's "250124") has no time and no zone, so it is built from the parsed fields
directly (`time.strptime`, same parser and same ValueError as `datetime.strptime`); moments (a day and a time)
are parsed elsewhere and always given the Vietnam zone (`motcua.workdays.calendar.VN_TZ`). Ruff's DTZ rules
(issue 14, target 8) keep naive datetimes out of the code.
"""

from __future__ import annotations

import datetime as dt
import re
import time


def strptime_day(text: str, pattern: str) -> dt.date:
    """The calendar day `text` names in the strptime `pattern` (date fields only); ValueError when it does not."""
    fields = time.strptime(text, pattern)
    return dt.date(fields.tm_year, fields.tm_mon, fields.tm_mday)


# A day typed by a person: Vietnamese write day/month/year ("07/03/2026", also "7/3/2026", "07-03-2026",
# "07.03.2026", and "07032026" from a phone's digit keypad, which has no slash); "2026-03-07" is still read, for
# the addresses of saved report links and for the browsers' own date fields. Years 1900–2099 (a typo such as
# "07/03/0226" is an error, not a day in the year 226).
DAY_DISPLAY_FORMAT = "%d/%m/%Y"
DAY_PLACEHOLDER = "dd/mm/yyyy"
_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_VN_DAY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DIGITS_DAY = re.compile(r"(\d{2})(\d{2})(\d{4})")


def parse_typed_day(text: str) -> dt.date:
    """The day a person typed as day/month/year (or year-month-day); ValueError when it names no day."""
    value = (text or "").strip()
    if _ISO_DAY.fullmatch(value):
        day = strptime_day(value, "%Y-%m-%d")
    elif match := (_VN_DAY.fullmatch(value) or _DIGITS_DAY.fullmatch(value)):
        day = strptime_day("/".join(match.groups()), "%d/%m/%Y")
    else:
        raise ValueError(f"not a day: {value!r}")
    if not 1900 <= day.year <= 2099:
        raise ValueError(f"year out of range: {value!r}")
    return day


def format_typed_day(day: dt.date | None) -> str:
    """How a day is shown back in a typed field: 07/03/2026."""
    return day.strftime(DAY_DISPLAY_FORMAT) if day else ""
