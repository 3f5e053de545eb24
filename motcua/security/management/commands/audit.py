"""`motcua audit verify [--json]`: check the hash chain of every dossier history (motcua.dossiers.audit)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers import audit


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn lịch sử hồ sơ / Verify the tamper-evident dossier history (audit verify)"

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="", help="verify")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        if options["action"] != "verify":
            raise CommandError("Dùng: audit verify [--json] / usage: audit verify [--json]")
        report = audit.verify_all()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(f"{report.dossiers} hồ sơ / dossiers, {report.events} sự kiện / events")
        broken = report.first_break
        if broken is None:
            if not options["json"]:
                self.stdout.write(self.style.SUCCESS("Chuỗi băm nguyên vẹn / hash chain intact"))
            return
        raise CommandError(
            f"Lịch sử bị sửa: hồ sơ {broken.dossier_code} sự kiện {broken.seq} ({broken.problem}), "
            f"mong đợi {broken.expected}, thấy {broken.found}; {report.broken_dossiers} hồ sơ hỏng / "
            f"history tampered: dossier {broken.dossier_code} event {broken.seq} ({broken.problem}), "
            f"expected {broken.expected}, found {broken.found}; {report.broken_dossiers} broken dossiers"
        )
