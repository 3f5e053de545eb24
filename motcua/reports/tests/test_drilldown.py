"""The reconciliation promise: for every cell of the period report, the drill-down lists exactly that many
dossiers (same definitions as the rollups, replayed from the history)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.metrics.drilldown import FIGURES, UnknownFigure, dossier_ids_behind, figure_value, late_steps_by_unit
from motcua.metrics.selectors import period_report, period_report_grouped

PERIODS = [
    (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    (dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
    (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    (dt.date(2026, 3, 5), dt.date(2026, 3, 18)),
    (dt.date(2026, 3, 19), dt.date(2026, 4, 6)),
]


def cells(figures) -> dict[str, int]:
    return {figure: figure_value(figures, figure) for figure in FIGURES}


def behind(**scope) -> dict[str, int]:
    return {figure: len(dossier_ids_behind(figure=figure, **scope)) for figure in FIGURES}


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_cell_of_the_province_report_equals_its_dossier_list(season, start, end):
    figures = period_report(unit=season.province, start=start, end=end)
    assert behind(unit=season.province, start=start, end=end) == cells(figures)


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_cell_of_every_unit_row_equals_its_dossier_list(season, start, end):
    rows, _total = period_report_grouped(unit=season.province, start=start, end=end, by="unit")
    expected = {row.label: cells(row.figures) for row in rows}
    actual = {
        row.label: behind(unit=season.a.one_stop.__class__.objects.get(pk=row.key), start=start, end=end)
        for row in rows
    }
    assert actual == expected


@pytest.mark.parametrize(("start", "end"), PERIODS[:4])
def test_every_cell_by_field_and_by_procedure_equals_its_dossier_list(season, start, end):
    fields, _ = period_report_grouped(unit=season.province, start=start, end=end, by="field")
    procedures, _ = period_report_grouped(unit=season.province, start=start, end=end, by="procedure")
    expected = {("f", r.key): cells(r.figures) for r in fields} | {("p", r.key): cells(r.figures) for r in procedures}
    actual = {("f", r.key): behind(unit=season.province, start=start, end=end, field=r.key) for r in fields} | {
        ("p", r.key): behind(unit=season.province, start=start, end=end, procedure=r.key) for r in procedures
    }
    assert actual == expected


def test_march_lists_name_the_expected_dossiers(season):
    d = season.dossiers
    march = {"unit": season.province, "start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    assert dossier_ids_behind(figure="resolved_late", **march) == [d["a2"].pk]
    assert dossier_ids_behind(figure="in_progress_overdue", **march) == [d["b1"].pk]
    assert dossier_ids_behind(figure="carried_over", **march) == [d["a11"].pk]
    assert dossier_ids_behind(figure="withdrawn", **march) == [d["a6"].pk]
    assert dossier_ids_behind(figure="received_post", **march) == [d["a7"].pk]


def test_an_unknown_figure_is_refused(season):
    with pytest.raises(UnknownFigure):
        dossier_ids_behind(unit=season.province, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), figure="x")


def test_the_late_dossier_names_the_unit_that_held_the_time(season):
    late = dossier_ids_behind(
        unit=season.province, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), figure="resolved_late"
    )
    held = late_steps_by_unit(dossier_ids=late, at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    assert [h.unit for h in held] == [season.a.department]
