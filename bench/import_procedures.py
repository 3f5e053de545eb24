"""Benchmark: import every national-portal procedure in ../shared/data/tthc into a fresh database.

Budget (DESIGN.md §7): 2,600 procedures < 10 s. Runs on a fresh SQLite file, then on PostgreSQL when
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/motcua_bench_catalog) is reachable.

    /tmp/v/bin/python bench/import_procedures.py [PATH]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(label: str, env: dict[str, str], source: Path) -> None:
    code = f"""
import os, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from pathlib import Path
from motcua.catalog.importers.runner import import_national
started = time.perf_counter()
report = import_national([Path({str(source)!r})])
first = time.perf_counter() - started
started = time.perf_counter()
again = import_national([Path({str(source)!r})])
second = time.perf_counter() - started
n = report.imported
print(f"{label}: {{n}} procedures imported in {{first:.2f}} s = {{n / first:.0f}} procedures/s; "
      f"re-import (unchanged {{again.unchanged}}) {{second:.2f}} s; failed {{len(report.failed)}}")
projected = 2600 * first / max(n, 1)
print(f"budget 2,600 procedures < 10 s ({label}): {{'met' if projected < 10 else 'NOT met'}} "
      f"(projected {{projected:.1f}} s at this rate)")
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "tthc"
    if not source.is_dir():
        sys.exit(f"no data at {source}")
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    base.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        run_one("SQLite", {**base, "MOTCUA_DATA_DIR": tmp}, source)
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench_catalog")
    dbname = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            conn.execute(f'CREATE DATABASE "{dbname}"')
    except Exception as exc:  # PostgreSQL is optional for this benchmark
        print(f"PostgreSQL: skipped ({exc.__class__.__name__})")
        return
    with tempfile.TemporaryDirectory() as tmp:
        run_one("PostgreSQL", {**base, "DATABASE_URL": url, "MOTCUA_DATA_DIR": tmp}, source)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


if __name__ == "__main__":
    main()
