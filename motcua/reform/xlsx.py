"""Excel exports: a plan's tasks (with overdue flags), a survey's indices by unit and province, and a plan's
inspection visits (one row per finding with its follow-up: PAR INDEX field 1, inspections held and findings
followed up)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="top", wrap_text=True)


def _table(sheet, start_row: int, header: list[str], rows: list[list], widths: list[int]) -> None:
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(row=start_row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=start_row + offset, column=column, value=value)
            cell.border = BOX
            cell.alignment = WRAP
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_workbook(*, plan, rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tasks")[:31]
    sheet["A1"] = plan.title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = f"{plan.unit} · {plan.year} · {plan.document_number}"
    header = [
        _("No."),
        _("Task"),
        _("Criteria served"),
        _("Lead unit"),
        _("Co-operating units"),
        _("Expected output"),
        _("Deadline"),
        _("Progress (%)"),
        _("Status"),
        _("Overdue"),
    ]
    body = []
    for row in rows:
        task = row["task"]
        body.append(
            [
                task.number,
                task.title,
                ", ".join(c.code for c in task.criteria.all()),
                task.lead_unit.name,
                ", ".join(u.name for u in task.cooperating_units.all()),
                task.expected_output,
                task.due_date,
                task.progress,
                task.get_status_display(),
                _("Yes") if row["overdue"] else (_("Finished late") if row["late"] else ""),
            ]
        )
    _table(sheet, 4, header, body, [8, 50, 14, 28, 28, 30, 12, 10, 16, 14])
    for index in range(len(body)):
        sheet.cell(row=5 + index, column=7).number_format = "DD/MM/YYYY"
    return _save(workbook)


def survey_workbook(*, results) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Units")[:31]
    sheet["A1"] = results.survey.title
    sheet["A1"].font = Font(bold=True, size=13)
    header = [_("Rank"), _("Unit"), _("Responses")]
    header += [element.name for element in results.elements]
    header += [index.name for index in results.indices]
    header.append(_("Overall index"))

    def line(row):
        values = [row.rank, row.label, row.responses]
        values += [row.elements.get(e.pk) for e in results.elements]
        values += [row.indices.get(i.pk) for i in results.indices]
        values.append(row.overall)
        return [float(v) if hasattr(v, "as_tuple") else v for v in values]

    widths = [8, 36, 11] + [16] * (len(results.elements) + len(results.indices) + 1)
    _table(sheet, 3, header, [line(r) for r in results.units] + [line(results.total)], widths)
    provinces = workbook.create_sheet(_("Provinces")[:31])
    _table(provinces, 1, header, [line(r) for r in results.provinces], widths)
    return _save(workbook)


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
