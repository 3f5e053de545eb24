"""Excel export of a plan's inspection visits: one row per finding with its follow-up (PAR INDEX field 1:
inspections held and findings followed up)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .xlsx import _save, _table


def inspection_workbook(*, plan, inspections) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Inspections")[:31]
    sheet["A1"] = plan.title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("Inspection visits and follow-up")
    header = [
        _("Visit date"),
        _("Inspected unit"),
        _("Conclusion document"),
        _("Inspection team"),
        _("Finding"),
        _("Severity"),
        _("Recommendation"),
        _("Follow-up"),
        _("Follow-up deadline"),
        _("Follow-up done on"),
        _("Follow-up report"),
    ]
    body = []
    for inspection in inspections:
        findings = list(inspection.findings.all()) or [None]
        for finding in findings:
            body.append(
                [
                    inspection.visit_date,
                    inspection.inspected_unit.name,
                    inspection.conclusion_number,
                    inspection.team,
                    finding.description if finding else inspection.summary,
                    finding.get_severity_display() if finding else "",
                    finding.recommendation if finding else "",
                    finding.get_follow_up_status_display() if finding else "",
                    finding.follow_up_due if finding else None,
                    finding.follow_up_done_on if finding else None,
                    finding.follow_up_note if finding else "",
                ]
            )
    _table(sheet, 4, header, body, [12, 30, 16, 24, 44, 16, 32, 18, 12, 12, 32])
    for index in range(len(body)):
        for column in (1, 9, 10):
            sheet.cell(row=5 + index, column=column).number_format = "DD/MM/YYYY"
    return _save(workbook)
