"""The period report's columns come from the figure registry (metrics.figures): the demo derived column
`online_rate` (QĐ 766/QĐ-TTg chỉ số 3.3; NĐ 42/2022/NĐ-CP Điều 11: received online / received), added as one
registry row, is in the HTML table and in the Excel sheet with its value."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from openpyxl import load_workbook

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.metrics import figures
from motcua.metrics.figures import columns
from motcua.reports.templatetags.reports import pct

MARCH = {"period": "2026-03", "by": "unit"}


@pytest.fixture
def leader(season):
    return officer_in(season.province, Role.UNIT_LEADER)


def test_online_rate_is_a_column_of_the_html_table(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/bao-cao-ky/", MARCH)
    total = response.context["total"]
    rate = round(total.received["online"] / total.received["total"], 4)
    html = response.content.decode()
    head = re.search(r"<thead>.*?</thead>", html, re.S).group(0)
    assert "Tỷ lệ nộp trực tuyến" in head
    footer = re.search(r'<tr class="rp-total".*?</tr>', html, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", footer, re.S)
    assert len(cells) == 2 + len(columns("table"))
    assert cells[-1].strip() == pct(rate)
    # One header cell per column: the group headers span exactly their columns.
    spans = sum(int(n) for n in re.findall(r'colspan="(\d+)"', head))
    assert spans + head.count('rowspan="2" class="num"') == len(columns("table"))


def test_online_rate_is_a_column_of_the_excel_sheet(client, season, leader):
    client.force_login(leader)
    total = client.get("/bao-cao/bao-cao-ky/", MARCH).context["total"]
    sheet = load_workbook(io.BytesIO(client.get("/bao-cao/bao-cao-ky/excel/", MARCH).content)).active
    header = [cell.value for cell in sheet[5]]
    assert header[-1] == "Tỷ lệ nộp trực tuyến (%)"
    assert len(header) == 2 + len(columns("sheet"))
    total_row = list(sheet.iter_rows(min_row=8, values_only=True))[-1]
    assert total_row[-1] == round(100 * total.received["online"] / total.received["total"], 1)


def _tiles(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<dl class="stat-grid rp-kpis".*?</dl>', html, re.S).group(0)
    return [
        (name, re.sub(r"<[^>]+>", "", value).strip())
        for name, value in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.S)
    ]


def test_the_dashboard_tiles_are_the_registry_rows_with_a_tile_place(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/", {"period": "2026-03"})
    total = response.context["figures"]
    assert _tiles(response.content.decode()) == [
        ("Đã tiếp nhận", "11"),
        ("Đã giải quyết", "6"),
        ("Tỷ lệ đúng hạn", pct(total.on_time_rate)),
        ("Giải quyết quá hạn", "1"),
        ("Quá hạn tại cuối kỳ", "1"),
        ("Chờ người nộp", "2"),
    ]
    assert [f.key for f in figures.tiles()] == [
        "received",
        "resolved",
        "on_time_rate",
        "resolved_late",
        "in_progress_overdue",
        "waiting",
    ]


def test_a_registry_row_with_a_tile_place_is_a_dashboard_tile(client, season, leader, monkeypatch):
    """A new row of the registry shows on the dashboard with its value, without a template edit."""
    online = figures.BY_KEY["online_rate"]
    row = dataclasses.replace(online, tile=7, tile_label="Online share")
    registry = tuple(row if f.key == online.key else f for f in figures.REGISTRY)
    monkeypatch.setattr(figures, "REGISTRY", registry)
    monkeypatch.setattr(figures, "BY_KEY", {f.key: f for f in registry})
    client.force_login(leader)
    response = client.get("/bao-cao/", {"period": "2026-03"})
    received = response.context["figures"].received
    assert _tiles(response.content.decode())[-1] == (
        "Online share",
        pct(round(received["online"] / received["total"], 4)),
    )
