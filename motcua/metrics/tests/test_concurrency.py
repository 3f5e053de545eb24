import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, vn
from motcua.metrics.models import DailyRollup
from motcua.metrics.services import rollups_rebuild

from .test_rebuild import snapshot

# A working Wednesday morning: every dossier here is received and moved on one Vietnamese working day, whatever
# day the suite runs on (ticking, so the threads' actions come after the reception).
MOMENT = vn(2026, 3, 4, 9, 0)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(MOMENT, tick=True):
        yield


@pytest.mark.django_db(transaction=True)
def test_simultaneous_events_of_one_unit_and_day_all_count():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite serialises writers)")
    world = World()
    dossiers = [world.receive(at=timezone.now()) for _ in range(8)]
    barrier = threading.Barrier(len(dossiers))
    errors: list[Exception] = []

    def suspend(dossier):
        try:
            barrier.wait()
            services.dossier_suspend(
                officer=world.counter, dossier=dossier, expected_version=dossier.version, reason="Tạm dừng"
            )
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=suspend, args=(dossier,)) for dossier in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {d.status for d in world.procedure.dossiers.all()} == {DossierStatus.SUSPENDED}
    incremental = snapshot()
    assert sum(row.received for row in DailyRollup.objects.all()) == 8
    rollups_rebuild()
    assert snapshot() == incremental


def _stock_writes(queries) -> list[str]:
    # on PostgreSQL the rollup upserts of one event are sent as one batch (core.db.writes_batched), in order
    statements = [part for q in queries for part in q["sql"].split(";\n")]
    return [
        "in_progress" if "'in_progress'" in sql else "waiting"
        for sql in statements
        if 'INTO "metrics_openstock"' in sql
    ]


@pytest.mark.django_db
def test_the_hook_writes_open_stock_rows_in_key_order():
    """Leaving "waiting" for "in_progress" must write the in_progress row first, like the opposite move does, so
    two such moves never lock the same rows in opposite orders (the deadlock bench/faults.py found)."""
    from django.test.utils import CaptureQueriesContext

    world = World()
    dossier = world.receive(at=timezone.now())
    with CaptureQueriesContext(connection) as suspended:
        dossier = services.dossier_suspend(
            officer=world.counter, dossier=dossier, expected_version=dossier.version, reason="Tạm dừng"
        )
    with CaptureQueriesContext(connection) as resumed:
        services.dossier_resume(officer=world.counter, dossier=dossier, expected_version=dossier.version)
    assert _stock_writes(suspended.captured_queries) == ["in_progress", "waiting"]
    assert _stock_writes(resumed.captured_queries) == ["in_progress", "waiting"]


@pytest.mark.django_db(transaction=True)
def test_opposite_moves_of_one_unit_and_day_at_once_do_not_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite serialises writers)")
    world = World()
    now = timezone.now()
    dossiers = [world.receive(at=now) for _ in range(8)]
    waiting = [
        services.dossier_suspend(officer=world.counter, dossier=d, expected_version=d.version, reason="Tạm dừng")
        for d in dossiers[:4]
    ]
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def move(dossier, resume: bool):
        try:
            barrier.wait()
            if resume:
                services.dossier_resume(officer=world.counter, dossier=dossier, expected_version=dossier.version)
            else:
                services.dossier_suspend(
                    officer=world.counter, dossier=dossier, expected_version=dossier.version, reason="Tạm dừng"
                )
        except Exception as exc:  # a deadlock surfaces here as OperationalError
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(d, True)) for d in waiting]
    threads += [threading.Thread(target=move, args=(d, False)) for d in dossiers[4:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    incremental = snapshot()
    rollups_rebuild()
    assert snapshot() == incremental
