"""The bulk path in parallel processes writes the rows of the serial bulk run (docs/simulation.md, "Parallel").

One seed, one window, three communes: first the serial bulk run, then (its rows deleted, the id sequences put
back) the same run in two processes. Every column of every row is compared with ids mapped to natural keys, as in
`test_bulk.py`; the event hashes cover the dossier id, which differs by design (each process takes its own ids),
so they are compared by verifying every chain instead.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from motcua.dossiers import audit
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.simulation import parallel
from motcua.simulation.services import simulation_run

from .test_bulk import assert_same, id_positions, restore_ids, snapshot, table_counts, wipe

ID_BOUND = {"hash", "prev_hash"}


def without_hashes(rows: dict) -> dict:
    return {
        label: [{k: v for k, v in row.items() if k not in ID_BOUND} for row in table] for label, table in rows.items()
    }


@pytest.fixture
def postgres_only(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("parallel processes write through their own connections: PostgreSQL only (SQLite: serial)")
    if threading.active_count() > 1:
        # The whole-suite pass has started Playwright's driver threads by now; forking a process that runs other
        # threads can leave a child waiting on a lock one of them held (seen: the workers hung in CI). The CLI
        # forks from a single-threaded process; this test runs in the passes without browser tests
        # (`make pytest-moved-clock`, `-m "not browser"`).
        pytest.skip("fork after threads: runs in the passes without browser tests")


def test_parallel_bulk_run_writes_the_rows_of_the_serial_run(postgres_only, offices):
    offices[0].late_rate = 0.2
    window = {"start": dt.date(2025, 4, 21), "end": dt.date(2025, 5, 11), "scale": 0.1, "seed": 11}
    before = table_counts()
    positions = id_positions(list(before))
    serial = simulation_run(**window, offices=offices, bulk=True)
    after = table_counts()
    touched = [model for model in after if after[model] != before[model]]
    expected = without_hashes(snapshot(touched))
    assert serial.dossiers > 50 and serial.extra["processes"] == 1

    wipe(touched)
    restore_ids(positions)
    split = simulation_run(**window, offices=offices, bulk=True, workers=2)
    assert split.extra["processes"] == 2
    assert [m for m, n in table_counts().items() if n != before[m]] == touched
    assert_same(expected, without_hashes(snapshot(touched)))
    assert (split.dossiers, split.events, split.actions, split.refused_actions, split.by_status) == (
        serial.dossiers,
        serial.events,
        serial.actions,
        serial.refused_actions,
        serial.by_status,
    )
    report = audit.verify_all()
    assert report.ok and report.events == serial.events
    # The processes took ids from both lanes, and the sequences continue after the highest one.
    ids = sorted(DossierEvent.objects.values_list("dossier_id", flat=True).distinct())
    assert {i % 2 for i in ids} == {0, 1}
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Dossier._meta.db_table])
        assert cursor.fetchone()[0] > ids[-1]


def test_communes_are_split_by_size_and_inside_a_transaction_the_run_is_serial(offices):
    offices[0].size, offices[1].size, offices[2].size = 1.0, 3.0, 1.5
    assert parallel.split(offices, 2) == [[offices[1]], [offices[0], offices[2]]]  # the largest alone
    assert parallel.split(offices, 3) == [[offices[1]], [offices[2]], [offices[0]]]
    assert not parallel.usable(2)  # the test's transaction (and SQLite): the serial bulk path runs
    assert not parallel.usable(1)


def test_parallel_processes_only_from_a_single_threaded_caller(transactional_db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the parallel path is PostgreSQL only")
    assert parallel.usable(2) is (threading.active_count() == 1)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # e.g. a browser test's driver threads
    assert not parallel.usable(2)  # a fork could inherit a lock another thread holds: the serial path runs


def test_the_command_defaults_to_one_process_per_core(db, monkeypatch):
    from django.core.management import call_command

    from motcua.simulation.management.commands import simulate

    assert parallel.cores() >= 1
    seen = []

    def fake_run(**kwargs):
        seen.append(kwargs["workers"])
        raise simulate.SimulationInputError("stop")

    monkeypatch.setattr(simulate, "simulation_run", fake_run)
    monkeypatch.setattr(parallel, "cores", lambda: 6)
    for extra in ([], ["--workers", "1"]):
        with pytest.raises(Exception, match="stop"):
            call_command("simulate", "--from", "2025-01-01", "--to", "2025-01-02", "--bulk", *extra)
    assert seen == [6, 1]
