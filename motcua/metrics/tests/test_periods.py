"""Reporting windows compared with the text of ND 09/2019/NĐ-CP art 12 ("Thời gian chốt số liệu báo cáo")."""

import datetime as dt
import itertools
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from motcua.metrics.choices import Cutoff, PeriodKind
from motcua.metrics.periods import BadPeriod, current_period_text, parse_period, window_label
from motcua.metrics.selectors import period_report

D = dt.date

# The clauses of art 12, as published, with the windows they give for the report of 2026 (and across a year end).
ART_12 = {
    "1. Báo cáo định kỳ hằng tháng: Tính từ ngày 15 tháng trước đến ngày 14 của tháng thuộc kỳ báo cáo.": [
        ("2026-03", D(2026, 2, 15), D(2026, 3, 14)),
        ("2026-01", D(2025, 12, 15), D(2026, 1, 14)),
        ("2026-12", D(2026, 11, 15), D(2026, 12, 14)),
        ("2024-03", D(2024, 2, 15), D(2024, 3, 14)),
    ],
    "2. Báo cáo định kỳ hằng quý: Tính từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý "
    "thuộc kỳ báo cáo.": [
        ("2026-Q1", D(2025, 12, 15), D(2026, 3, 14)),
        ("2026-Q2", D(2026, 3, 15), D(2026, 6, 14)),
        ("2026-Q3", D(2026, 6, 15), D(2026, 9, 14)),
        ("2026-Q4", D(2026, 9, 15), D(2026, 12, 14)),
    ],
    "3. Báo cáo định kỳ 6 tháng: Thời gian chốt số liệu 6 tháng đầu năm được tính từ ngày 15 tháng 12 năm trước "
    "kỳ báo cáo đến ngày 14 tháng 6 của kỳ báo cáo. Thời gian chốt số liệu 6 tháng cuối năm được tính từ ngày 15 "
    "tháng 6 đến ngày 14 tháng 12 của kỳ báo cáo.": [
        ("2026-H1", D(2025, 12, 15), D(2026, 6, 14)),
        ("2026-H2", D(2026, 6, 15), D(2026, 12, 14)),
    ],
    "4. Báo cáo định kỳ hằng năm: Tính từ ngày 15 tháng 12 năm trước kỳ báo cáo đến ngày 14 tháng 12 của kỳ báo cáo.": [
        ("2026", D(2025, 12, 15), D(2026, 12, 14)),
        ("2027", D(2026, 12, 15), D(2027, 12, 14)),
    ],
}
WINDOWS = [(clause, *case) for clause, cases in ART_12.items() for case in cases]


@pytest.mark.parametrize("clause,text,first,last", WINDOWS, ids=[w[1] for w in WINDOWS])
def test_nd09_windows_follow_article_12(clause, text, first, last):
    assert parse_period(text, Cutoff.ND09) == (first, last), clause


def test_nd09_windows_of_a_year_tile_it_without_gap_or_overlap():
    """Consecutive months, quarters and halves of art 12 join day to day, and each kind covers the year window."""
    year = parse_period("2026", Cutoff.ND09)
    for texts in (
        [f"2026-{m:02d}" for m in range(1, 13)],
        [f"2026-Q{q}" for q in range(1, 5)],
        ["2026-H1", "2026-H2"],
    ):
        windows = [parse_period(t, Cutoff.ND09) for t in texts]
        assert windows[0][0] == year[0] and windows[-1][1] == year[1]
        assert all(a[1] + dt.timedelta(days=1) == b[0] for a, b in itertools.pairwise(windows))


