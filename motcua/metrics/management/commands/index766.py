"""`motcua index766 --unit CODE --period 2026-Q1 [--json] [--config FILE]`: the Decision 766/QĐ-TTg index.
`--at-risk [--within N]`: instead, the dossiers that will cost points if nothing is done (`metrics.at_risk`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.metrics.at_risk import DEFAULT_WITHIN_DAYS, points_at_risk
from motcua.metrics.index766 import BadConfig, Config, index766, load_config
from motcua.metrics.periods import BadPeriod, parse_period
from motcua.units.models import Unit
from motcua.units.selectors import unit_get_by_code


class Command(BaseCommand):
    help = "Chỉ số 766 / Decision 766 index: index766 --unit MÃ --period 2026-Q1 [--json]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit code, e.g. P22")
        parser.add_argument("--period", required=True, help="2026, 2026-Q1 or 2026-03")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--config", help="another index766.yaml")
        parser.add_argument("--at-risk", action="store_true", help="list the dossiers that put points at risk")
        parser.add_argument("--within", type=int, default=DEFAULT_WITHIN_DAYS, help="working days ahead (due soon)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            unit = unit_get_by_code(options["unit"])
        except Unit.DoesNotExist:
            raise CommandError(f"không có đơn vị mã {options['unit']} / unknown unit code {options['unit']}") from None
        try:
            start, end = parse_period(options["period"])
        except BadPeriod:
            raise CommandError(f"kỳ không hợp lệ / invalid period: {options['period']}") from None
        try:
            config = load_config(options["config"]) if options["config"] else None
        except (OSError, BadConfig, KeyError, TypeError) as exc:
            raise CommandError(f"cấu hình không hợp lệ / invalid configuration: {exc}") from None
        if options["at_risk"]:
            self._at_risk(unit, start, end, config, options)
            return
        result = index766(unit=unit, start=start, end=end, config=config)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{unit.name} ({unit.code}) {start:%d/%m/%Y}–{end:%d/%m/%Y}: {result.total} / 100")
        for group in result.groups:
            self.stdout.write(f"  {group.name}: {group.points} / {group.max_points}")
            for item in group.indicators:
                value = "—" if item.value is None else f"{item.value:.2%}" if item.code != "2.2" else f"{item.value}"
                self.stdout.write(f"    {item.code} {item.name}: {value} → {item.points} / {item.max_points}")

    def _at_risk(
        self, unit: Unit, start: dt.date, end: dt.date, config: Config | None, options: dict[str, Any]
    ) -> None:
        if not 1 <= options["within"] <= 30:
            raise CommandError("--within: 1–30 ngày làm việc / working days")
        result = points_at_risk(unit=unit, start=start, end=end, within_days=options["within"], config=config)
        if options["json"]:
            data = {"unit": unit.code, "start": start.isoformat(), "end": end.isoformat(), "total": result.total}
            data["items"] = [i.as_dict() for i in result.items]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{unit.name} ({unit.code}) {start:%d/%m/%Y}–{end:%d/%m/%Y}: {result.total} điểm có nguy cơ")
        for item in result.items:
            self.stdout.write(f"  {item.points:>6} {item.dossier.code} {item.code} {item.reason} → {item.action}")
