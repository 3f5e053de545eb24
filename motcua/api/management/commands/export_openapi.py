"""`motcua manage export_openapi [FILE]`: write the API's OpenAPI 3 schema (the committed docs/openapi.json)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def openapi_text() -> str:
    from motcua.api.api import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Xuất lược đồ OpenAPI của API v1 / export the API v1 OpenAPI schema (default: stdout)"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="output file, e.g. docs/openapi.json")

    def handle(self, *args, **options):
        text = openapi_text()
        if not options["file"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["file"])
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"không ghi được tệp / cannot write {path}: {error.strerror}") from None
        self.stdout.write(f"wrote {path}")
