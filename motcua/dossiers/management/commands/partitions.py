"""`motcua partitions ensure [--months-ahead 3]` (create the coming months' partitions of the dossier history; run
daily or monthly from cron) and `motcua partitions detach --before YYYY-MM` (archive: detach the months before it,
each left as a standalone table to dump and drop). PostgreSQL only (motcua.dossiers.partitions)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers import partitions


class Command(BaseCommand):
    help = "Phân vùng lịch sử hồ sơ / event history partitions: partitions ensure | detach --before YYYY-MM"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="ensure|detach|list")
        ensure = sub.add_parser("ensure", help="create the monthly partitions up to N months ahead")
        ensure.add_argument("--months-ahead", type=int, default=3)
        detach = sub.add_parser("detach", help="detach (archive) the monthly partitions before a month")
        detach.add_argument("--before", required=True, help="first month kept, YYYY-MM")
        detach.add_argument(
            "--allow-split", action="store_true", help="detach even if some dossiers keep part of their history live"
        )
        sub.add_parser("list", help="the monthly partitions attached now")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if action not in {"ensure", "detach", "list"}:
            raise CommandError(
                "thiếu lệnh con / missing subcommand: partitions ensure | detach --before YYYY-MM | list"
            )
        if connection.vendor != "postgresql":
            self.stdout.write(
                "Chỉ áp dụng cho PostgreSQL; CSDL này không phân vùng / PostgreSQL only: nothing to do on this database"
            )
            return
        try:
            with transaction.atomic():
                self._run(action, options)
        except partitions.PartitionError as error:
            raise CommandError(self._message(str(error))) from error

    def _run(self, action: str, options: dict[str, Any]) -> None:
        if action == "list":
            with connection.cursor() as cursor:
                if not partitions.is_partitioned(cursor):
                    raise partitions.PartitionError("not partitioned")
                for name, first in partitions.monthly_partitions(cursor):
                    self.stdout.write(f"{first:%Y-%m}  {name}")
            return
        if action == "ensure":
            months = options["months_ahead"]
            if not 0 <= months <= 120:
                raise CommandError("--months-ahead: từ 0 đến 120 / from 0 to 120")
            created = partitions.ensure(months_ahead=months, now=timezone.now())
            self.stdout.write(f"Đã tạo / created: {len(created)} ({', '.join(created) or '—'})")
            return
        match = re.fullmatch(r"(\d{4})-(\d{2})", options["before"] or "")
        if not match or not 1 <= int(match[2]) <= 12:
            raise CommandError(f"tháng không hợp lệ, cần YYYY-MM / invalid month, YYYY-MM: {options['before']}")
        before = dt.date(int(match[1]), int(match[2]), 1)
        if before > partitions.vn_month(timezone.now()):
            raise CommandError("không tách tháng hiện tại hoặc tương lai / the current and future months stay attached")
        detached = partitions.detach(before=before, allow_split=options["allow_split"])
        self.stdout.write(
            f"Đã tách / detached: {len(detached)} ({', '.join(detached) or '—'}). Lưu trữ / archive: "
            "pg_dump -t <bảng/table>, rồi / then DROP TABLE."
        )

    @staticmethod
    def _message(code: str) -> str:
        if code == "not partitioned":
            return "bảng lịch sử chưa phân vùng (chạy migrate) / the event table is not partitioned (run migrate)"
        if code == "default":
            return (
                "phân vùng DEFAULT còn sự kiện trước tháng này: chạy partitions ensure cho các tháng đó trước / "
                "the DEFAULT partition holds events before that month: create their partitions first"
            )
        if code.startswith("split:"):
            return (
                f"{code[6:]} hồ sơ có lịch sử ở cả hai phía của mốc: chọn tháng sớm hơn hoặc --allow-split / "
                f"{code[6:]} dossiers have events on both sides: choose an earlier month or --allow-split"
            )
        return code
