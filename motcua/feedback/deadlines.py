"""PAKN time limits in working days (Decision 766/QĐ-TTg, indicator 5.2 "PAKN xử lý đúng hạn", as the national
portal computes it): reject within 2, ask the sender for more information within 5, answer within 15, publish
the answer within 2 working days. Counted with the official working calendar (`workdays.get_calendar`).

The limits are configuration (`MOTCUA_PAKN_LIMITS`) because a province may set shorter ones. Once the sender
sends the information asked for, the answer limit counts again from that moment: waiting for the sender is not
the unit's time (the same rule as ND 61/2018 art 19 for dossiers; our decision, the 766 text is silent).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from motcua.workdays.selectors import get_calendar

DEFAULT_LIMITS = {"reject": 2, "request_info": 5, "answer": 15, "publish": 2}


def limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "MOTCUA_PAKN_LIMITS", {})}


def due_after(start: dt.datetime, step: str) -> dt.datetime:
    """The moment `limits()[step]` working days after `start` (a start outside working hours counts from the
    next opening)."""
    return get_calendar().add_working_days(start, limits()[step])


def due_soon_threshold(now: dt.datetime, days: int = 1) -> dt.datetime:
    """Due within this many working days counts as "due soon" in the officer's inbox."""
    return get_calendar().add_working_days(now, days)
