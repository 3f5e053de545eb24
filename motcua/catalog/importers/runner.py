"""Import national-portal JSON files into the catalogue: parse (pure) then upsert in batches (one transaction
per batch). A file that cannot be parsed is reported as failed; it never stops the import."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..review import apply_corrections
from ..schema import ProcedureData
from ..services import procedure_upsert_many
from .national import SOURCE, ParseError, iter_json_files, parse_file


@dataclass
class ImportReport:
    files: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    warnings: int = 0
    file_warnings: dict[str, list[str]] = field(default_factory=dict)
    # parsed field → {"parsed": n, "uncertain": n, "empty": n[, "corrected": n]} over the procedures imported
    fields: dict[str, dict[str, int]] = field(default_factory=dict)
    needs_review: int = 0

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "warnings": self.warnings,
            "fields": self.fields,
            "needs_review": self.needs_review,
        }


def import_national(paths: list[Path], *, batch_size: int = 300) -> ImportReport:
    """Parse and upsert every JSON file under `paths`; the same code seen twice keeps the last file."""
    report = ImportReport()
    files = iter_json_files(paths)
    report.files = len(files)
    latest: dict[str, ProcedureData] = {}

    def parsed() -> Iterator[ProcedureData]:
        for path in files:
            try:
                result = parse_file(path)
            except ParseError as exc:
                report.failed.append({"file": str(path), "reason": str(exc)})
                continue
            if result.warnings:
                report.warnings += len(result.warnings)
                report.file_warnings[str(path)] = result.warnings
            latest[result.data.code] = result.data
        items = list(latest.values())
        apply_corrections(items)  # a reviewer's correction survives re-import of the same source text
        yield from items

    for data, proc, created, changed in procedure_upsert_many(items=parsed(), source=SOURCE, batch_size=batch_size):
        for name, level in data.confidence.items():
            counts = report.fields.setdefault(name, {"parsed": 0, "uncertain": 0, "empty": 0})
            counts[level] = counts.get(level, 0) + 1
        report.needs_review += "uncertain" in data.confidence.values()
        if created and proc.version == 1:
            report.imported += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
    return report
