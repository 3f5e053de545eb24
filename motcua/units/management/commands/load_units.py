"""`motcua load-units`: load the 34 provinces, 3,321 communes and the units before 1 July 2025 (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.units import services
from motcua.units.sources import SourceError


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, 3.321 xã, 63 tỉnh và các huyện trước 1/7/2025 cùng quan hệ kế thừa / "
        "load the 34 provinces, 3,321 communes, the 63 provinces and districts before 1 July 2025 and their "
        "lineage. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--current-only",
            action="store_true",
            help="Chỉ nạp đơn vị hiện hành / only the units in force from 1 July 2025",
        )
        parser.add_argument("--json", action="store_true", help="In số lượng dạng JSON / print counts as JSON")
        parser.add_argument(
            "--legacy-db",
            type=Path,
            help="Tệp SQLite đơn vị cũ (mặc định: của gói vietnamadminunits) / legacy SQLite file",
        )
        parser.add_argument(
            "--demo-province",
            metavar="MÃ/CODE",
            help="Tạo thêm các cơ quan mẫu của tỉnh này (mã thống kê, vd 22) / also create demo agencies",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["current_only"] and options["legacy_db"]:
            raise CommandError("--legacy-db không dùng với --current-only / --legacy-db cannot go with --current-only")
        try:
            summary = services.units_load(current_only=options["current_only"], legacy_db=options["legacy_db"])
            counts = summary.as_dict()
            if options["demo_province"] is not None:
                demo = services.demo_province_setup(province_code=options["demo_province"])
                counts["agencies"] = demo["agencies"]
                counts["created"] += demo["created"]
        except SourceError as exc:
            raise CommandError(f"không đọc được dữ liệu đơn vị / cannot read unit data: {exc}") from None
        except services.UnitSetupError as exc:
            raise CommandError(f"không tạo được cơ quan mẫu / cannot set up demo agencies: {exc}") from None
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False, sort_keys=True))
            return
        lines = [
            f"Tỉnh, thành phố / provinces: {counts['provinces']}",
            f"Xã, phường, đặc khu / communes: {counts['communes']}",
        ]
        if not options["current_only"]:
            lines += [
                f"Tỉnh trước 1/7/2025 / legacy provinces: {counts['legacy_provinces']}",
                f"Huyện trước 1/7/2025 / legacy districts: {counts['legacy_districts']}",
                f"Quan hệ kế thừa / lineage links: {counts['lineage']}",
            ]
        if "agencies" in counts:
            lines.append(f"Cơ quan mẫu / demo agencies: {counts['agencies']}")
        lines.append(f"Mới / created: {counts['created']}, cập nhật / updated: {counts['updated']}")
        self.stdout.write("\n".join(lines))
