"""The review queue: corrections of parsed fields by a reviewer, kept across re-imports of the same source.

A reviewer edits one field of a procedure as lines of text, one row per line, cells separated by " | "
(the line format below). `procedure_correct` stores the rows with the SHA-256 of the source text the field was
parsed from and rewrites the current version's rows at once. `apply_corrections` runs inside every national
import: an unchanged source text gets the correction again (confidence "corrected"); a changed one keeps the new
parse, marks the correction `source_changed` and leaves the field "uncertain" so the procedure is reviewed again.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from .importers.issuers import issuer_name
from .importers.national import PARSED_FIELDS
from .importers.tables import title_date
from .models import LegalBasis, Procedure, ProcedureCorrection, ProcedureFee, RequiredDocument, ReviewField
from .schema import DocumentData, FeeData, LegalBasisData, ProcedureData

CORRECTED = "corrected"
CHANNEL_WORDS = {"tất cả": "all", "trực tiếp": "counter", "trực tuyến": "online", "bưu chính": "post"}
CHANNEL_LABELS = {code: word.capitalize() for word, code in CHANNEL_WORDS.items()}


class CorrectionError(ValueError):
    """A correction that cannot be read (message in the UI language, with the line number)."""


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the line format


def rows_as_lines(field: str, rows: list) -> str:
    """Rows (dataclasses or model rows) as the editable text: documents "name | forms; … | originals | copies",
    legal basis "number | title", fees "channel | amount | text as published"."""
    lines = []
    for row in rows:
        if field == ReviewField.DOCUMENTS:
            forms = "; ".join(f for f in row.form.split(" | ") if f)
            lines.append(f"{row.name} | {forms} | {row.originals} | {row.copies}")
        elif field == ReviewField.LEGAL_BASIS:
            lines.append(f"{row.number} | {row.title}")
        else:
            amount = "" if row.amount is None else f"{Decimal(row.amount).normalize():f}"
            lines.append(f"{CHANNEL_LABELS.get(row.channel, row.channel)} | {amount} | {row.text}")
    return "\n".join(lines)


def lines_as_rows(field: str, text: str) -> list[dict]:
    """Read the editable text back; raises CorrectionError naming the first bad line."""
    rows: list[dict] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(" | ")]
        if field == ReviewField.DOCUMENTS:
            rows.append(_document_row(number, cells))
        elif field == ReviewField.LEGAL_BASIS:
            if len(cells) != 2 or not cells[1]:
                raise CorrectionError(_("Line %(line)d: write “number | title”.") % {"line": number})
            rows.append(
                {
                    "number": cells[0],
                    "title": cells[1],
                    "date": None,
                    "issuer": issuer_name(cells[0]) if cells[0] else "",
                }
            )
        elif field == ReviewField.FEES:
            rows.append(_fee_row(number, cells))
        else:
            raise CorrectionError(_("This field cannot be corrected here."))
    return rows


def _document_row(number: int, cells: list[str]) -> dict:
    if len(cells) != 4 or not cells[0]:
        raise CorrectionError(_("Line %(line)d: write “name | forms | originals | copies”.") % {"line": number})
    try:
        originals, copies = int(cells[2] or 0), int(cells[3] or 0)
    except ValueError:
        raise CorrectionError(_("Line %(line)d: originals and copies are whole numbers.") % {"line": number}) from None
    if not (0 <= originals <= 99 and 0 <= copies <= 99):
        raise CorrectionError(_("Line %(line)d: originals and copies are whole numbers.") % {"line": number})
    forms = " | ".join(f.strip() for f in cells[1].split(";") if f.strip())
    return asdict(DocumentData(name=cells[0], form=forms, originals=originals, copies=copies, required=True))


def _fee_row(number: int, cells: list[str]) -> dict:
    if len(cells) != 3:
        raise CorrectionError(_("Line %(line)d: write “channel | amount | text”.") % {"line": number})
    channel = CHANNEL_WORDS.get(cells[0].lower())
    if channel is None:
        raise CorrectionError(
            _("Line %(line)d: the channel is one of: Tất cả, Trực tiếp, Trực tuyến, Bưu chính.") % {"line": number}
        )
    amount = None
    if cells[1]:
        try:
            amount = Decimal(cells[1].replace(".", "").replace(",", ""))
        except InvalidOperation:
            amount = None
        if amount is None or amount < 0:
            raise CorrectionError(_("Line %(line)d: the amount is a number of đồng, or empty.") % {"line": number})
    row = asdict(FeeData(channel=channel, name="Phí, lệ phí", amount=amount, text=cells[2]))
    row.pop("truncated", None)
    row["amount"] = None if amount is None else f"{amount:f}"
    return row


def _as_data(field: str, rows: list[dict]) -> list:
    if field == ReviewField.DOCUMENTS:
        return [DocumentData(**row) for row in rows]
    if field == ReviewField.LEGAL_BASIS:
        return [LegalBasisData(**{**row, "date": title_date(row["title"])}) for row in rows]
    return [FeeData(**{**row, "amount": None if row["amount"] is None else Decimal(row["amount"])}) for row in rows]


# ---------------------------------------------------------------- writes


def procedure_correct(*, procedure: Procedure, field: str, text: str, actor) -> ProcedureCorrection:
    """Store a reviewer's correction of `field` and rewrite the current version's rows with it.

    The correction is tied to the source text of the field as imported (`source_raw`), so a later import of the
    same text re-applies it and a changed text is flagged (see `apply_corrections`).
    """
    if field not in ReviewField.values:
        raise CorrectionError(_("This field cannot be corrected here."))
    rows = lines_as_rows(field, text)
    raw = procedure.source_raw.get(PARSED_FIELDS[field], "")
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        correction, _created = ProcedureCorrection.objects.update_or_create(
            code=procedure.code,
            field=field,
            defaults={"rows": rows, "source_hash": source_hash(raw), "source_changed": False, "corrected_by": actor},
        )
        _replace_rows(procedure, field, _as_data(field, rows))
        confidence = {**procedure.parse_confidence, field: CORRECTED}
        notes = {name: found for name, found in procedure.review_notes.items() if name != field}
        procedure.parse_confidence = confidence
        procedure.review_notes = notes
        procedure.needs_review = "uncertain" in confidence.values()
        procedure.content_hash = ""  # the next import rewrites it (with the correction applied) once
        procedure.save(update_fields=["parse_confidence", "review_notes", "needs_review", "content_hash"])
    return correction


def _replace_rows(procedure: Procedure, field: str, rows: list) -> None:
    if field == ReviewField.DOCUMENTS:
        procedure.documents.all().delete()
        RequiredDocument.objects.bulk_create(
            RequiredDocument(procedure=procedure, order=i, **asdict(row)) for i, row in enumerate(rows)
        )
    elif field == ReviewField.LEGAL_BASIS:
        procedure.legal_basis.all().delete()
        LegalBasis.objects.bulk_create(
            LegalBasis(procedure=procedure, order=i, **asdict(row)) for i, row in enumerate(rows)
        )
    else:
        procedure.fees.all().delete()
        ProcedureFee.objects.bulk_create(
            ProcedureFee(
                procedure=procedure,
                order=i,
                channel=row.channel,
                name=row.name,
                amount=row.amount,
                currency=row.currency,
                text=row.text,
            )
            for i, row in enumerate(rows)
        )


def apply_corrections(items: list[ProcedureData]) -> None:
    """Inside an import: re-apply each stored correction whose source text is unchanged; flag the others."""
    codes = {data.code for data in items}
    corrections: dict[str, list[ProcedureCorrection]] = {}
    for correction in ProcedureCorrection.objects.filter(code__in=codes):
        corrections.setdefault(correction.code, []).append(correction)
    changed: list[int] = []
    for data in items:
        for correction in corrections.get(data.code, []):
            raw = data.source_raw.get(PARSED_FIELDS[correction.field], "")
            if source_hash(raw) == correction.source_hash:
                setattr(data, correction.field, _as_data(correction.field, correction.rows))
                data.confidence[correction.field] = CORRECTED
                data.review_notes.pop(correction.field, None)
            else:
                data.confidence[correction.field] = "uncertain"
                data.review_notes.setdefault(correction.field, []).append("source changed since the correction")
                if not correction.source_changed:
                    changed.append(correction.pk)
    if changed:
        ProcedureCorrection.objects.filter(pk__in=changed).update(source_changed=True)
