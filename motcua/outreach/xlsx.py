"""The outreach report as an Excel sheet: one row per session, its figures, and one column per procedure
received (the pattern of `reform/xlsx.py` and `scorecard/xlsx.py`)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def report_workbook(rows, *, date_from, date_to) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Outreach sessions")[:31]
    sheet.append(
        [
            _("Outreach sessions from %(start)s to %(end)s")
            % {"start": f"{date_from:%d/%m/%Y}", "end": f"{date_to:%d/%m/%Y}"}
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(
        [
            _("Day"),
            _("Time"),
            _("Place"),
            _("Commune"),
            _("One-stop unit"),
            _("Status"),
            _("Dossiers received"),
            _("Sent at once"),
            _("Sent later from the offline queue"),
            _("By procedure"),
        ]
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        session, figures = row.session, row.figures
        sheet.append(
            [
                session.day,
                f"{session.starts_at:%H:%M}–{session.ends_at:%H:%M}",
                session.place,
                session.commune.name,
                session.centre.name,
                session.get_status_display(),
                figures.received,
                figures.live,
                figures.from_queue,
                "; ".join(f"{p.name}: {p.count}" for p in figures.by_procedure if p.count),
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY"
    for index, width in enumerate([12, 13, 30, 24, 30, 12, 12, 12, 16, 60], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
