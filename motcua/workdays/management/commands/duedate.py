"""`motcua duedate`: when the clock starts and when the dossier is due (docs/domain/deadlines.md)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.workdays.calendar import VN_TZ, CalendarError
from motcua.workdays.formatting import format_moment, parse_moment, parse_number, parse_time
from motcua.workdays.selectors import get_calendar


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
        parser.add_argument("--calendar-days", dest="calendar_days", help="số ngày (theo lịch) / calendar days")
        parser.add_argument("--cutoff", help="mốc giờ tiếp nhận, mặc định 15:00 / reception cut-off, default 15:00")
        parser.add_argument(
            "--json", action="store_true", help='in JSON / print {"clock_start", "due_at", "provisional"}'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limits = {key: options[key] for key in ("days", "hours", "calendar_days") if options[key] is not None}
        if len(limits) != 1:
            raise CommandError(
                "cần đúng một trong --days, --hours, --calendar-days / give exactly one of --days, --hours, --calendar-days"
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
        if kind == "calendar_days":
            if number != int(number):
                raise CommandError(f"số ngày phải là số nguyên: {raw} / calendar days must be a whole number: {raw}")
            number = int(number)
        calendar = get_calendar()
        try:
            limit: dict[str, Any] = {kind: number}  # the one limit given: days, hours or calendar_days
            start, due = calendar.due(received, cutoff=cutoff, **limit)
        except CalendarError as exc:
            raise CommandError(f"không tính được hạn / cannot compute the due moment: {exc}") from None
        # the computation crossed a day of a year whose official notice is not on file yet
        provisional = calendar.crosses_provisional(received, due)

        if options["json"]:
            payload = {"clock_start": start.isoformat(), "due_at": due.isoformat(), "provisional": provisional}
            self.stdout.write(json.dumps(payload))
            return
        unit = {
            "days": "ngày làm việc / working days",
            "hours": "giờ làm việc / working hours",
            "calendar_days": "ngày / calendar days",
        }[kind]
        self.stdout.write(f"Tiếp nhận / received:           {format_moment(received)}")
        self.stdout.write(f"Bắt đầu tính / clock starts:    {format_moment(start)}")
        self.stdout.write(f"Thời hạn / time limit:          {number:g} {unit}")
        self.stdout.write(f"Hạn giải quyết / due:           {format_moment(due)}")
        if provisional:
            years = sorted({received.astimezone(VN_TZ).year, due.astimezone(VN_TZ).year})
            label = "–".join(str(y) for y in years)
            self.stdout.write(
                f"Dự kiến — lịch nghỉ năm {label} chưa có thông báo chính thức / provisional: no official notice on file"
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
