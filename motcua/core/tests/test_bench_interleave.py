"""The before/after loop shared by bench/api_intake.py and bench/status_lookup.py (`--before DIR --trials N`,
bench/_server.py `interleaved_trials`): the trees take turns, every trial is reported as it ends, one summary
table follows; and each bench's own output around it. No server: the trials are stand-ins returning fixed figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import _server
import api_intake
import status_lookup
from _server import checkouts, interleaved_trials, summary_table, trial_label


def test_checkouts_put_the_before_tree_first_and_this_one_after(tmp_path):
    assert checkouts(None) == [("", _server.ROOT)]
    assert checkouts(tmp_path) == [("before", tmp_path.resolve()), ("after", _server.ROOT)]


@pytest.mark.parametrize(
    ("name", "number", "trials", "label"),
    [("before", 2, 3, " — before, trial 2"), ("", 2, 3, " — trial 2"), ("", 1, 1, "")],
)
def test_trial_label(name, number, trials, label):
    assert trial_label(name, number, trials) == label


def test_trials_are_interleaved_reported_as_they_end_and_summed_up(capsys):
    calls = []

    def trial(engine, root):
        calls.append((engine, root.name))
        return {"load": len(calls) / 10, "value": len(calls)}

    trees = [("before", Path("/tmp/old")), ("after", Path("/tmp/new"))]
    results = interleaved_trials(
        "postgresql",
        trees,
        2,
        trial=trial,
        report=lambda engine, label, figures: [f"{engine}{label}: {figures['value']}"],
        columns=["value"],
        row=lambda figures: [str(figures["value"])],
    )
    assert calls == [("postgresql", "old"), ("postgresql", "new")] * 2
    assert [f["value"] for f in results["before"]] == [1, 3]
    assert [f["value"] for f in results["after"]] == [2, 4]
    assert capsys.readouterr().out.splitlines() == [
        "postgresql — before, trial 1: 1",
        "postgresql — after, trial 1: 2",
        "postgresql — before, trial 2: 3",
        "postgresql — after, trial 2: 4",
        "| code | trial | load avg | value |",
        "|---|---:|---:|---:|",
        "| before | 1 | 0.1 | 1 |",
        "| before | 2 | 0.3 | 3 |",
        "| after | 1 | 0.2 | 2 |",
        "| after | 2 | 0.4 | 4 |",
        "",
    ]


def test_one_trial_of_one_tree_prints_no_summary(capsys):
    interleaved_trials(
        "sqlite",
        [("", Path("/tmp/x"))],
        1,
        trial=lambda engine, root: {"load": 0.0},
        report=lambda engine, label, figures: [f"{engine}{label}"],
        columns=["x"],
        row=lambda figures: ["-"],
    )
    assert capsys.readouterr().out == "sqlite\n"


def test_summary_table_names_a_lone_tree_this():
    table = summary_table({"": [{"load": 1.25}]}, ["a", "b"], lambda figures: ["1", "2"])
    assert table.splitlines() == [
        "| code | trial | load avg | a | b |",
        "|---|---:|---:|---:|---:|",
        "| this | 1 | 1.2 | 1 | 2 |",
    ]


def _load(rate: float, p99: float, cpu: float) -> dict:
    return {"requests": int(rate * 15), "rate": rate, "p50": p99 / 2, "p90": p99 * 0.8, "p99": p99, "max": p99 * 2,
            "errors": 0, "cpu_ms": cpu}  # fmt: skip


def test_api_intake_before_after_output(monkeypatch, capsys, tmp_path):
    def trial(engine, args, root):
        before = root == tmp_path
        intake = _load(100 if before else 150, 90 if before else 60, 12 if before else 8)
        return {"load": 1.5, "health": _load(2000, 5, 0.8), "bare": _load(750, 20, 1.5), "intake": intake,
                "filed": intake["requests"]}  # fmt: skip

    monkeypatch.setattr(api_intake, "trial", trial)
    monkeypatch.setattr(
        sys, "argv", ["api_intake.py", "--engine", "sqlite", "--before", str(tmp_path), "--trials", "2"]
    )
    api_intake.main()
    out = capsys.readouterr().out
    assert out.count("**sqlite** — before, trial") == 2
    assert out.count("**sqlite** — after, trial") == 2
    assert "intake = 13 % of the bare insert view (goal ≥ 25 %)" in out
    assert "intake = 20 % of the bare insert view (goal ≥ 25 %)" in out
    summary = [line for line in out.splitlines() if line.startswith("| before |") or line.startswith("| after |")]
    assert summary == [
        "| before | 1 | 1.5 | 750 | 100 | 13 % | 90.0 | 12.0 | 1.5 |",
        "| before | 2 | 1.5 | 750 | 100 | 13 % | 90.0 | 12.0 | 1.5 |",
        "| after | 1 | 1.5 | 750 | 150 | 20 % | 60.0 | 8.0 | 1.5 |",
        "| after | 2 | 1.5 | 750 | 150 | 20 % | 60.0 | 8.0 | 1.5 |",
    ]
    # the budget line judges the last trial of this checkout
    assert out.rstrip().endswith("budget ≥ 300 dossiers/s and p99 < 100 ms (sqlite): NOT met (150/s, p99 60.0 ms)")


def test_status_lookup_before_after_output(monkeypatch, capsys, tmp_path):
    def trial(engine, args, root):
        status = _load(200, 30 if root == tmp_path else 15, 6.0)
        return {"load": 0.5, "health": _load(200, 3, 0.9), "status": status}

    monkeypatch.setattr(status_lookup, "trial", trial)
    monkeypatch.setattr(sys, "argv", ["status_lookup.py", "--engine", "sqlite", "--before", str(tmp_path)])
    status_lookup.main()
    out = capsys.readouterr().out
    assert "**sqlite** — before, trial 1 (4 gunicorn workers, 200 req/s for 20 s each" in out
    assert "budget p99 < 20 ms at 200 req/s: NOT met (p99 30.0 ms at 200 req/s)" in out
    assert "budget p99 < 20 ms at 200 req/s: met (p99 15.0 ms at 200 req/s)" in out
    assert (
        "| code | trial | load avg | /healthz p99 ms | status req/s | status p50 ms | status p99 ms | CPU ms/status |"
        in out
    )
    assert "| before | 1 | 0.5 | 3.0 | 200 | 15.0 | 30.0 | 6.0 |" in out
    assert "| after | 1 | 0.5 | 3.0 | 200 | 7.5 | 15.0 | 6.0 |" in out


def test_an_unreachable_postgresql_is_skipped_and_said(monkeypatch, capsys):
    monkeypatch.setattr(_server, "postgres_available", lambda: False)
    assert list(_server.available_engines(["postgresql", "sqlite"])) == ["sqlite"]
    assert capsys.readouterr().out == "**postgresql**: skipped (not reachable)\n\n"
