"""Appointment slots: pure arithmetic on the working calendar (no ORM).

A slot is `slot_minutes` long and lies wholly inside one working session of a working day (the calendar's
sessions, default 07:30–11:30 and 13:00–17:00; working days Monday–Friday minus holidays plus make-up days:
QĐ 188/1999/QĐ-TTg, Labour Code 2019 art. 112, official notices in motcua.workdays). A person may book from the
next working day up to `BOOKING_HORIZON_DAYS` calendar days ahead, so the centre can plan its counters.
"""

from __future__ import annotations

import datetime as dt

from motcua.workdays.calendar import VN_TZ, WorkingCalendar

BOOKING_HORIZON_DAYS = 14


def slot_starts(calendar: WorkingCalendar, day: dt.date, minutes: int) -> list[dt.datetime]:
    """Every slot start of `day` (aware, Vietnam time); none on a non-working day."""
    if not calendar.is_working_day(day):
        return []
    length = dt.timedelta(minutes=minutes)
    starts = []
    for opening, closing in calendar.sessions:
        moment = dt.datetime.combine(day, opening, tzinfo=VN_TZ)
        end = dt.datetime.combine(day, closing, tzinfo=VN_TZ)
        while moment + length <= end:
            starts.append(moment)
            moment += length
    return starts


def bookable_days(calendar: WorkingCalendar, now: dt.datetime) -> list[dt.date]:
    """The working days a person may book on at `now`: from tomorrow to the horizon, working days only."""
    today = now.astimezone(VN_TZ).date()
    days = (today + dt.timedelta(days=offset) for offset in range(1, BOOKING_HORIZON_DAYS + 1))
    return [day for day in days if calendar.is_working_day(day)]


def is_bookable(calendar: WorkingCalendar, now: dt.datetime, starts_at: dt.datetime, minutes: int) -> bool:
    local = starts_at.astimezone(VN_TZ)
    return local.date() in bookable_days(calendar, now) and local in slot_starts(calendar, local.date(), minutes)


def reminder_day(appointment_day: dt.date) -> dt.date:
    """The day the reminder goes out: the calendar day before the appointment ("tomorrow you have…"), so a
    Monday's reminder reaches the person on Sunday rather than three days early on Friday."""
    return appointment_day - dt.timedelta(days=1)
