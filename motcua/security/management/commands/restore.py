"""`motcua restore DIR [--force]`: restore a `motcua backup` and verify counts and checksums."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.security.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu và kiểm tra / Restore a backup and verify it (restore DIR [--force])"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default="", help="directory written by 'backup'")
        parser.add_argument("--force", action="store_true", help="overwrite a database that holds data")
        parser.add_argument(
            "--unsigned",
            action="store_true",
            help="restore although the manifest's signature cannot be checked (the audit key was lost)",
        )

    def handle(self, *args, **options):
        if not options["directory"]:
            raise CommandError("Dùng: restore THƯ_MỤC [--force] / usage: restore DIR [--force]")
        try:
            result = backup_restore(
                source=Path(options["directory"]), force=options["force"], check_signature=not options["unsigned"]
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for table, (expected, found) in sorted(result.count_mismatches.items()):
            self.stdout.write(f"  {table}: {expected} → {found}")
        for name, problem in sorted(result.file_mismatches.items()):
            self.stdout.write(f"  {name}: {problem}")
        summary = f"{result.tables} bảng / tables, {result.files} tệp / files"
        if not result.ok:
            raise CommandError(f"khôi phục không khớp bản kê / restore does not match the manifest ({summary})")
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục và kiểm tra / restored and verified: {summary}"))
