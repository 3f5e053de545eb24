"""`motcua duedate`: when the clock starts and when the dossier is due (docs/domain/deadlines.md).

The command computes with `dossiers.clock.reception_due`, the function a dossier's receipt calls (issue 14
target 9: one computation, one function), so what it prints is what a dossier received at that moment with that
time limit gets. It lives in `dossiers` because that rule does: `workdays` (below `dossiers` in the layer rule)
keeps the pure calendar arithmetic, the time units of procedures are the dossier's.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.clock import reception_due
from motcua.workdays.calendar import VN_TZ, CalendarError
from motcua.workdays.formatting import format_moment, parse_moment, parse_number, parse_time
from motcua.workdays.selectors import get_calendar

# option → (time unit of the catalogue (`catalog.choices.TimeUnit`, what `clock.limit_due` reads), label)
LIMITS = {
    "days": ("working_days", "ngày làm việc / working days"),
    "hours": ("working_hours", "giờ làm việc / working hours"),
    "clock_hours": ("hours", "giờ (theo đồng hồ) / clock hours"),
    "calendar_days": ("days", "ngày / calendar days"),
    "months": ("months", "tháng / months"),
}
WHOLE = {"calendar_days": "ngày / calendar days", "months": "tháng / months"}


class Command(BaseCommand):
    help = (
        "Tính thời điểm bắt đầu tính thời hạn và hạn giải quyết / compute the clock start and the due moment. "
        "Ví dụ / example: motcua duedate --received 2025-01-24T10:00 --days 3"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Values are parsed here, not by argparse, so that bad input gives one clear line, not a usage dump.
        parser.add_argument(
            "--received",
            help="thời điểm tiếp nhận / reception time (ISO 8601 or dd/mm/yyyy HH:MM; naive = Vietnam time; default now)",
        )
        parser.add_argument("--days", help="số ngày làm việc / working days (½ = 0.5)")
        parser.add_argument("--hours", help="số giờ làm việc / working hours")
        parser.add_argument(
            "--clock-hours", dest="clock_hours", help="số giờ theo đồng hồ (“24 giờ”) / clock hours (“24 Giờ”)"
        )
        parser.add_argument("--calendar-days", dest="calendar_days", help="số ngày (theo lịch) / calendar days")
        parser.add_argument("--months", help="số tháng / months")
        parser.add_argument("--cutoff", help="mốc giờ tiếp nhận, mặc định 15:00 / reception cut-off, default 15:00")
        parser.add_argument(
            "--json", action="store_true", help='in JSON / print {"clock_start", "due_at", "provisional"}'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limits = {key: options[key] for key in LIMITS if options.get(key) is not None}
        if len(limits) != 1:
            raise CommandError(
                "cần đúng một trong --days, --hours, --clock-hours, --calendar-days, --months / give exactly one "
                "of --days, --hours, --clock-hours, --calendar-days, --months"
            )
        ((kind, raw),) = limits.items()
        received = self._received(options["received"])
        cutoff = None
        if options["cutoff"] is not None:
            try:
                cutoff = parse_time(options["cutoff"])
            except ValueError:
                raise CommandError(
                    f"mốc giờ không hợp lệ '{options['cutoff']}' (HH:MM) / invalid cut-off '{options['cutoff']}' (HH:MM)"
                ) from None
        try:
            number = parse_number(raw)
        except ValueError:
            raise CommandError(f"số không hợp lệ '{raw}' / invalid number '{raw}'") from None
        if number < 0:
            raise CommandError(f"số phải không âm: {raw} / the number must not be negative: {raw}")
        if kind in WHOLE and number != int(number):
            raise CommandError(f"số {WHOLE[kind]} phải là số nguyên: {raw} / must be a whole number: {raw}")
        value = Decimal(str(number))
        unit, label = LIMITS[kind]
        calendar = get_calendar()
        try:
            start, due = reception_due(calendar, received, value, unit, cutoff=cutoff)
        except (CalendarError, ValueError, OverflowError) as exc:
            raise CommandError(f"không tính được hạn / cannot compute the due moment: {exc}") from None
        assert due is not None  # a value and a unit are always given here
        # the computation crossed a day of a year whose official notice is not on file yet
        provisional = calendar.crosses_provisional(received, due)

        if options["json"]:
            payload = {"clock_start": start.isoformat(), "due_at": due.isoformat(), "provisional": provisional}
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(f"Tiếp nhận / received:           {format_moment(received)}")
        self.stdout.write(f"Bắt đầu tính / clock starts:    {format_moment(start)}")
        self.stdout.write(f"Thời hạn / time limit:          {number:g} {label}")
        self.stdout.write(f"Hạn giải quyết / due:           {format_moment(due)}")
        if provisional:
            years = sorted({received.astimezone(VN_TZ).year, due.astimezone(VN_TZ).year})
            span = "–".join(str(y) for y in years)
            self.stdout.write(
                f"Dự kiến — lịch nghỉ năm {span} chưa có thông báo chính thức / provisional: no official notice on file"
            )

    @staticmethod
    def _received(text: str | None) -> datetime:
        if text is None:
            return datetime.now(VN_TZ)
        try:
            return parse_moment(text)
        except ValueError:
            raise CommandError(
                f"thời điểm không hợp lệ '{text}' (vd 2025-01-24T10:00) / invalid date-time '{text}' (e.g. 2025-01-24T10:00)"
            ) from None
