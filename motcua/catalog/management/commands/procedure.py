"""`motcua procedure show CODE [--json]` and `motcua procedure list [--q TEXT]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importers.national import PARSED_FIELDS
from motcua.catalog.models import ReviewField
from motcua.catalog.presenters import procedure_as_dict, procedure_as_text
from motcua.catalog.review import rows_as_lines
from motcua.catalog.selectors import procedure_get_current, procedure_search, review_queue


class Command(BaseCommand):
    help = "Xem thủ tục hành chính / show procedures: procedure show CODE [--json] · procedure list [--q TEXT] · procedure review [CODE]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="show|list|review")
        show = sub.add_parser("show", help="show one procedure (current version)")
        show.add_argument("code", metavar="CODE")
        show.add_argument("--json", action="store_true")
        listing = sub.add_parser("list", help="search procedures (accent-insensitive)")
        listing.add_argument("--q", default=None)
        listing.add_argument("--field", default=None)
        listing.add_argument("--level", default=None)
        listing.add_argument("--limit", type=int, default=50)
        listing.add_argument("--json", action="store_true")
        review = sub.add_parser("review", help="the review queue: procedures with a field the parser is unsure of")
        review.add_argument("code", nargs="?", metavar="CODE", help="one procedure: raw text beside parsed rows")
        review.add_argument("--limit", type=int, default=50)
        review.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        action = options.get("action")
        if action == "show":
            return self._show(options["code"], as_json=options["json"])
        if action == "list":
            return self._list(options)
        if action == "review":
            return self._review(options)
        raise CommandError("thiếu lệnh con / missing subcommand: procedure show CODE | procedure list [--q TEXT]")

    def _show(self, code: str, *, as_json: bool) -> None:
        procedure = procedure_get_current(code.strip())
        if procedure is None:
            raise CommandError(f"không có thủ tục mã {code} / unknown procedure code {code}")
        if as_json:
            self.stdout.write(json.dumps(procedure_as_dict(procedure), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(procedure_as_text(procedure))

    def _review(self, options) -> None:
        """`procedure review`: the queue (code, name, uncertain fields and why); `procedure review CODE`: per
        correctable field, the raw text as published, the parsed rows in the correction line format."""
        if options["code"]:
            procedure = procedure_get_current(options["code"].strip())
            if procedure is None:
                raise CommandError(f"không có thủ tục mã {options['code']} / unknown procedure code {options['code']}")
            fields = {
                field: {
                    "confidence": procedure.parse_confidence.get(field, ""),
                    "notes": procedure.review_notes.get(field, []),
                    "raw": procedure.source_raw.get(PARSED_FIELDS[field], ""),
                    "parsed": rows_as_lines(field, list(getattr(procedure, field).all())),
                }
                for field in ReviewField.values
            }
            if options["json"]:
                self.stdout.write(json.dumps({"code": procedure.code, "fields": fields}, ensure_ascii=False, indent=2))
                return
            self.stdout.write(f"{procedure.code} — {procedure.name}")
            for field, info in fields.items():
                self.stdout.write(f"\n== {field} [{info['confidence']}] " + "; ".join(info["notes"]))
                self.stdout.write(f"-- nguồn / raw:\n{info['raw']}\n-- đã đọc / parsed:\n{info['parsed']}")
            return
        queue = review_queue()
        total = queue.count()
        rows = list(queue[: options["limit"]])
        payload = [
            {
                "code": p.code,
                "name": p.name,
                "uncertain": [name for name, level in p.parse_confidence.items() if level == "uncertain"],
                "notes": p.review_notes,
            }
            for p in rows
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"total": total, "procedures": payload}, ensure_ascii=False, indent=2))
            return
        for item in payload:
            self.stdout.write(f"{item['code']:<24} {', '.join(item['uncertain']):<32} {item['name'][:80]}")
        self.stdout.write(f"({total} thủ tục cần rà soát / procedures to review)")

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
