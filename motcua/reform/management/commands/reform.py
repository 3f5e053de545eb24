"""`motcua reform …` — overdue reform-plan tasks and survey imports from the command line.

motcua reform overdue [--unit CODE] [--year YYYY] [--json]
motcua reform survey-import FILE --survey CODE --user USERNAME [--dry-run]

Overdue = not started / in progress and the Vietnam calendar day is after the stored deadline
(`selectors.overdue_q`).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.reform.models import ReformTask, Survey
from motcua.reform.selectors import overdue_q
from motcua.reform.services import survey_responses_import
from motcua.units.models import Unit
from motcua.units.selectors import today_in_vietnam


class Command(BaseCommand):
    help = "Kế hoạch CCHC và khảo sát / reform plans and surveys (overdue, survey-import)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        overdue = sub.add_parser("overdue", help="Nhiệm vụ CCHC quá hạn / overdue reform tasks")
        overdue.add_argument("--unit", help="Mã đơn vị chủ trì / lead unit code")
        overdue.add_argument("--year", type=int, help="Năm kế hoạch / plan year")
        overdue.add_argument("--json", dest="as_json", action="store_true", help="In JSON / print JSON")
        survey = sub.add_parser("survey-import", help="Nhập phiếu khảo sát (CSV) / import survey forms (CSV)")
        survey.add_argument("file")
        survey.add_argument("--survey", required=True, help="Mã khảo sát / survey code")
        survey.add_argument("--user", required=True, help="Cán bộ đơn vị tổ chức / organising officer (username)")
        survey.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra / check only")

    def handle(self, *args, action, **options):
        return getattr(self, "_" + action.replace("-", "_"))(**options) or None

    def _overdue(self, *, unit, year, as_json: bool, **_):
        today = today_in_vietnam()
        tasks = ReformTask.objects.filter(overdue_q(today)).select_related("plan", "lead_unit")
        if unit:
            lead = Unit.objects.filter(code=unit.strip().upper()).first() or Unit.objects.filter(code=unit).first()
            if lead is None:
                raise CommandError(f"không có đơn vị / no such unit: {unit}")
            tasks = tasks.filter(lead_unit=lead)
        if year is not None:
            tasks = tasks.filter(plan__year=year)
        rows = [
            {
                "plan": task.plan.title,
                "year": task.plan.year,
                "number": task.number,
                "task": task.title,
                "lead_unit": task.lead_unit.code,
                "lead_unit_name": task.lead_unit.name,
                "due_date": task.due_date.isoformat(),
                "days_overdue": (today - task.due_date).days,
                "progress": task.progress,
                "status": task.status,
            }
            for task in tasks.order_by("due_date", "plan__year", "number")
        ]
        if as_json:
            self.stdout.write(_dumps({"today": today.isoformat(), "count": len(rows), "tasks": rows}))
            return
        if not rows:
            self.stdout.write("không có nhiệm vụ quá hạn / no overdue task")
            return
        for row in rows:
            self.stdout.write(
                f"{row['due_date']}  +{row['days_overdue']:>4} ngày/days  {row['progress']:>3}%  "
                f"{row['number']}  {row['task']}  — {row['lead_unit_name']} ({row['lead_unit']})"
            )
        self.stdout.write(f"tổng / total: {len(rows)}")

    def _survey_import(self, *, file, survey, user, dry_run, **_):
        target = Survey.objects.filter(code=survey).first()
        if target is None:
            raise CommandError(f"không có khảo sát / no survey with code {survey}")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"không có người dùng / no such user: {user}")
        try:
            content = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"không đọc được tệp / cannot read {file}: {exc.strerror or exc}") from None
        try:
            report = survey_responses_import(actor=actor, survey=target, data=content, dry_run=dry_run)
        except PermissionDenied:
            raise CommandError(
                f"{user} không thuộc đơn vị tổ chức khảo sát / is not in the survey's organising unit"
            ) from None
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}") from None
        if report.errors:
            details = " | ".join(f"dòng/line {line}: {message}" for line, message in report.errors[:20])
            raise CommandError(f"{file}: {len(report.errors)} lỗi / errors, không lưu / nothing saved — {details}")
        verb = "kiểm tra xong / checked" if dry_run else "đã nhập / imported"
        self.stdout.write(f"{verb}: {report.imported if not dry_run else report.rows} phiếu / forms")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
