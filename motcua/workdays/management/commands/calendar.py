"""`motcua calendar --year 2026`: the year's days off and make-up working days, with their source.
`motcua calendar apply-notice FILE [--confirm]`: record an official notice and re-plan the open dossiers it
moves (dry run by default; docs/domain/deadlines.md §9)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.workdays.calendar import MAX_YEAR, MIN_YEAR, NO_INSTRUMENT, VN_TZ
from motcua.workdays.formatting import format_day
from motcua.workdays.selectors import get_calendar


class Command(BaseCommand):
    help = "Xem ngày nghỉ, ngày làm bù của một năm / show a year's days off and make-up working days"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", nargs="*", help="apply-notice TỆP / apply-notice FILE (.yaml, .csv)")
        parser.add_argument("--year", help="năm / year (mặc định năm nay / default this year)")
        parser.add_argument("--json", action="store_true", help="in JSON / print JSON")
        parser.add_argument(
            "--confirm", action="store_true", help="ghi và tính lại hạn / write and re-plan (default: dry run)"
        )
        parser.add_argument("--actor", help="tài khoản quản trị ghi nhận / administrator's username")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb:
            if verb[0] != "apply-notice" or len(verb) != 2:
                raise CommandError(
                    "cách dùng: motcua calendar apply-notice TỆP [--confirm] / usage: motcua calendar apply-notice FILE"
                )
            return self._apply_notice(verb[1], options)
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

    def _apply_notice(self, path: str, options: dict[str, Any]) -> None:
        from motcua.workdays.notices import NoticeError, read_notice
        from motcua.workdays.services import calendar_notice_apply

        actor = None
        if options["actor"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(username=options["actor"], is_staff=True).first()
            if actor is None:
                raise CommandError(
                    f"không có tài khoản quản trị '{options['actor']}' / no administrator '{options['actor']}'"
                )
        try:
            notice = read_notice(path)
        except NoticeError as error:
            raise CommandError(str(error)) from None
        result = calendar_notice_apply(notice=notice, confirm=options["confirm"], actor=actor)
        if options["json"]:
            payload = {
                "notice": {"number": notice.number, "date": notice.date.isoformat(), "year": notice.year},
                "days": [{"date": d.date.isoformat(), "kind": d.kind, "name": d.name} for d in notice.days],
                "applied": result.applied,
                "dossiers": [
                    {
                        "code": m.code,
                        "old_due_at": _iso(m.old_due_at),
                        "new_due_at": _iso(m.new_due_at),
                        "old_legal_due_at": _iso(m.old_legal_due_at),
                        "new_legal_due_at": _iso(m.new_legal_due_at),
                        "steps_moved": m.steps_moved,
                    }
                    for m in result.moves
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"Thông báo / notice {notice.label}" + (f" — {notice.title}" if notice.title else ""))
        for day in notice.days:
            kind = "làm bù / working" if day.kind == "working_day" else "nghỉ / day off"
            self.stdout.write(f"  {format_day(day.date)}  {kind:<18} {day.name}")
        if notice.year:
            self.stdout.write(f"  Thông báo chính thức của năm {notice.year} / official notice for {notice.year}")
        self.stdout.write(f"{len(result.moves)} hồ sơ đang giải quyết thay đổi hạn / open dossiers moved:")
        for m in result.moves:
            self.stdout.write(
                f"  {m.code}  {_moment(m.old_due_at)} → {_moment(m.new_due_at)}"
                + (
                    f"  (hạn luật định / legal {_moment(m.old_legal_due_at)} → {_moment(m.new_legal_due_at)})"
                    if m.old_legal_due_at != m.new_legal_due_at and m.old_due_at != m.old_legal_due_at
                    else ""
                )
            )
        if result.applied:
            self.stdout.write(
                f"Đã ghi thông báo và tính lại hạn {len(result.moves)} hồ sơ; đã báo người nộp / "
                f"notice recorded, {len(result.moves)} dossiers re-planned, applicants notified"
            )
        else:
            self.stdout.write("Chạy thử: chưa ghi gì. Thêm --confirm để ghi / dry run: nothing written; add --confirm")

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


def _moment(value: datetime | None) -> str:
    from motcua.workdays.formatting import format_moment

    return format_moment(value) if value else "—"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(VN_TZ).isoformat() if value else None