@pytest.mark.parametrize(
    "text,first,last",
    [
        ("2026-H1", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026-h2", D(2026, 7, 1), D(2026, 12, 31)),
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
    ],
)
def test_calendar_periods_stay_available(text, first, last):
    assert parse_period(text) == parse_period(text, Cutoff.CALENDAR) == (first, last)


@override_settings(MOTCUA_REPORT_CUTOFF_DAY=20)
def test_cutoff_day_is_configuration():
    assert parse_period("2026-Q1", Cutoff.ND09) == (D(2025, 12, 20), D(2026, 3, 19))
    assert "20" in window_label("2026-Q1", Cutoff.ND09, D(2025, 12, 20), D(2026, 3, 19))


@override_settings(MOTCUA_REPORT_CUTOFF_DAY=31)
def test_cutoff_day_that_does_not_exist_in_every_month_is_refused():
    with pytest.raises(ValueError, match="between 2 and 28"):
        parse_period("2026-02", Cutoff.ND09)


@pytest.mark.parametrize("text", ["2026-H3", "2026-Q0", "2026-13", "H1", ""])
def test_bad_named_periods_are_refused(text):
    with pytest.raises(BadPeriod):
        parse_period(text, Cutoff.ND09)


@pytest.mark.parametrize(
    "today,kind,cutoff,expected",
    [
        (D(2026, 12, 7), PeriodKind.QUARTER, Cutoff.ND09, "2026-Q4"),
        (D(2026, 12, 15), PeriodKind.QUARTER, Cutoff.ND09, "2027-Q1"),
        (D(2026, 12, 15), PeriodKind.YEAR, Cutoff.ND09, "2027"),
        (D(2026, 6, 14), PeriodKind.HALF, Cutoff.ND09, "2026-H1"),
        (D(2026, 6, 15), PeriodKind.HALF, Cutoff.ND09, "2026-H2"),
        (D(2026, 3, 15), PeriodKind.MONTH, Cutoff.ND09, "2026-04"),
        (D(2026, 12, 15), PeriodKind.QUARTER, Cutoff.CALENDAR, "2026-Q4"),
    ],
)
def test_current_period_is_the_window_that_contains_today(today, kind, cutoff, expected):
    assert current_period_text(kind, today, cutoff) == expected
    first, last = parse_period(expected, cutoff)
    assert first <= today <= last


def test_window_label_names_the_decree_and_the_days():
    label = window_label("2026-Q1", Cutoff.ND09, D(2025, 12, 15), D(2026, 3, 14))
    assert "09/2019" in label and "15/12/2025 – 14/03/2026" in label


def run_json(capsys, *args) -> dict:
    call_command("report", "period", *args, "--json")
    return json.loads(capsys.readouterr().out)


FIGURES = ("carried_over", "received", "resolved", "in_progress", "waiting", "refused", "stopped", "withdrawn")


@pytest.mark.parametrize(
    "period,start,end",
    [
        ("2026-Q1", "2025-12-15", "2026-03-14"),
        ("2026-03", "2026-02-15", "2026-03-14"),
        ("2026-04", "2026-03-15", "2026-04-14"),
        ("2026-Q2", "2026-03-15", "2026-06-14"),
        ("2026-H1", "2025-12-15", "2026-06-14"),
        ("2026", "2025-12-15", "2026-12-14"),
    ],
)
def test_command_nd09_window_gives_the_same_figures_as_its_days(season, capsys, period, start, end):
    code = season.province.code
    official = run_json(capsys, "--unit", code, "--period", period, "--cutoff", "nd09")
    explicit = run_json(capsys, "--unit", code, "--from", start, "--to", end)
    assert (official["from"], official["to"]) == (start, end)
    assert (official["period"], official["cutoff"]) == (period, "nd09")
    assert "09/2019" in official["window"]
    assert {k: official[k] for k in FIGURES} == {k: explicit[k] for k in FIGURES}


def test_nd09_window_counts_what_the_calendar_month_does_not(season):
    """The March window 15/2–14/3 and the calendar March differ (a4, received 10/3 … the season's dossiers)."""
    unit = season.province
    official = period_report(unit=unit, start=D(2026, 2, 15), end=D(2026, 3, 14))
    calendar_march = period_report(unit=unit, start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert official.received != calendar_march.received
    assert official.reconciles() and calendar_march.reconciles()


def test_cutoff_without_period_is_refused(season):
    with pytest.raises(CommandError, match="--cutoff"):
        call_command(
            "report",
            "period",
            "--unit",
            season.province.code,
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--cutoff",
            "nd09",
        )
