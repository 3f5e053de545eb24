"""Transitions per second through the dossier service layer vs a bare UPDATE + INSERT baseline, same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench python bench/transitions.py [N]

Creates a throw-away test database (Django's test runner machinery), drives N dossiers through
suspend → resume (two transitions each: lock, version check, permission, guards, clock pause/shift, event,
on-commit notification) and compares with the same number of bare transactions that UPDATE the dossier row
and INSERT an event row.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def main(n: int) -> None:
    from django.conf import settings
    from django.test.utils import get_runner

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(n)
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


def run(n: int) -> None:
    from motcua.dossiers import services
    from motcua.dossiers.choices import DossierStatus
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.tests.factories import World

    world = World()
    dossiers = [world.dossier_in(DossierStatus.IN_PROGRESS) for _ in range(n)]

    start = time.perf_counter()
    for dossier in dossiers:
        dossier = services.dossier_suspend(
            officer=world.leader, dossier=dossier, expected_version=dossier.version, reason="bench"
        )
        services.dossier_resume(officer=world.leader, dossier=dossier, expected_version=dossier.version)
    service_s = time.perf_counter() - start

    table_d, table_e = Dossier._meta.db_table, DossierEvent._meta.db_table
    start = time.perf_counter()
    for dossier in dossiers:
        for to_status in ("suspended", "in_progress"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table_d} SET status=%s, version=version+1 WHERE id=%s", [to_status, dossier.pk]
                )
                cursor.execute(
                    f"INSERT INTO {table_e} (dossier_id, seq, action, from_status, to_status, reason, data, created_at,"
                    " prev_hash, hash) VALUES (%s, (SELECT version FROM " + table_d + " WHERE id=%s), 'resume', '', %s,"
                    " '', '{}', %s, '', '')",
                    [dossier.pk, dossier.pk, to_status, timezone.now()],
                )
    baseline_s = time.perf_counter() - start

    transitions = 2 * n
    print(f"database: {connection.vendor}, transitions: {transitions}")
    print(f"{'path':<32}{'transitions/s':>16}{'ms/transition':>16}")
    for label, seconds in (("service layer (suspend/resume)", service_s), ("bare UPDATE + INSERT", baseline_s)):
        print(f"{label:<32}{transitions / seconds:>16.0f}{1000 * seconds / transitions:>16.2f}")
    print(f"overhead factor: {service_s / baseline_s:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
