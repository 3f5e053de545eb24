"""`motcua personal-data export --user U | --phone P` and `personal-data delete --user U --confirm`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.security.personal_data import PersonalDataError, personal_data_delete, personal_data_export


class Command(BaseCommand):
    help = (
        "Dữ liệu cá nhân: xuất hoặc ẩn danh theo NĐ 13/2023 / Personal data: export or anonymise "
        "(export --user U | --phone P; delete --user U --confirm)"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="", help="export | delete")
        parser.add_argument("--user", default="", help="user name")
        parser.add_argument("--phone", default="", help="phone number given in dossiers")
        parser.add_argument("--confirm", action="store_true", help="required by delete")

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
                    f"({result.files_deleted} tệp đã xóa / files deleted), {result.feedback} PAKN / feedback"
                )
            else:
                raise CommandError(
                    "Dùng: personal-data export --user U|--phone P, personal-data delete --user U --confirm / "
                    "usage: personal-data export --user U|--phone P, personal-data delete --user U --confirm"
                )
        except PersonalDataError as exc:
            raise CommandError(str(exc)) from exc
