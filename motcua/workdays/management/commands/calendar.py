"""`motcua calendar --year 2026`: the year's days off and make-up working days, with their source."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.workdays.calendar import MAX_YEAR, MIN_YEAR, NO_INSTRUMENT, VN_TZ
from motcua.workdays.formatting import format_day
from motcua.workdays.selectors import get_calendar


class Command(BaseCommand):
    help = "Xem ngày nghỉ, ngày làm bù của một năm / show a year's days off and make-up working days"

    def add_arguments(self, parser):
        parser.add_argument("--year", help="năm / year (mặc định năm nay / default this year)")
        parser.add_argument("--json", action="store_true", help="in JSON / print JSON")

    def handle(self, *args, **options):
        year = self._year(options["year"])
        calendar = get_calendar()
        days = calendar.days_in_year(year)
        provisional = calendar.is_provisional_year(year)
        if options["json"]:
            payload = {
                "year": year,
                "provisional": provisional,
                "days": [
                    {
                        "date": day.date.isoformat(),
                        "kind": "working_day" if day.is_working_day else "day_off",
                        "name": day.name,
                        "source": day.source,
                        "instrument": day.instrument,
                    }
                    for day in days
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"Lịch làm việc năm {year} / working calendar {year}")
        if provisional:
            self.stdout.write(
                f"DỰ KIẾN: lịch nghỉ năm {year} chưa có thông báo chính thức / PROVISIONAL: no official notice "
                f"for {year} is on file; days marked 'chưa có văn bản' come from the holidays package's rules only"
            )
        sessions = ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in calendar.sessions)
        self.stdout.write(f"Giờ làm việc / sessions: {sessions}; mốc tiếp nhận / cut-off {calendar.cutoff:%H:%M}")
        for day in days:
            kind = "làm bù / working" if day.is_working_day else "nghỉ / day off"
            if day.instrument == NO_INSTRUMENT:
                source = "chưa có văn bản / no instrument on file (gói holidays / package)"
            elif day.source == "holidays":
                source = f"{day.instrument} (gói holidays / package)"
            else:
                source = day.instrument
            self.stdout.write(f"  {format_day(day.date)}  {kind:<18} {day.name}  [{source}]")
        off = sum(not day.is_working_day and day.date.weekday() < 5 for day in days)
        extra = sum(day.is_working_day and day.date.weekday() >= 5 for day in days)
        self.stdout.write(
            f"{off} ngày nghỉ trong tuần, {extra} ngày làm bù / {off} weekdays off, {extra} make-up working days"
        )

    @staticmethod
    def _year(text: str | None) -> int:
        from datetime import datetime

        if text is None:
            return datetime.now(VN_TZ).year
        try:
            year = int(text.strip())
        except ValueError:
            raise CommandError(f"năm không hợp lệ '{text}' / invalid year '{text}'") from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(
                f"năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR} / year must be within {MIN_YEAR}–{MAX_YEAR}"
            )
        return year
