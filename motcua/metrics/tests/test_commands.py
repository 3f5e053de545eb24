import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext
from openpyxl import load_workbook

from motcua.metrics.periods import BadPeriod, parse_day, parse_period


def run_json(capsys, *args) -> dict:
    call_command("report", "period", *args, "--json")
    return json.loads(capsys.readouterr().out)


def test_report_period_json_has_the_official_figures(season, capsys):
    data = run_json(capsys, "--unit", season.province.code, "--from", "2026-03-01", "--to", "31/03/2026")
    assert data["carried_over"] == 1
    assert data["received"] == {"online": 3, "counter": 7, "post": 1, "total": 11}
    assert data["resolved"] == {"early": 3, "on_time": 2, "late": 1, "total": 6}
    assert data["in_progress"] == {"within_time": 2, "overdue": 1, "total": 3}
    assert (data["waiting"], data["refused"], data["stopped"], data["withdrawn"]) == (2, 0, 0, 1)
    assert data["on_time_rate"] == pytest.approx(0.8333)


def test_period_shortcut_matches_explicit_days(season, capsys):
    quarter = run_json(capsys, "--unit", season.province.code, "--period", "2026-Q1")
    explicit = run_json(capsys, "--unit", season.province.code, "--from", "2026-01-01", "--to", "2026-03-31")
    assert (quarter.pop("period"), quarter.pop("cutoff")) == ("2026-Q1", "calendar")
    assert quarter.pop("window").endswith(explicit.pop("window"))
    assert quarter == explicit


def test_field_procedure_and_grouping_options(season, capsys):
    code = season.province.code
    land = run_json(capsys, "--unit", code, "--period", "2026-03", "--field", "dat dai")
    assert land["received"]["total"] == 1
    one = run_json(capsys, "--unit", code, "--period", "2026-03", "--procedure", season.a.procedure.code)
    assert one["received"]["total"] == 10
    grouped = run_json(capsys, "--unit", code, "--period", "2026-03", "--by", "field")
    assert sorted(row["label"] for row in grouped["rows"]) == ["Hộ tịch", "Đất đai"]


def test_text_output_names_the_unit(season, capsys):
    call_command("report", "period", "--unit", season.province.code, "--period", "2026-04", "--by", "unit")
    out = capsys.readouterr().out
    assert season.province.name in out
    assert season.a.one_stop.name in out


def test_xlsx_has_merged_headers_a_row_per_child_unit_and_a_total(season, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    call_command("report", "period", "--unit", season.province.code, "--period", "2026-03", "--xlsx", str(target))
    sheet = load_workbook(target).active
    assert "TÌNH HÌNH" in sheet["A1"].value.upper()
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "C5:G5", "H5:K5", "L5:N5"} <= merged
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=8, max_row=10)]
    labels = [row[1] for row in values]
    assert labels == [*sorted([season.a.one_stop.name, season.b.one_stop.name]), gettext("Total")]
    # total row: received total (incl. carried over) 12, carried over 1, online 3, counter 7, post 1
    assert values[2][2:7] == [12, 1, 3, 7, 1]
    assert values[2][7:11] == [6, 3, 2, 1]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--unit", "NOPE", "--period", "2026"], "unknown unit"),
        (["--period", "2026-13"], "bad period"),
        (["--from", "2026-02-30", "--to", "2026-03-01"], "bad period"),
        (["--from", "2026-04-01", "--to", "2026-03-01"], "after --to"),
        (["--from", "2026-04-01"], "are required"),
        (["--period", "2026", "--field", "không có"], "unknown field"),
        (["--period", "2026", "--procedure", "9.999"], "unknown procedure"),
    ],
)
def test_bad_input_is_one_line_command_error(season, args, message):
    if "--unit" not in args:
        args = ["--unit", season.province.code, *args]
    with pytest.raises(CommandError) as error:
        call_command("report", "period", *args)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_subcommands_are_command_errors(db):
    with pytest.raises(CommandError):
        call_command("report")
    with pytest.raises(CommandError):
        call_command("metrics")


@pytest.mark.parametrize(
    "text,first,last",
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_parse_period(text, first, last):
    assert parse_period(text) == (first, last)


@pytest.mark.parametrize("text", ["", "2026-Q5", "26", "2026-00", "Q1-2026"])
def test_parse_period_rejects_garbage(text):
    with pytest.raises(BadPeriod):
        parse_period(text)


def test_parse_day_accepts_iso_and_vietnamese_order():
    assert parse_day("2026-03-31") == parse_day("31/03/2026") == dt.date(2026, 3, 31)
