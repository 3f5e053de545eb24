"""The province-internal PAR index ranking as an Excel sheet: one row per unit, points and % per field."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def ranking_workbook(framework, rows) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = str(framework.year)
    sheet.append([f"{framework.name} — {framework.year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    fields = [score.node for score in rows[0].score.fields] if rows else []
    header = [_("Rank"), _("Unit"), _("Points"), _("Index (%)"), _("Group"), _("Change on last year")]
    header += [f"{node.code}. {node.name}" for node in fields]
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(
            [
                row.rank,
                row.assessment.unit.name,
                float(row.score.achieved),
                float(row.score.percent),
                row.score.group,
                float(row.change) if row.change is not None else None,
                *[float(field.achieved.quantize(row.score.achieved)) for field in row.score.fields],
            ]
        )
    widths = [8, 36, 10, 10, 8, 12] + [18] * len(fields)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return book
