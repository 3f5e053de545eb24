"""Run every benchmark in bench/ and write their output to docs/benchmarks.md.

`make bench` calls this. Each bench script is standalone (`python bench/<name>.py`), measures its own baseline in
the same run and prints a Markdown table or aligned text; this runner only collects them with the machine, date,
command and load average. The HTTP, import and simulation benchmarks run PostgreSQL and SQLite themselves; those
that take the database from DATABASE_URL (PER_ENGINE) are run once on PostgreSQL (BENCH_POSTGRES_URL, a
throw-away test database, when reachable) and once on SQLite. `python bench/run.py NAME...` runs only those and
replaces their sections in docs/benchmarks.md. Benchmarks are not tests: nothing here asserts a timing.
At the end it prints one table of every budget of DESIGN.md §7 (`budget_table`): the value measured in this run
(from the `budget …: met / NOT met / not judged (…)` line its bench printed), the budget and the verdict; a budget
whose bench did not run says "not measured in this run".
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# helpers (`_server.py`), profilers (`profile_*.py`) and before/after comparisons (`*_ab.py`, which need a second
# checkout to compare with) are not benchmarks of this tree
SCRIPTS = sorted(
    p
    for p in (ROOT / "bench").glob("*.py")
    if p.name not in {"run.py", "__init__.py"}
    and not p.name.startswith(("_", "profile_"))
    and not p.stem.endswith("_ab")
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def split_sections(text: str) -> list[str]:
    """The `## name` sections of an existing docs/benchmarks.md."""
    parts = text.split("\n## ")[1:]
    return ["## " + part.rstrip("\n") + "\n" for part in parts]


def section_name(section: str) -> str:
    return section.split("\n", 1)[0][3:].strip()


ENGINE_IN_BUDGET = re.compile(r"\((PostgreSQL|SQLite)\):", re.IGNORECASE)


def budget_lines(sections: list[str]) -> list[tuple[str, str, str]]:
    """(bench, engine, line) for every budget line a bench printed (`budget …: met / NOT met (…)`); the engine is
    the last `**engine**` label above the line (a bench run once per database)."""
    found = []
    for section in sections:
        engine = ""
        for line in section.splitlines():
            if line.startswith("**") and line.count("**") >= 2:
                engine = line[2:].split("**", 1)[0]
            if line.lower().startswith("budget"):
                # a bench that prints both engines in one block names the engine in the budget itself
                named = ENGINE_IN_BUDGET.search(line)
                found.append((section_name(section), named[1].lower() if named else engine, line))
    return found


def summary(sections: list[str]) -> str:
    """The budget table of the latest run of every bench, at the top of docs/benchmarks.md."""
    latest_runs = [latest(s) for s in sections]
    if not budget_lines(latest_runs):
        return ""
    return (
        "## Budgets (DESIGN.md §7)\n\nThe latest run of each bench (its date is at the top of its section).\n\n"
        + budget_table(latest_runs)
        + "\n"
    )


def latest(section: str) -> str:
    """A section with its latest run only: the runs are `### ` subsections, newest first."""
    name, _, body = section.partition("\n")
    runs = ("\n" + body).split("\n### ")
    if len(runs) < 2:
        return section
    return f"{name}\n\n{runs[1].partition(chr(10))[2].strip(chr(10))}\n"


def with_history(new: str, old: str | None, when: str) -> str:
    """This run of a bench as the first `### ` subsection of its section, the section's earlier runs after it
    (hand-written before/after comparisons stay beside the figures they explain)."""
    name, _, body = new.partition("\n")
    parts = [f"{name}\n\n### {when}: `make bench`\n\n{body.strip(chr(10))}\n"]
    if old is not None:
        earlier = old.partition("\n")[2].strip("\n")
        if earlier and not earlier.startswith("### "):
            earlier = "### Earlier run\n\n" + earlier
        if earlier:
            parts.append(earlier + "\n")
    return "\n".join(parts)


# DESIGN.md §7, one row per budget: what, the budget, and the benches whose `budget …` line judges it.
BUDGETS = [
    ("dossier intake through the API, PostgreSQL, durable", "≥ 300 dossiers/s, p99 < 100 ms", ("api_intake",)),
    (
        "officer inbox page, PostgreSQL, 50,000 dossiers in the unit",
        "p99 < 150 ms at 50 req/s, 50k/1k cost ≤ 1.3",
        ("officer_inbox_p99",),
    ),
    ("status lookup by code under load", "p99 < 20 ms at 200 req/s", ("status_lookup",)),
    (
        "period report for a province-year (1.5 M dossiers, 3,400 units), any window",
        "< 100 ms, ≤ 2× the calendar year, flat as history grows",
        ("period_report",),
    ),
    ("due-date computation", "≥ 200,000/s", ("duedate",)),
    ("catalogue import (2,600 procedures)", "< 10 s", ("import_procedures",)),
    ("demo data: a province-year of traffic", "< 3 min", ("simulation",)),
]

VERDICT = re.compile(r"^budget[ ,]*(?P<budget>.*): (?P<verdict>NOT met|met|not judged)(?: \((?P<measured>.*)\))?\s*$")


def parse_budget(line: str) -> tuple[str, str] | None:
    """(verdict, measured) of a bench's budget line, None when it does not read as one."""
    match = VERDICT.match(line.strip())
    return (match["verdict"], match["measured"] or "") if match else None


