"""Run every benchmark in bench/ and write their output to docs/benchmarks.md.

`make bench` calls this. Each bench script is standalone (`python bench/<name>.py`), measures its own baseline in
the same run and prints a Markdown table; this runner only collects them with the machine, date and command.
Benchmarks are not tests: nothing here asserts a timing.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(p for p in (ROOT / "bench").glob("*.py") if p.name not in {"run.py", "__init__.py"})


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


def main() -> int:
    only = set(sys.argv[1:])
    sections = []
    for script in SCRIPTS:
        if only and script.stem not in only:
            continue
        print(f"== {script.name}", flush=True)
        proc = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False
        )
        print(proc.stdout)
        body = (
            proc.stdout.strip()
            if proc.returncode == 0
            else f"FAILED (exit {proc.returncode}):\n\n```\n{proc.stderr[-2000:]}\n```"
        )
        sections.append(f"## {script.stem}\n\nCommand: `python bench/{script.name}`\n\n{body}\n")
    header = (
        "# Benchmarks\n\n"
        "Produced by `make bench` (`python bench/run.py [NAME...]`). Every figure is measured next to its baseline in the\n"
        "same run, so compare the ratios rather than the absolute numbers across machines. Budgets: DESIGN.md §7.\n\n"
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}\n- Machine: {machine()}\n\n"
    )
    (ROOT / "docs" / "benchmarks.md").write_text(header + "\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
