"""`motcua personal-data export --user U | --phone P`, `personal-data delete --user U --confirm` and
`personal-data purge [--dry-run | --confirm]` (retention periods: motcua/security/retention.py)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.security.personal_data import PersonalDataError, personal_data_delete, personal_data_export
from motcua.security.retention import personal_data_purge

USAGE = (
    "Dùng: personal-data export --user U|--phone P, personal-data delete --user U --confirm, "
    "personal-data purge [--dry-run|--confirm] / usage: personal-data export --user U|--phone P, "
    "personal-data delete --user U --confirm, personal-data purge [--dry-run|--confirm]"
)


class Command(BaseCommand):
    help = (
        "Dữ liệu cá nhân: xuất hoặc ẩn danh theo NĐ 13/2023 / Personal data: export or anonymise "
        "(export --user U | --phone P; delete --user U --confirm; purge past retention [--dry-run|--confirm])"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="", help="export | delete | purge")
        parser.add_argument("--user", default="", help="user name")
        parser.add_argument("--phone", default="", help="phone number given in dossiers")
        parser.add_argument("--confirm", action="store_true", help="required by delete; purge applies the changes")
        parser.add_argument("--dry-run", action="store_true", help="purge: only count (the default without --confirm)")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "export":
                data = personal_data_export(username=options["user"], phone=options["phone"])
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            elif action == "delete":
                if not options["user"]:
                    raise CommandError("cần --user / --user is required")
                if not options["confirm"]:
                    raise CommandError("thêm --confirm để ẩn danh / add --confirm to anonymise")
                result = personal_data_delete(username=options["user"])
                self.stdout.write(
                    f"Đã ẩn danh / anonymised: {result.dossiers} hồ sơ / dossiers, "
                    f"{result.stored_documents} giấy tờ trong kho / stored documents "
                    f"({result.files_deleted} tệp đã xóa / files deleted), {result.feedback} PAKN / feedback, "
                    f"{result.certified_copies} mục sổ chứng thực giữ nguyên, bỏ liên kết / certification book "
                    "entries kept, unlinked"
                )
            elif action == "purge":
                if options["confirm"] and options["dry_run"]:
                    raise CommandError("--dry-run hoặc --confirm, không cả hai / --dry-run or --confirm, not both")
                self.purge(dry_run=not options["confirm"])
            else:
                raise CommandError(USAGE)
        except PersonalDataError as exc:
            raise CommandError(str(exc)) from exc

    def purge(self, *, dry_run: bool) -> None:
        try:
            result = personal_data_purge(dry_run=dry_run)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        periods = ", ".join(f"{name} {days or 'giữ / keep'}" for name, days in result.periods.items())
        self.stdout.write(f"Thời hạn lưu giữ (ngày) / retention (days): {periods}")
        verbs = {"anonymise": "ẩn danh / anonymise", "delete": "xóa / delete"}
        for category, count in result.counts.items():
            self.stdout.write(f"{category}\t{verbs[result.actions[category]]}\t{count}")
        if dry_run:
            self.stdout.write(
                "Chạy thử, chưa thay đổi gì; thêm --confirm để thực hiện / dry run, nothing changed; add --confirm"
            )
