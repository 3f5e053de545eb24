"""Two workers against the same PostgreSQL database never send the same delivery twice."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, vn
from motcua.sync.choices import DeliveryStatus, EndpointKind
from motcua.sync.models import Delivery, OutboxMessage
from motcua.sync.services import endpoint_create
from motcua.sync.testing import NationalPortalMock
from motcua.sync.worker import Worker

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent claims need PostgreSQL (SQLite serialises writers)"
)


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_message_twice(settings):
    settings.MOTCUA_SYNC |= {"BATCH": 3}
    world = World()
    dossiers = [world.dossier_in(DossierStatus.IN_PROGRESS, at=vn(2026, 3, 2, 8, n)) for n in range(12)]
    with NationalPortalMock() as portal:
        endpoint_create(name="portal", kind=EndpointKind.WEBHOOK, url=portal.url + "/dossiers")
        start = threading.Barrier(2)

        def run(name: str) -> None:
            try:
                start.wait()
                Worker(name=name, reminders=False).drain()
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(f"worker-{n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    sent = Counter(portal.accepted_ids)
    assert (len(sent), max(sent.values())) == (OutboxMessage.objects.count(), 1)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert len(dossiers) == len(portal.records)