def budget_table(sections: list[str]) -> str:
    """Every budget of DESIGN.md §7 with what this run measured: one row per bench line (per engine); a budget
    whose bench did not run says so, a bench that ran without a verdict line or failed says that."""
    lines = budget_lines(sections)
    ran = {section_name(s): s for s in sections}
    rows = [
        "| budget (DESIGN.md §7) | bench | measured | budget | verdict |",
        "|---|---|---|---|---|",
    ]
    for what, budget, benches in BUDGETS:
        mine = [(name, engine, line) for name, engine, line in lines if name in benches]
        for name, engine, line in mine:
            verdict, measured = parse_budget(line) or ("?", line)
            rows.append(f"| {what} | {name}{f' ({engine})' if engine else ''} | {measured} | {budget} | {verdict} |")
        for name in benches:
            if any(n == name for n, _, _ in mine):
                continue
            if name not in ran:
                rows.append(f"| {what} | {name} | not measured in this run | {budget} | not measured in this run |")
            elif "FAILED (exit" in ran[name]:
                rows.append(f"| {what} | {name} | failed (see its section) | {budget} | not measured in this run |")
            else:
                rows.append(f"| {what} | {name} | no budget line printed (see its section) | {budget} | not judged |")
    return "\n".join(rows) + "\n"


def today() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def load() -> str:
    """The 1-minute load average: on a shared machine, the figures next to a high one are pessimistic."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


# These take their database from DATABASE_URL (Django's test database machinery): run once per engine.
PER_ENGINE = {"counter_receipt", "period_report", "transitions"}
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/motcua_bench_{os.getpid()}")


def environments(script: Path) -> list[tuple[str, dict[str, str]]]:
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if script.stem not in PER_ENGINE:
        return [("", base)]
    sys.path.insert(0, str(ROOT / "bench"))
    from _server import postgres_available

    runs = [("sqlite", base)]
    if postgres_available():
        runs.insert(0, ("postgresql", {**base, "DATABASE_URL": POSTGRES_URL}))
    return runs


def run_script(script: Path, label: str, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    print(proc.stdout, flush=True)
    if proc.returncode:
        body = f"FAILED (exit {proc.returncode}):\n\n```\n{proc.stderr[-2000:]}\n```"
    else:
        body = proc.stdout.strip()
        if "\n|---" not in body:  # plain aligned text, not a Markdown table: keep its columns
            body = f"```\n{body}\n```"
    return f"**{label}**\n\n{body}" if label else body


def main() -> int:
    only = set(sys.argv[1:])
    sections: list[str] = []
    for script in SCRIPTS:
        if only and script.stem not in only:
            continue
        print(f"== {script.name}", flush=True)
        load_before, started = load(), time.monotonic()
        body = "\n\n".join(run_script(script, label, env) for label, env in environments(script))
        took = time.monotonic() - started
        sections.append(
            f"## {script.stem}\n\nCommand: `python bench/{script.name}` — {today()}, {took:.0f} s, load average "
            f"{load_before} before and {load()} after\n\n{body}\n"
        )
    header = (
        "# Benchmarks\n\n"
        "Produced by `make bench` (`python bench/run.py [NAME...]`). Every figure is measured next to its baseline in the\n"
        "same run, so compare the ratios rather than the absolute numbers across machines. Budgets: DESIGN.md §7.\n\n"
        f"- Date: {today()}\n- Machine: {machine()}\n\n"
    )
    this_run = list(sections)
    target = ROOT / "docs" / "benchmarks.md"
    # this run's sections go first in their section; earlier runs, and the benches not run now, are kept
    previous = {section_name(s): s for s in split_sections(target.read_text())} if target.exists() else {}
    previous.pop("Budgets (DESIGN.md §7)", None)
    ran = {section_name(s) for s in sections}
    sections = [with_history(s, previous.get(section_name(s)), today()) for s in sections]
    sections += [s for name, s in previous.items() if name not in ran]
    sections.sort(key=lambda s: s.split("\n", 1)[0])
    target.write_text(header + summary(sections) + "\n".join(sections))
    print(f"\n== budgets of this run ({today()}, load average {load()})\n\n{budget_table(this_run)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
