"""The dossier history partitioned by month on PostgreSQL (migration 0012, motcua.dossiers.partitions, the
`partitions` command). On SQLite only the no-op paths and the month arithmetic run; the rest needs PostgreSQL
(`DATABASE_URL=postgres://…`)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from motcua.dossiers import partitions, services
from motcua.dossiers.models import DossierEvent

# Any fixed moment: the conversion decides from the table, not from the date (a second run does nothing).
MOMENT = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL only")


def test_months_are_vietnamese_calendar_months():
    assert partitions.bound(dt.date(2026, 1, 1)) == "2026-01-01T00:00:00+07:00"
    assert partitions.next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    # 31 Jan 2026 18:30 UTC is 1 Feb 01:30 in Vietnam: February's partition
    assert partitions.vn_month(dt.datetime(2026, 1, 31, 18, 30, tzinfo=dt.UTC)) == dt.date(2026, 2, 1)
    assert partitions.partition_name(dt.date(2026, 2, 1)) == "dossiers_dossierevent_p202602"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite path")
def test_sqlite_is_not_partitioned_and_the_command_says_so():
    assert partitions.partition_events(now=MOMENT) is False
    out = StringIO()
    call_command("partitions", "ensure", stdout=out)
    assert "PostgreSQL" in out.getvalue()


def _event_partition(event: DossierEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM dossiers_dossierevent WHERE id = %s AND created_at = %s",
            [event.pk, event.created_at],
        )
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.django_db
def test_the_migrated_history_is_partitioned_by_month_and_events_land_in_their_month(world):
    with connection.cursor() as cursor:
        assert partitions.is_partitioned(cursor)
        # a second run of the conversion does nothing
    assert partitions.partition_events(now=MOMENT) is False
    dossier = services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="A", applicant_phone="0912345678"
    )
    event = dossier.events.get()
    expected = partitions.partition_name(partitions.vn_month(event.created_at))
    with connection.cursor() as cursor:
        months = [name for name, _first in partitions.monthly_partitions(cursor)]
    assert _event_partition(event) == (expected if expected in months else partitions.DEFAULT_PARTITION)


@postgres_only
@pytest.mark.django_db
def test_one_event_per_sequence_number_still_holds(world):
    dossier = services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="A", applicant_phone="0912345678"
    )
    first = dossier.events.get()
    with pytest.raises(IntegrityError, match="dossiers_event_seq_unique"), transaction.atomic():
        DossierEvent.objects.create(dossier=dossier, seq=first.seq, action=first.action, to_status=first.to_status)


@postgres_only
@pytest.mark.django_db
def test_the_history_is_still_append_only(world):
    dossier = services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="A", applicant_phone="0912345678"
    )
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(dossier=dossier).update(reason="x")
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(dossier=dossier).delete()


@postgres_only
@pytest.mark.django_db
def test_ensure_creates_the_coming_months_and_moves_their_events_out_of_default(world):
    far = dt.datetime(2031, 3, 10, 3, 0, tzinfo=dt.UTC)
    dossier = services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="A", applicant_phone="0912345678"
    )
    first = dossier.events.get()
    late = DossierEvent.objects.create(
        dossier=dossier, seq=first.seq + 1, action=first.action, to_status=first.to_status, created_at=far
    )
    assert _event_partition(late) == partitions.DEFAULT_PARTITION
    created = partitions.ensure(months_ahead=1, now=far)
    assert created == ["dossiers_dossierevent_p203103", "dossiers_dossierevent_p203104"]
    assert _event_partition(late) == "dossiers_dossierevent_p203103"
    assert partitions.ensure(months_ahead=1, now=far) == []  # idempotent


@postgres_only
@pytest.mark.django_db
def test_detach_archives_old_months_but_not_half_a_dossier_history(world):
    dossier = services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="A", applicant_phone="0912345678"
    )
    first = dossier.events.get()
    with connection.cursor() as cursor:
        partitions.add_month(cursor, dt.date(2020, 1, 1))
        partitions.add_month(cursor, dt.date(2020, 2, 1))
    old = DossierEvent.objects.create(
        dossier=dossier,
        seq=first.seq + 1,
        action=first.action,
        to_status=first.to_status,
        created_at=dt.datetime(2020, 1, 15, tzinfo=dt.UTC),
    )
    with pytest.raises(CommandError, match="hai phía"):
        call_command("partitions", "detach", "--before", "2020-02", stdout=StringIO())
    out = StringIO()
    call_command("partitions", "detach", "--before", "2020-02", "--allow-split", stdout=out)
    assert "dossiers_dossierevent_p202001" in out.getvalue()
    assert not DossierEvent.objects.filter(pk=old.pk).exists()  # out of the live history
    with connection.cursor() as cursor:  # but not deleted: a standalone table to dump
        cursor.execute("SELECT count(*) FROM dossiers_dossierevent_p202001 WHERE id = %s", [old.pk])
        assert cursor.fetchone()[0] == 1
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("partitions", "detach", "--before", "2020-13", stdout=StringIO())
