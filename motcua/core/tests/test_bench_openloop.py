"""The pure parts of the fixed-rate inbox bench (bench/_openloop.py, bench/officer_inbox_p99.py) and of the budget
table `make bench` prints (bench/run.py): the schedule, the nearest-rank percentile with the latency corrected for
coordinated omission (a hand-worked example), the verdict arithmetic and the summary of DESIGN.md §7's budgets.

No server, no timing: these run in the normal suite in milliseconds. The bench itself is `make bench`.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import _openloop
import run as bench_run
from _openloop import Sample, percentile, schedule, summarize, verdict

# --- the schedule -----------------------------------------------------------------------------------------


def test_schedule_is_fixed_and_evenly_spaced():
    times = schedule(50, 2)
    assert len(times) == 100
    assert times[0] == 0
    assert times[-1] == pytest.approx(1.98)
    assert all(b - a == pytest.approx(0.02) for a, b in itertools.pairwise(times))
    assert schedule(2.5, 2) == pytest.approx([0, 0.4, 0.8, 1.2, 1.6])
    assert schedule(4, 0.5) == pytest.approx([0, 0.25])


@pytest.mark.parametrize(("rate", "seconds"), [(0, 10), (-5, 10), (50, 0)])
def test_schedule_refuses_an_empty_or_negative_run(rate, seconds):
    with pytest.raises(ValueError):
        schedule(rate, seconds)


# --- percentiles ------------------------------------------------------------------------------------------


def test_percentile_is_the_nearest_rank_without_interpolation():
    thousand = [float(i) for i in range(1000, 0, -1)]  # unsorted on purpose
    assert percentile(thousand, 99) == 990  # the ⌈0.99 × 1000⌉ = 990th smallest
    assert percentile(thousand, 50) == 500
    assert percentile(thousand, 100) == 1000
    assert percentile([5.0, 1.0, 3.0], 50) == 3  # ⌈1.5⌉ = 2nd smallest
    assert percentile([5.0, 1.0, 3.0], 1) == 1
    assert percentile([7.0], 99) == 7
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 0)


# Hand-worked: 10 requests at 10 req/s (due at 0.0, 0.1, …, 0.9 s) over ONE connection. The server stalls 1 s on
# the first, then answers each in 10 ms. Request 0 is sent at 0.0 and ends at 1.0; request k ≥ 1 can only be
# sent when the connection frees, at 1.0 + 0.01 (k − 1), and ends at 1.0 + 0.01 k.
#   corrected latency (from the due time) of k: 1.0 + 0.01 k − 0.1 k = 1.0 − 0.09 k:
#     1.00, 0.91, 0.82, 0.73, 0.64, 0.55, 0.46, 0.37, 0.28, 0.19
#   service latency (from the actual send), what a closed-loop tool reports: 1.00 then nine × 0.01
# Sorted corrected: 0.19 0.28 0.37 0.46 0.55 0.64 0.73 0.82 0.91 1.00 → p50 = 5th = 0.55 s, p90 = 9th = 0.91 s,
# p99 = 10th = 1.00 s. Uncorrected p50 = p90 = 10 ms: the stall would hide behind one slow sample.
# Achieved rate: 10 answers / 1.09 s = 9.17 req/s; the latest send: request 1, due 0.1, sent 1.00 → 900 ms
# (request 9, due 0.9, sent 1.08: only 180 ms late, the queue is draining).
STALL = [
    Sample(scheduled=0.0, sent=0.00, done=1.00, ok=True),
    Sample(scheduled=0.1, sent=1.00, done=1.01, ok=True),
    Sample(scheduled=0.2, sent=1.01, done=1.02, ok=True),
    Sample(scheduled=0.3, sent=1.02, done=1.03, ok=True),
    Sample(scheduled=0.4, sent=1.03, done=1.04, ok=True),
    Sample(scheduled=0.5, sent=1.04, done=1.05, ok=False),
    Sample(scheduled=0.6, sent=1.05, done=1.06, ok=True),
    Sample(scheduled=0.7, sent=1.06, done=1.07, ok=True),
    Sample(scheduled=0.8, sent=1.07, done=1.08, ok=True),
    Sample(scheduled=0.9, sent=1.08, done=1.09, ok=True),
]


def test_latency_is_corrected_for_coordinated_omission_hand_worked():
    figures = summarize(STALL, start=0.0, rate=10)
    assert [round(s.latency, 2) for s in STALL] == [1.0, 0.91, 0.82, 0.73, 0.64, 0.55, 0.46, 0.37, 0.28, 0.19]
    assert figures["p50"] == pytest.approx(550)
    assert figures["p90"] == pytest.approx(910)
    assert figures["p99"] == pytest.approx(1000)
    assert figures["max"] == pytest.approx(1000)
    assert figures["service_p99"] == pytest.approx(1000)
    # what a closed-loop tool would have said about the same run
    assert percentile([s.service for s in STALL], 50) * 1000 == pytest.approx(10)
    assert percentile([s.service for s in STALL], 90) * 1000 == pytest.approx(10)
    assert figures["rate"] == pytest.approx(10 / 1.09)
    assert figures["lag_max"] == pytest.approx(900)
    assert figures["requests"] == 10
    assert figures["errors"] == 1


# --- the verdict ------------------------------------------------------------------------------------------

GOOD = {
    "p99": 120.0,
    "service_p99": 60.0,
    "achieved": 49.8,
    "errors": 0,
    "size": 50_000,
    "small": 1_000,
    "rate": 50.0,
    "cpu_ms": 12.0,
    "cost_ratio": 1.1,
    "cores": 2,
    "load_before": 0.3,
}


def test_cores_busy_is_rate_times_cpu_per_request():
    assert _openloop.cores_busy(50, 40) == pytest.approx(2.0)
    assert _openloop.cores_busy(200, 2.5) == pytest.approx(0.5)


def test_verdict_met():
    lines = verdict(**GOOD)
    assert lines == [
        "budget p99 < 150 ms at 50 req/s with 50,000 dossiers in the unit, 50k/1k cost ≤ 1.3: met "
        "(p99 120.0 ms at 49.8 req/s, 50,000 dossiers, cost ratio 1.10 over 1,000)"
    ]


def test_verdict_cpu_bound_says_rate_times_cpu_against_the_cores():
    lines = verdict(**{**GOOD, "p99": 900.0, "achieved": 44.0, "cpu_ms": 40.0, "load_before": 0.5})
    assert lines[0].startswith("budget p99 < 150 ms")
    assert ": NOT met (p99 900.0 ms at 44.0 req/s" in lines[0]
    assert lines[1] == (
        "bounded by: CPU: 50 req/s × 40.0 ms CPU per page = 2.00 cores busy, 2 cores on the machine "
        "(load average 0.5 before the run: about 1.5 free)"
    )


def test_verdict_cpu_shared_with_other_load():
    # 50 × 20 ms = 1 core busy: half the machine, but the other load leaves only 0.5 core
    lines = verdict(**{**GOOD, "p99": 300.0, "cpu_ms": 20.0, "load_before": 1.5})
    assert lines[1].startswith("bounded by: CPU shared with other load: 50 req/s × 20.0 ms CPU per page = 1.00 cores")


def test_verdict_the_page_itself_when_cpu_is_not_the_limit():
    lines = verdict(**{**GOOD, "p99": 200.0, "service_p99": 180.0, "cpu_ms": 5.0})
    assert lines[1].startswith("bounded by: the page itself: p99 180.0 ms from the actual send, without queueing")


def test_verdict_other_work_when_neither_cpu_nor_the_page():
    lines = verdict(**{**GOOD, "p99": 200.0, "service_p99": 30.0, "cpu_ms": 5.0})
    assert lines[1].startswith("bounded by: queueing behind other work on the machine")


def test_verdict_cost_ratio_and_errors_alone_fail_it():
    lines = verdict(**{**GOOD, "cost_ratio": 1.8, "errors": 3})
    assert "NOT met" in lines[0]
    assert lines[1] == (
        "bounded by: 3 errors (non-200 answers or failed connections); "
        "cost grows with the unit: CPU per page at 50,000 / at 1,000 dossiers = 1.80 > 1.3"
    )


def test_verdict_rate_not_kept_with_p99_under_budget():
    lines = verdict(**{**GOOD, "achieved": 40.0, "cpu_ms": 45.0})
    assert lines[1].startswith("bounded by: rate 40.0 < 50 req/s: CPU: 50 req/s × 45.0 ms")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"size": 2_000}, "largest size 2,000 < 50,000"),
        ({"rate": 20.0}, "rate 20 < 50 req/s"),
        ({"small": None, "cost_ratio": None}, "no run at 1,000 dossiers or fewer for the cost ratio"),
    ],
)
def test_verdict_not_judged_when_the_run_is_not_the_budget_shape(change, why):
    lines = verdict(**{**GOOD, **change})
    assert len(lines) == 1
    assert ": not judged (" in lines[0]
    assert lines[0].endswith(why + ")")
    assert bench_run.parse_budget(lines[0])[0] == "not judged"


# --- the summary table of bench/run.py ----------------------------------------------------------------------


def section(name: str, body: str) -> str:
    return f"## {name}\n\nCommand: `python bench/{name}.py`\n\n{body}\n"


def test_parse_budget_reads_every_bench_format():
    assert bench_run.parse_budget("budget ≥ 200,000 ops/s: met (slowest row 228,453/s)") == (
        "met",
        "slowest row 228,453/s",
    )
    assert bench_run.parse_budget(
        "budget ≥ 300 dossiers/s and p99 < 100 ms (postgresql): NOT met (94/s, p99 110.0 ms)"
    ) == ("NOT met", "94/s, p99 110.0 ms")
    # nested parentheses and a colon inside the figures
    assert bench_run.parse_budget(
        "budget, demo data for a province-year (1.5 M dossiers) < 3 min: NOT met (bulk path, projected at the "
        "measured rate: postgresql 169 min (640,000 dossiers: 72 min))"
    ) == ("NOT met", "bulk path, projected at the measured rate: postgresql 169 min (640,000 dossiers: 72 min)")
    assert bench_run.parse_budget("load average 3.0") is None


def test_budget_table_has_every_design_budget_and_says_what_was_not_measured():
    inbox = verdict(**{**GOOD, "p99": 900.0, "cpu_ms": 40.0})
    sections = [
        section("duedate", "| a | b |\n|---|---:|\n\nbudget ≥ 200,000 ops/s: met (slowest row 228,453/s)"),
        section(
            "status_lookup",
            "**postgresql** (4 workers)\n\nbudget p99 < 20 ms at 200 req/s: met (p99 15.2 ms at 200 req/s)\n\n"
            "**sqlite** (4 workers)\n\nbudget p99 < 20 ms at 200 req/s: NOT met (p99 41.7 ms at 200 req/s)",
        ),
        section("officer_inbox_p99", "**postgresql** (50,000 dossiers)\n\n" + "\n".join(inbox)),
        section("period_report", "| report | ms |\n|---|---:|\n| year | 61.9 |"),
        section("simulation", "FAILED (exit 1):\n\n```\nTraceback\n```"),
    ]
    table = bench_run.budget_table(sections).splitlines()
    assert table[0] == "| budget (DESIGN.md §7) | bench | measured | budget | verdict |"
    body = table[2:]
    assert len(body) == 8  # 7 budgets, status look-up on two engines
    assert body[0] == (
        "| dossier intake through the API, PostgreSQL, durable | api_intake | not measured in this run "
        "| ≥ 300 dossiers/s, p99 < 100 ms | not measured in this run |"
    )
    assert body[1] == (
        "| officer inbox page, PostgreSQL, 50,000 dossiers in the unit | officer_inbox_p99 (postgresql) "
        "| p99 900.0 ms at 49.8 req/s, 50,000 dossiers, cost ratio 1.10 over 1,000 "
        "| p99 < 150 ms at 50 req/s, 50k/1k cost ≤ 1.3 | NOT met |"
    )
    assert body[2].startswith("| status lookup by code under load | status_lookup (postgresql) | p99 15.2 ms")
    assert body[2].endswith("| met |")
    assert body[3].startswith("| status lookup by code under load | status_lookup (sqlite) | p99 41.7 ms")
    assert body[3].endswith("| NOT met |")
    assert "| period_report | no budget line printed (see its section) |" in body[4]
    assert body[4].endswith("| not judged |")
    assert body[5] == ("| due-date computation | duedate | slowest row 228,453/s | ≥ 200,000/s | met |")
    assert "| import_procedures | not measured in this run |" in body[6]
    assert body[7] == (
        "| demo data: a province-year of traffic | simulation | failed (see its section) | < 3 min "
        "| not measured in this run |"
    )
    assert list(dict.fromkeys(row.split(" | ")[0] for row in body)) == ["| " + what for what, _, _ in bench_run.BUDGETS]


def test_budget_table_names_the_engine_a_bench_prints_in_its_budget_line():
    """bench/import_procedures.py prints both engines in one text block, with the engine in the budget itself."""
    body = (
        "```\nbudget 2,600 procedures < 10 s (SQLite): met (projected 8.4 s at this rate)\n"
        "budget 2,600 procedures < 10 s (PostgreSQL): NOT met (projected 12.6 s at this rate)\n```"
    )
    rows = [row for row in bench_run.budget_table([section("import_procedures", body)]).splitlines() if "import" in row]
    assert rows == [
        "| catalogue import (2,600 procedures) | import_procedures (sqlite) | projected 8.4 s at this rate | < 10 s | met |",
        "| catalogue import (2,600 procedures) | import_procedures (postgresql) | projected 12.6 s at this rate "
        "| < 10 s | NOT met |",
    ]


def test_a_new_run_goes_first_in_its_section_and_earlier_runs_stay():
    """`make bench` must not erase the before/after figures written under a bench's earlier runs."""
    old = "## duedate\n\n### 2026-11-22\n\nbudget ≥ 200,000 ops/s: NOT met (slowest row 150,000/s)\n"
    new = section("duedate", "budget ≥ 200,000 ops/s: met (slowest row 228,453/s)")
    merged = bench_run.with_history(new, old, "2026-12-07 19:00 UTC")
    assert merged.index("### 2026-12-07 19:00 UTC: `make bench`") < merged.index("### 2026-11-22")
    assert "150,000/s" in merged and "228,453/s" in merged
    # a section written before runs were dated keeps its text under a heading
    undated = bench_run.with_history(new, "## duedate\n\nCommand: `python bench/duedate.py`\n\nold figures\n", "now")
    assert "### Earlier run\n\nCommand: `python bench/duedate.py`\n\nold figures" in undated
    # the budget table at the top reads only the latest run of each section
    table = bench_run.summary([merged])
    assert "| duedate | slowest row 228,453/s | ≥ 200,000/s | met |" in table
    assert "150,000" not in table
    assert bench_run.latest(new) == new


