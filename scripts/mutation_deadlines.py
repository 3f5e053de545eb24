#!/usr/bin/env python3
"""Mutation check for the deadline and fee rules (issue 13 §4): disable each rule in turn and expect the
tests that guard it to fail. A mutation that leaves the tests green is a rule without a test.

Usage: .venv/bin/python scripts/mutation_deadlines.py   (about 3 minutes; exit status 1 if a mutant survives)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = [
    "motcua/dossiers/tests/test_limit_units.py",
    "motcua/dossiers/tests/test_deadlines.py",
    "motcua/dossiers/tests/test_history_and_permissions.py",
    "motcua/workdays/tests/test_official_calendar.py",
    "motcua/workdays/tests/test_commands.py",
    "motcua/dossiers/tests/test_duedate_command.py",
]
MUTATIONS = [
    "days_as_working_days",
    "working_hours_as_working_days",
    "hours_as_working_hours",
    "months_as_30_days",
    "months_removed",
    "calendar_days_end_at_clock_time",
    "calendar_days_may_end_on_a_day_off",
    "fee_guard_removed",
    "fee_fact_always_settled",
]


def run(mutation: str) -> tuple[int, float]:
    env = {**os.environ, "MOTCUA_MUTATION": mutation, "PYTHONPATH": str(ROOT / "scripts")}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *TESTS, "-q", "-x", "-p", "no:randomly", "-p", "mutation_plugin"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.returncode, time.monotonic() - started


def main() -> int:
    code, seconds = run("")
    print(f"baseline (no mutation): {'green' if code == 0 else 'RED'} ({seconds:.0f} s)")
    if code != 0:
        return 1
    survivors = []
    for mutation in MUTATIONS:
        code, seconds = run(mutation)
        killed = code != 0
        print(f"{mutation:<40} {'killed' if killed else 'SURVIVED'} ({seconds:.0f} s)")
        if not killed:
            survivors.append(mutation)
    print(f"{len(MUTATIONS) - len(survivors)}/{len(MUTATIONS)} mutants killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
