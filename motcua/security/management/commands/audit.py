"""`motcua audit verify|checkpoint|keygen [--json]`: check the dossier history (hash chains, dossier rows against
the replay of their events, chains against the last signed checkpoint) and write signed checkpoints
(motcua.dossiers.audit, motcua.security.checkpoint). Run `audit checkpoint` daily from a timer."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers import audit
from motcua.security import checkpoint as checkpoints

USAGE = "Dùng: audit verify|checkpoint|keygen [--json] / usage: audit verify|checkpoint|keygen [--json]"
PROBLEMS_VI = {
    "content": "sự kiện bị sửa",
    "link": "liên kết chuỗi bị sửa",
    "gap": "thiếu sự kiện ở giữa",
    "history_missing": "mất toàn bộ lịch sử",
    "tail_missing": "mất sự kiện cuối",
    "row_status": "trạng thái hồ sơ khác lịch sử",
    "row_version": "phiên bản hồ sơ khác lịch sử",
    "row_due": "hạn xử lý khác lịch sử",
    "rewritten": "lịch sử bị viết lại và niêm phong lại",
    "dossier_missing": "hồ sơ bị xóa",
}


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn lịch sử hồ sơ / Verify the tamper-evident dossier history (audit verify)"

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="", help="verify | checkpoint | keygen")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "keygen":
            try:
                path = checkpoints.key_create()
            except checkpoints.CheckpointError as error:
                raise CommandError(f"khóa đã có / {error}") from error
            self.stdout.write(f"audit key written: {path} (0600)")
            return
        if action == "checkpoint":
            try:
                made = checkpoints.checkpoint_create()
            except checkpoints.CheckpointError as error:
                raise CommandError(f"không tạo được điểm kiểm tra / checkpoint refused: {error}") from error
            self.stdout.write(
                f"checkpoint {made.path} root {made.root}: {made.dossiers} hồ sơ / dossiers, {made.events} sự kiện / events"
            )
            return
        if action != "verify":
            raise CommandError(USAGE)
        self._verify(as_json=options["json"])

    def _verify(self, *, as_json: bool) -> None:
        try:
            last = checkpoints.checkpoint_latest()
        except checkpoints.CheckpointError as error:
            raise CommandError(f"điểm kiểm tra không tin cậy được / checkpoint not trustworthy: {error}") from error
        report = audit.verify_all(checkpoint=last.heads if last else None)
        since = None
        if last is not None:
            since = {
                "checkpoint": last.path.name,
                "created_at": last.created_at.isoformat(),
                "root": last.root,
                "new_dossiers": len(set(report.heads) - set(last.heads)),
                "new_events": report.events - last.events,
            }
        if as_json:
            body = report.as_dict() | {"findings": [finding.as_dict() for finding in report.findings], "since": since}
            self.stdout.write(json.dumps(body, ensure_ascii=False))
        else:
            self.stdout.write(f"{report.dossiers} hồ sơ / dossiers, {report.events} sự kiện / events")
            if since:
                self.stdout.write(
                    f"từ điểm kiểm tra / since checkpoint {since['checkpoint']} ({since['created_at']}): "
                    f"+{since['new_dossiers']} hồ sơ / dossiers, {since['new_events']:+d} sự kiện / events"
                )
            else:
                self.stdout.write("chưa có điểm kiểm tra ký số / no signed checkpoint yet (audit checkpoint)")
            for finding in report.findings[:50]:
                self.stdout.write(
                    f"  {finding.dossier_code} #{finding.seq} {finding.problem} ({PROBLEMS_VI[finding.problem]}): "
                    f"expected {finding.expected}, found {finding.found}"
                )
        broken = report.first_break
        if broken is None:
            if not as_json:
                self.stdout.write(self.style.SUCCESS("Lịch sử nguyên vẹn / history intact"))
            return
        raise CommandError(
            f"Lịch sử bị sửa: hồ sơ {broken.dossier_code} sự kiện {broken.seq} ({broken.problem}: "
            f"{PROBLEMS_VI[broken.problem]}), mong đợi {broken.expected}, thấy {broken.found}; "
            f"{report.broken_dossiers} hồ sơ hỏng / "
            f"history tampered: dossier {broken.dossier_code} event {broken.seq} ({broken.problem}), "
            f"expected {broken.expected}, found {broken.found}; {report.broken_dossiers} broken dossiers"
        )
