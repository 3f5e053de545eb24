"""`motcua units import-identifiers FILE.csv [--confirm] [--json] [--province CODE]`.

Dry run by default: lists what would change, the unknown units and the identifiers that already issued dossier
codes; `--confirm` writes everything in one transaction. A refused file exits non-zero and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.units.identifiers import MAX_FILE_BYTES, IdentifierImportError, unit_identifiers_import


class Command(BaseCommand):
    help = "Đơn vị, cơ quan / units: import-identifiers TỆP.csv — nhập mã định danh điện tử (QĐ 20/2020/QĐ-TTg)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import-identifiers",
            help="Nhập mã định danh điện tử từ tệp CSV của tỉnh / import agencies' e-identifiers from a CSV",
        )
        imp.add_argument("file", type=Path, help="Tệp CSV UTF-8 / UTF-8 CSV file")
        imp.add_argument("--confirm", action="store_true", help="Ghi thay đổi (mặc định chỉ kiểm tra) / write")
        imp.add_argument("--json", action="store_true", help="In kết quả dạng JSON / print JSON")
        imp.add_argument("--province", metavar="MÃ/CODE", help="Chỉ khớp tên trong tỉnh này (vd P22) / scope")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as handle:
                content = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"không đọc được tệp / cannot read the file {path}: {exc.strerror}") from None
        try:
            report = unit_identifiers_import(
                content=content, confirm=options["confirm"], province_code=options["province"]
            )
        except IdentifierImportError as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {"refused": True, "errors": [{"line": line, "message": m} for line, m in exc.errors]},
                        ensure_ascii=False,
                    )
                )
            raise CommandError(
                "tệp bị từ chối, không thay đổi gì / file refused, nothing changed:\n"
                + "\n".join(message for _line, message in exc.errors)
            ) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True))
            return
        lines = [f"Số dòng / rows: {report.rows}", f"Không đổi / unchanged: {report.unchanged}"]
        lines.append(f"Thay đổi / changes: {len(report.changes)}")
        for change in report.changes:
            flag = f"  ⚠ đã cấp {change.issued_codes} mã hồ sơ / dossier codes issued" if change.issued_codes else ""
            lines.append(f"  dòng {change.line}: {change.code} {change.old or '—'} → {change.new}{flag}")
        lines.append(f"Không tìm thấy / unknown: {len(report.unknown)}")
        lines += [f"  dòng {item.line}: {item.key} ({item.reason})" for item in report.unknown]
        if report.applied:
            lines.append("Đã ghi / written.")
        elif report.changes:
            lines.append("Chưa ghi gì: chạy lại với --confirm / nothing written: run again with --confirm")
        self.stdout.write("\n".join(lines))
