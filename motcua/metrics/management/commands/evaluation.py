"""`motcua evaluation --unit CODE --period 2026-Q1 [--json]`: TT 01/2018/TT-VPCP art 13–15 evaluation."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.metrics.choices import EvaluationGrade
from motcua.metrics.evaluation import evaluation_for_unit
from motcua.metrics.periods import BadPeriod, parse_period
from motcua.units.models import Unit
from motcua.units.selectors import unit_get_by_code


class Command(BaseCommand):
    help = "Đánh giá TT 01/2018 / TT 01/2018 evaluation: evaluation --unit MÃ --period 2026-Q1 [--json]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code, e.g. P22")
        parser.add_argument("--period", required=True, help="2026, 2026-Q1 or 2026-03")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            unit = unit_get_by_code(options["unit"])
        except Unit.DoesNotExist:
            raise CommandError(f"không có đơn vị mã {options['unit']} / unknown unit code {options['unit']}") from None
        try:
            start, end = parse_period(options["period"])
        except BadPeriod:
            raise CommandError(f"kỳ không hợp lệ / invalid period: {options['period']}") from None
        result = evaluation_for_unit(unit=unit, start=start, end=end)
        if options["json"]:
            payload = {"unit": unit.code, "from": start.isoformat(), "to": end.isoformat(), **result.as_dict()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{unit.name} ({unit.code}) {start:%d/%m/%Y}–{end:%d/%m/%Y}: {result.dossiers} hồ sơ / dossiers"
        )
        for item in result.indices:
            score = "—" if item.score is None else f"{item.score}"
            self.stdout.write(f"  {item.number}. {item.name}: {score}  {item.basis or item.no_data_reason}")
        grade = EvaluationGrade(result.grade).label if result.grade else "—"
        estimate = EvaluationGrade(result.estimated_grade).label if result.estimated_grade else "—"
        self.stdout.write(
            f"Tổng / total: {result.total} ({result.known}/9 chỉ số / indices); xếp loại / grade: {grade}; "
            f"ước tính / estimate: {estimate}"
        )
