"""`motcua metrics rebuild`: recompute every rollup from the dossier history."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from motcua.metrics.services import rollups_rebuild


class Command(BaseCommand):
    help = "Số liệu thống kê / metrics: metrics rebuild (tính lại toàn bộ từ lịch sử hồ sơ / recompute from history)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="rebuild")
        sub.add_parser("rebuild", help="recompute all rollups from the dossier events")

    def handle(self, *args, **options):
        if options.get("action") != "rebuild":
            raise CommandError("thiếu lệnh con / missing subcommand: metrics rebuild")
        started = time.perf_counter()
        counts = rollups_rebuild()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Đã tính lại / rebuilt: {counts['dossiers']} hồ sơ / dossiers, {counts['daily_rollups']} dòng ngày / "
            f"daily rows, {counts['open_stock']} dòng tồn / stock rows ({elapsed:.1f} s)"
        )
