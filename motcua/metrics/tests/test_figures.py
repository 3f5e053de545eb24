"""The figure registry (issue 14 target 6): every list of period-report figures is built from `figures.REGISTRY`,
so the lists cannot drift, and a derived column is one row. The demo row `online_rate` (QĐ 766/QĐ-TTg chỉ số 3.3;
NĐ 42/2022/NĐ-CP Điều 11: dossiers received online / dossiers received) is checked here on the season; in the HTML
table and the Excel sheet in `reports/tests/test_report_columns.py`, in the API in `api/tests/`."""

import dataclasses
import datetime as dt

import pytest

from motcua.metrics import coarse, drilldown, figures
from motcua.metrics.choices import COUNTERS
from motcua.metrics.indicators import indicator_values
from motcua.metrics.models import DailyRollup, MonthlyRollup
from motcua.metrics.selectors import FLOW_AGGREGATES, MONTHLY_AGGREGATES, PeriodFigures, period_report

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_rollup_counters_are_the_registry_rows_with_a_counter_and_columns_of_both_rollups():
    assert COUNTERS == (
        "received",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "refused",
        "stopped",
        "withdrawn",
        "delivered",
        "supplement_requested",
        "extended",
        # the service-commitment counters (docs/domain/deadlines.md §10)
        "committed_resolved",
        "committed_kept",
    )
    daily = {f.name for f in DailyRollup._meta.get_fields()}
    monthly = {f.name for f in MonthlyRollup._meta.get_fields()}
    assert set(COUNTERS) <= daily
    assert set(coarse.MONTHLY_COUNTERS) == monthly - {"id", "unit", "month"}
    assert coarse.RECEIVED_BY_CHANNEL == {
        "online": "received_online",
        "counter": "received_counter",
        "post": "received_post",
    }
    assert set(FLOW_AGGREGATES) == set(MONTHLY_AGGREGATES) == {f.key for f in figures.REGISTRY if f.counter}


def test_every_stored_figure_has_a_place_in_period_figures_and_every_field_a_figure():
    stored = {f.name for f in dataclasses.fields(PeriodFigures)} - {"as_of"}
    assert stored == figures.STORED_ROOTS
    empty = PeriodFigures()
    for figure in figures.REGISTRY:
        if figure.stored:
            assert figures.read_path(empty, figure.path) == 0, figure.key
    assert {f.path[0] for f in figures.REGISTRY if f.path} >= stored


def test_the_drilldown_lists_exactly_the_drillable_rows():
    assert set(drilldown.FIGURES) == {f.key for f in figures.REGISTRY if f.drillable}
    assert set(drilldown.FLOW_FIGURES).isdisjoint(drilldown.STOCK_FIGURES)


def test_a_row_has_exactly_one_way_to_be_computed_and_a_rate_is_not_drillable():
    with pytest.raises(ValueError):
        figures.Figure("x", "x", "flow", counter="received", formula=figures.total("received"))
    with pytest.raises(ValueError):
        figures.Figure("x", "x", "flow", formula=figures.share(("received",), "received"), share=True)


def test_table_groups_are_adjacent_columns_and_the_sheet_adds_the_total_to_process():
    table = figures.groups("table")
    assert [len(g.figures) for g in table if g.label is not None] == [4, 4, 3]
    assert [f.key for f in figures.columns("sheet")] == [
        "received_and_carried_over",
        *[f.key for f in figures.columns("table")],
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"received_online": 3, "received": 4}, 0.75),
        ({"received_online": 0, "received": 0}, None),
        ({"received_online": 1, "received": 3}, 0.3333),
    ],
)
def test_online_rate_is_online_over_received_and_none_without_dossiers(values, expected):
    assert figures.BY_KEY["online_rate"].formula(values) == expected


def test_online_rate_column_on_the_season_equals_the_766_online_indicator(season):
    report = period_report(unit=season.province, start=MARCH[0], end=MARCH[1])
    received = report.received
    assert received["total"] and received["online"]
    expected = round(received["online"] / received["total"], 4)
    assert report.as_dict()["online_rate"] == expected
    assert figures.value_of(report, "online_rate") == expected
    indicator = indicator_values(unit=season.province, start=MARCH[0], end=MARCH[1])["online_rate"]
    assert indicator.value == expected
