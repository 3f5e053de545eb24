"""`motcua backup DIR`: database (SQLite online backup or pg_dump -Fc), media files and a manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.security.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu CSDL và tệp đính kèm / Back up the database and uploaded files (backup DIR)"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default="", help="new or empty directory")

    def handle(self, *args, **options):
        if not options["directory"]:
            raise CommandError("Dùng: backup THƯ_MỤC / usage: backup DIR")
        target = Path(options["directory"])
        try:
            manifest = backup_create(target=target)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{manifest['engine']}: {len(manifest['tables'])} bảng / tables, {rows} dòng / rows, "
            f"{len(manifest['media'])} tệp / files → {target}"
        )
