"""`motcua import-procedures PATH...`: import procedures from the national portal's JSON export."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importers.runner import import_national


class Command(BaseCommand):
    help = "Nhập TTHC từ tệp JSON của Cổng DVC quốc gia / import procedures from national-portal JSON files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="JSON files or folders (searched recursively)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--quiet-warnings", action="store_true", help="do not list per-file warnings")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]]
        for path in paths:
            if not path.exists():
                raise CommandError(f"không tìm thấy đường dẫn / path not found: {path}")
        started = time.perf_counter()
        report = import_national(paths)
        elapsed = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        if not options["quiet_warnings"]:
            for file, warnings in report.file_warnings.items():
                self.stdout.write(f"! {file}: " + "; ".join(warnings))
        for failure in report.failed:
            self.stderr.write(f"✗ {failure['file']}: {failure['reason']}")
        self.stdout.write(
            f"Tệp / files: {report.files} · mới / imported: {report.imported} · cập nhật / updated: {report.updated}"
            f" · không đổi / unchanged: {report.unchanged} · lỗi / failed: {len(report.failed)}"
            f" · cảnh báo / warnings: {report.warnings} · {elapsed:.1f}s"
        )
        for name, counts in report.fields.items():
            self.stdout.write(
                f"  {name}: " + " · ".join(f"{level} {count}" for level, count in counts.items() if count)
            )
        self.stdout.write(f"Cần rà soát / needs review: {report.needs_review}")
