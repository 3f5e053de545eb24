"""`core.db`: blind writes batched in one round trip on PostgreSQL (issue 20 item 1), never seen late by a read
and never skipping a model's save receivers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from motcua.core.db import insert_blind, writes_batched
from motcua.dossiers.models import DossierCodeCounter
from motcua.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 4)


def test_blind_inserts_wait_for_the_end_of_the_batch_on_postgresql_and_a_read_sends_them_first():
    unit = UnitFactory()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with writes_batched():
            insert_blind(DossierCodeCounter(unit=unit, day=DAY), DossierCodeCounter(unit=unit, day=DAY.replace(day=5)))
            sent_before_the_read = len(queries.captured_queries)
            # a read inside the block sees what was queued before it
            assert DossierCodeCounter.objects.filter(unit=unit).count() == 2
            insert_blind(DossierCodeCounter(unit=unit, day=DAY.replace(day=6), last=7))
        assert DossierCodeCounter.objects.get(unit=unit, day=DAY.replace(day=6)).last == 7
    if connection.vendor == "postgresql":
        assert sent_before_the_read == 0
        # the two queued rows went out in one statement before the SELECT; the third at the end of the block
        statements = [q["sql"] for q in queries.captured_queries]
        assert statements[0].startswith('INSERT INTO "dossiers_dossiercodecounter"'), statements
        assert statements[1].startswith("SELECT"), statements
    # the model's defaults are applied as a save() would (last=0)
    assert DossierCodeCounter.objects.get(unit=unit, day=DAY).last == 0


def test_a_blind_insert_returns_no_id_but_marks_the_row_saved():
    unit = UnitFactory()
    row = DossierCodeCounter(unit=unit, day=DAY)
    insert_blind(row)
    assert row.pk is None and not row._state.adding
    assert DossierCodeCounter.objects.filter(unit=unit, day=DAY).exists()


def test_a_model_with_save_receivers_is_saved_the_ordinary_way():
    """No receiver is ever skipped: with a post_save receiver connected, the rows are saved one by one."""
    unit = UnitFactory()
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.day, created))

    post_save.connect(receiver, sender=DossierCodeCounter, weak=False, dispatch_uid="test-core-db")
    try:
        row = DossierCodeCounter(unit=unit, day=DAY)
        insert_blind(row)
    finally:
        post_save.disconnect(sender=DossierCodeCounter, dispatch_uid="test-core-db")
    assert seen == [(DAY, True)]
    assert row.pk is not None
