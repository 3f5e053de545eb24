"""The period report as an Excel sheet laid out like the official reporting tables (TT 01/2018 annexes,
ND 61/2018 art 25 reports): title, unit, period, two merged header rows, one row per child unit / field /
procedure, a total row. The columns are the registry's figures shown on the sheet (`figures.groups("sheet")`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .bundle_figures import AGENCY_COLUMNS, COLUMNS, BundleReport, Column
from .figures import Figure, groups, values_of
from .selectors import PeriodFigures, ReportRow

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_period_xlsx(
    path: str | Path,
    *,
    title: str,
    unit_name: str,
    period: str,
    row_header: str,
    rows: list[ReportRow],
    total: PeriodFigures,
    bundles: BundleReport | None = None,
) -> Path:
    """Write the sheet and return its path. `total` is the `PeriodFigures` of the whole scope; `bundles`: the
    bundled procedures' section, on a second sheet (`write_bundle_sheet`)."""
    header = groups("sheet")
    columns = [figure for group in header for figure in group.figures]
    width = 2 + len(columns)
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Report"))[:31]
    for line, (text, size) in enumerate([(title.upper(), 13), (unit_name, 11), (period, 11)], start=1):
        ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
        cell = ws.cell(line, 1, text)
        cell.font = Font(bold=line == 1, size=size, italic=line == 3)
        cell.alignment = CENTER
    top, sub_row = 5, 6
    heads: tuple[tuple[int, StrOrPromise], ...] = ((1, _("No.")), (2, row_header))
    for column, head in heads:
        ws.merge_cells(start_row=top, start_column=column, end_row=sub_row, end_column=column)
        ws.cell(top, column, str(head))
    column = 3
    for group in header:
        subs = group.figures
        if group.label is None:
            ws.merge_cells(start_row=top, start_column=column, end_row=sub_row, end_column=column)
            ws.cell(top, column, str(subs[0].sheet_header))
        else:
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(subs) - 1)
            for offset, figure in enumerate(subs):
                ws.cell(sub_row, column + offset, str(figure.sheet_header))
            ws.cell(top, column, str(group.label))
        column += len(subs)
    # Column numbers under the header, as on the official forms: (1) (2) (3) …
    numbers = sub_row + 1
    for index in range(1, width + 1):
        ws.cell(numbers, index, f"({index})")
    for row in ws.iter_rows(min_row=top, max_row=numbers, max_col=width):
        for cell in row:
            cell.font = Font(bold=cell.row != numbers, italic=cell.row == numbers)
            cell.alignment = CENTER
            cell.border = BOX
    current = numbers + 1
    for number, row in enumerate(rows, start=1):
        _write_row(ws, current, number, row.label, row.figures, columns)
        current += 1
    _write_row(ws, current, "", str(_("Total")), total, columns, bold=True)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 42
    for index in range(3, width + 1):
        ws.column_dimensions[get_column_letter(index)].width = 11
    ws.row_dimensions[top].height = 32
    ws.row_dimensions[sub_row].height = 30
    ws.freeze_panes = ws.cell(numbers + 1, 3)
    if bundles is not None:
        write_bundle_sheet(wb.create_sheet(str(_("Bundles"))[:31]), unit_name=unit_name, period=period, report=bundles)
    path = Path(path)
    wb.save(path)
    return path


def _cell_value(figure: Figure, value: int | float | None) -> int | float | None:
    """A rate is written in percent with one decimal (empty without data), a count as is."""
    if figure.share:
        return None if value is None else round(100 * value, 1)
    return value


def _write_row(
    ws: Worksheet,
    row: int,
    number: int | str,
    label: str,
    figures: PeriodFigures,
    columns: list[Figure],
    *,
    bold: bool = False,
) -> None:
    values = values_of(figures)
    cells = [number, label, *(_cell_value(figure, values[figure.key]) for figure in columns)]
    formats = ["General", "General", *(figure.number_format for figure in columns)]
    for index, (value, number_format) in enumerate(zip(cells, formats, strict=True), start=1):
        cell = ws.cell(row, index, value)
        cell.border = BOX
        cell.font = Font(bold=bold)
        cell.number_format = number_format
        if index != 2:
            cell.alignment = Alignment(horizontal="center")


def _bundle_value(column: Column, value: int | float | None) -> int | float | None:
    if column.share:
        return None if value is None else round(100 * value, 1)
    return value


def write_bundle_sheet(ws: Worksheet, *, unit_name: str, period: str, report: BundleReport) -> None:
    """The bundled procedures (liên thông) of the period: one row per bundle group and a total (received,
    finished, within the total limit of QĐ 296/QĐ-VPCP of 12/6/2024, the rate in %, open and overdue at the end),
    the same by receiving unit (child units of the report's unit), then one row per agency with its average
    attributed working time (`bundle_figures`)."""
    heads = [str(_("No.")), str(_("Bundle group")), *(_header(c) for c in COLUMNS)]
    width = len(heads)
    for line, text in enumerate([str(_("Bundled procedures (liên thông)")).upper(), unit_name, period], start=1):
        ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
        cell = ws.cell(line, 1, text)
        cell.font = Font(bold=line == 1, size=13 if line == 1 else 11, italic=line == 3)
        cell.alignment = CENTER
    current = 5
    _boxed_row(ws, current, heads, bold=True)
    for number, group in enumerate(report.groups, start=1):
        current += 1
        values = [_bundle_value(c, getattr(group, c.key)) for c in COLUMNS]
        _boxed_row(ws, current, [number, f"{group.code} — {group.name}", *values])
    current += 1
    totals = [_bundle_value(c, getattr(report.total, c.key)) for c in COLUMNS]
    _boxed_row(ws, current, ["", str(_("Total")), *totals], bold=True)
    current += 2
    ws.cell(current, 1, str(_("By receiving unit"))).font = Font(bold=True)
    current += 1
    _boxed_row(ws, current, [str(_("No.")), str(_("Unit")), *(_header(c) for c in COLUMNS)], bold=True)
    for number, by_unit in enumerate(report.units, start=1):
        current += 1
        _boxed_row(ws, current, [number, by_unit.name, *(_bundle_value(c, getattr(by_unit, c.key)) for c in COLUMNS)])
    current += 2
    ws.cell(current, 1, str(_("Time attributed to each agency (bundles finished in the period)"))).font = Font(
        bold=True
    )
    current += 1
    _boxed_row(
        ws, current, [str(_("Agency role")), str(_("Agency")), *(str(c.label) for c in AGENCY_COLUMNS)], bold=True
    )
    for agency in report.agencies:
        current += 1
        _boxed_row(ws, current, [agency.role_label, agency.agency, *(getattr(agency, c.key) for c in AGENCY_COLUMNS)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 48
    for index in range(3, width + 1):
        ws.column_dimensions[get_column_letter(index)].width = 14


def _header(column: Column) -> str:
    return f"{column.label} (%)" if column.share else str(column.label)


def _boxed_row(ws: Worksheet, row: int, values: Sequence[object], *, bold: bool = False) -> None:
    for index, value in enumerate(values, start=1):
        cell = ws.cell(row, index, value)
        cell.border = BOX
        cell.font = Font(bold=bold)
        cell.alignment = CENTER if bold else Alignment(horizontal="left" if index == 2 else "center")