def test_make_bench_runs_every_standalone_bench_and_no_comparison_tool():
    """`make bench` runs the scripts that take no argument; the A/B tools need a second checkout (`--before`) and
    would print FAILED sections in an unattended run, so they are left to be run by hand."""
    names = {script.stem for script in bench_run.SCRIPTS}
    assert {"api_intake", "officer_inbox_p99", "replica", "simulation", "status_lookup"} <= names
    assert not {name for name in names if name.endswith("_ab") or name.startswith(("_", "profile_"))}
    on_disk = {p.stem for p in (bench_run.ROOT / "bench").glob("*_ab.py")}
    assert on_disk, "the comparison tools this rule is about are gone: drop the rule"


# --- the period report's budget line (bench/period_report.py) ------------------------------------------------


def period_results(year: float, worst: float) -> dict[str, tuple[float, float, float]]:
    return {
        "province, calendar year 2025": (year, 500.0, 100.0),
        "province, arbitrary 5/3-17/8": (worst, 600.0, 120.0),
        "one commune, calendar year 2025": (900.0, 3.0, 50.0),  # not a province window: not in the ratio
    }


def test_period_report_budget_line():
    import period_report

    met = period_report.budget_line([1_500_000], {1_500_000: period_results(80.0, 150.0)})
    assert met == (
        "budget province-year report < 100 ms, any window ≤ 2× the calendar year: met "
        "(year 80.0 ms, slowest province window 1.88× the year at 1,500,000 dossiers)"
    )
    assert bench_run.parse_budget(met) == (
        "met",
        "year 80.0 ms, slowest province window 1.88× the year at 1,500,000 dossiers",
    )
    too_slow_window = period_report.budget_line(
        [300_000, 1_500_000], {300_000: period_results(40.0, 50.0), 1_500_000: period_results(80.0, 200.0)}
    )
    assert ": NOT met (year 80.0 ms, slowest province window 2.50× the year" in too_slow_window
    assert too_slow_window.endswith("; the year at 1,500,000 / at 300,000: 2.00×)")
    assert ": NOT met" in period_report.budget_line([1_500_000], {1_500_000: period_results(120.0, 120.0)})
    small = period_report.budget_line([750_000], {750_000: period_results(60.0, 90.0)})
    assert small.endswith(
        ": not judged (year 60.0 ms, slowest province window 1.50× the year at 750,000 dossiers; "
        "largest size 750,000 < 1,500,000)"
    )
