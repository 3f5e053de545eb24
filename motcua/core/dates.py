"""Calendar days parsed from text, without a detour through a naive datetime.

A day ("24/01/2025", a dossier code's "250124") has no time and no zone, so it is built from the parsed fields
directly (`time.strptime`, same parser and same ValueError as `datetime.strptime`); moments (a day and a time)
are parsed elsewhere and always given the Vietnam zone (`motcua.workdays.calendar.VN_TZ`). Ruff's DTZ rules
(issue 14, target 8) keep naive datetimes out of the code.
"""

from __future__ import annotations

import datetime as dt
import time


def strptime_day(text: str, pattern: str) -> dt.date:
    """The calendar day `text` names in the strptime `pattern` (date fields only); ValueError when it does not."""
    fields = time.strptime(text, pattern)
    return dt.date(fields.tm_year, fields.tm_mon, fields.tm_mday)
