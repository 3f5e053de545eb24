import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World
from motcua.metrics.models import DailyRollup
from motcua.metrics.services import rollups_rebuild

from .test_rebuild import snapshot


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
