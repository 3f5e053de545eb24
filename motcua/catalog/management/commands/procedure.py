"""`motcua procedure show CODE [--json]` and `motcua procedure list [--q TEXT]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.presenters import procedure_as_dict, procedure_as_text
from motcua.catalog.selectors import procedure_get_current, procedure_search


class Command(BaseCommand):
    help = "Xem thủ tục hành chính / show procedures: procedure show CODE [--json] · procedure list [--q TEXT]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="show|list")
        show = sub.add_parser("show", help="show one procedure (current version)")
        show.add_argument("code", metavar="CODE")
        show.add_argument("--json", action="store_true")
        listing = sub.add_parser("list", help="search procedures (accent-insensitive)")
        listing.add_argument("--q", default=None)
        listing.add_argument("--field", default=None)
        listing.add_argument("--level", default=None)
        listing.add_argument("--limit", type=int, default=50)
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        action = options.get("action")
        if action == "show":
            return self._show(options["code"], as_json=options["json"])
        if action == "list":
            return self._list(options)
        raise CommandError("thiếu lệnh con / missing subcommand: procedure show CODE | procedure list [--q TEXT]")

    def _show(self, code: str, *, as_json: bool) -> None:
        procedure = procedure_get_current(code.strip())
        if procedure is None:
            raise CommandError(f"không có thủ tục mã {code} / unknown procedure code {code}")
        if as_json:
            self.stdout.write(json.dumps(procedure_as_dict(procedure), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(procedure_as_text(procedure))

    def _list(self, options) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit phải ≥ 1 / --limit must be ≥ 1")
        rows = list(
            procedure_search(q=options["q"], field=options["field"], level=options["level"])[: options["limit"]]
        )
        if options["json"]:
            payload = [{"code": p.code, "name": p.name, "field": p.field.name, "levels": p.levels} for p in rows]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for p in rows:
            self.stdout.write(f"{p.code:<24} {p.name}  [{p.field.name}]")
        self.stdout.write(f"({len(rows)} thủ tục / procedures)")
