"""`motcua metrics rebuild` (recompute every rollup from the dossier history) and `motcua metrics close-months`
(write the open-stock checkpoints of the completed half months — the 14th and the month end, the ends of the
ND 09/2019 reporting windows and of calendar months; idempotent, run daily from cron)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.metrics.periods import BadPeriod, parse_day
from motcua.metrics.services import checkpoints_close, rollups_rebuild


class Command(BaseCommand):
    help = "Số liệu thống kê / metrics: metrics rebuild | close-months [--through DAY]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="rebuild|close-months")
        sub.add_parser("rebuild", help="recompute all rollups from the dossier events")
        close = sub.add_parser(
            "close-months", help="write the checkpoints (14th, month end) of the completed half months"
        )
        close.add_argument("--through", help="last day to close (default: end of the last complete half month)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if action == "rebuild":
            started = time.perf_counter()
            counts = rollups_rebuild()
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Đã tính lại / rebuilt: {counts['dossiers']} hồ sơ / dossiers, {counts['daily_rollups']} dòng ngày / "
                f"daily rows, {counts['monthly_rollups']} dòng tháng / monthly rows, {counts['open_stock']} dòng tồn "
                f"/ stock rows, {counts['closed_months']} tháng chốt / closed months ({elapsed:.1f} s)"
            )
            return
        if action == "close-months":
            through = None
            if options.get("through"):
                try:
                    through = parse_day(options["through"])
                except BadPeriod as exc:
                    raise CommandError(f"ngày không hợp lệ / invalid day: {options['through']}") from exc
            closed = checkpoints_close(through=through)
            days = ", ".join(f"{day:%d/%m/%Y}" for day in closed) or "—"
            self.stdout.write(f"Đã chốt / closed: {len(closed)} mốc / checkpoints ({days})")
            return
        raise CommandError("thiếu lệnh con / missing subcommand: metrics rebuild | metrics close-months")
