import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from motcua.metrics import figures
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


def _text_report(capsys, season) -> str:
    call_command("report", "period", "--unit", season.province.code, "--from", "2026-03-01", "--to", "2026-03-31")
    return capsys.readouterr().out


def test_text_output_has_a_line_for_every_figure_of_the_table(season, capsys):
    """The plain-text report lists the registry's table figures (metrics.figures.outline), named in Vietnamese,
    with the values of the JSON output (the same March figures as above)."""
    out = _text_report(capsys, season)
    lines = out.splitlines()
    with translation.override("vi"):
        shown = {f.key for f in figures.columns("table")}
        for figure in figures.REGISTRY:
            if figure.key in shown and len(figure.path or ()) == 1:
                assert any(line.strip().startswith(str(figure.label)) for line in lines), figure.key
        received = next(line for line in lines if line.strip().startswith(str(figures.BY_KEY["received"].label)))
        resolved = next(line for line in lines if line.strip().startswith(str(figures.BY_KEY["resolved"].label)))
        assert f"{gettext('Online')}/online 3" in received and f"{gettext('Late')}/late 1" in resolved
    assert " 11  (" in received and " 6  (" in resolved
    assert any("83.3%" in line for line in lines)


def test_a_new_registry_row_is_a_line_of_the_text_report(season, capsys, monkeypatch):
    """A derived column is one registry row (docs/recipes.md §2): the text report shows it without other edits."""
    row = figures.Figure(
        "refused_and_withdrawn",
        "Refused or withdrawn",
        "flow",
        "Refused or withdrawn",
        formula=figures.total("refused", "withdrawn"),
        path=("refused_and_withdrawn",),
        drillable=False,
    )
    monkeypatch.setattr(figures, "REGISTRY", (*figures.REGISTRY, row))
    monkeypatch.setattr(figures, "BY_KEY", {**figures.BY_KEY, row.key: row})
    out = _text_report(capsys, season)
    assert any(
        line.split() == ["Refused", "or", "withdrawn", "/", "refused", "or", "withdrawn", "1"]
        for line in out.splitlines()
    )
