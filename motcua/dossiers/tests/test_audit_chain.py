"""The dossier history is tamper-evident: each event hashes its content and its predecessor's hash."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.dossiers import audit
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import DossierEvent

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=DossierEvent._meta.db_table), params)


def test_every_event_written_by_the_engine_links_to_the_previous_one(world):
    dossier = world.dossier_in(DossierStatus.DELIVERED)
    events = list(dossier.events.order_by("seq"))
    assert events[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert audit.verify_all().as_dict() == {
        "ok": True,
        "dossiers": 1,
        "events": len(events),
        "broken_dossiers": 0,
        "first_break": None,
    }


def test_a_reason_changed_with_raw_sql_is_reported_at_that_event(world):
    dossier = world.dossier_in(DossierStatus.AWAITING_SIGNATURE)
    target = dossier.events.get(seq=2)
    _sql("UPDATE {table} SET reason = %s WHERE id = %s", ["sửa lén", target.pk])
    broken = audit.verify_all().first_break
    assert (broken.dossier_code, broken.seq, broken.problem) == (dossier.code, 2, "content")
    assert broken.found == target.hash
    assert broken.expected != target.hash


def test_a_rehashed_forgery_is_caught_by_the_next_link(world):
    dossier = world.dossier_in(DossierStatus.AWAITING_SIGNATURE)
    target = dossier.events.get(seq=2)
    forged = audit.event_hash(
        dossier_id=dossier.pk,
        prev_hash=target.prev_hash,
        **{name: getattr(target, name) for name in audit._FIELDS} | {"reason": "giả mạo"},
    )
    _sql("UPDATE {table} SET reason = %s, hash = %s WHERE id = %s", ["giả mạo", forged, target.pk])
    broken = audit.verify_all().first_break
    assert (broken.seq, broken.problem, broken.expected, broken.found) == (3, "link", forged, target.hash)


def test_a_deleted_middle_event_is_reported_as_a_gap(world):
    dossier = world.dossier_in(DossierStatus.RESULT_READY)
    victim = dossier.events.get(seq=2).pk
    # A forger must also remove the rows that point at the event (outbox, notifications, files).
    for relation in DossierEvent._meta.related_objects:
        table, column = relation.related_model._meta.db_table, relation.field.column
        _sql(f"DELETE FROM {table} WHERE {column} = %s", [victim])  # noqa: S608 (names from the model)
    _sql("DELETE FROM {table} WHERE id = %s", [victim])
    broken = audit.verify_all().first_break
    assert (broken.dossier_code, broken.seq, broken.problem, broken.found) == (dossier.code, 2, "gap", "seq 3")


def test_only_broken_dossiers_are_counted_and_the_first_is_reported(world):
    intact = world.dossier_in(DossierStatus.IN_PROGRESS)
    tampered = world.dossier_in(DossierStatus.IN_PROGRESS)
    _sql("UPDATE {table} SET to_status = %s WHERE dossier_id = %s AND seq = 1", ["delivered", tampered.pk])
    report = audit.verify_all(batch_size=1)
    assert (report.dossiers, report.broken_dossiers, report.first_break.dossier_id) == (2, 1, tampered.pk)
    assert intact.pk != tampered.pk


def test_reseal_fills_hashes_for_a_history_written_before_the_chain(world):
    dossier = world.dossier_in(DossierStatus.AWAITING_APPROVAL)
    _sql("UPDATE {table} SET hash = '', prev_hash = '' WHERE dossier_id = %s", [dossier.pk])
    assert audit.verify_all().ok is False
    assert audit.reseal_all() == dossier.events.count()
    assert audit.verify_all().ok is True


def test_data_serialised_once_hashes_to_the_same_bytes():
    """The bulk simulator hands `canonical` the event data already serialised (`data_json`): same bytes, same hash."""
    import datetime as dt

    fields = {
        "seq": 3,
        "actor_id": None,
        "unit_id": 7,
        "action": "forward",
        "from_status": "received",
        "to_status": "in_progress",
        "reason": 'Hồ sơ "đủ" \\ điều kiện',
        "data": {"steps": [{"unit": 4, "due_at": "2025-05-02T01:00:00+00:00", "lead": True}], "ngày": "ổn", "a": 1.5},
        "created_at": dt.datetime(2025, 5, 2, 8, 30, 0, 123456, tzinfo=dt.UTC),
    }
    plain = audit.canonical(dossier_id=12, prev_hash=audit.GENESIS, **fields)
    once = audit.canonical(
        dossier_id=12, prev_hash=audit.GENESIS, data_json=audit.canonical_json(fields["data"]), **fields
    )
    assert once == plain
    other = audit.canonical(dossier_id=12, prev_hash=audit.GENESIS, data_json=audit.canonical_json({"a": 2}), **fields)
    assert other != plain


def test_the_hashed_moment_is_the_strftime_text_in_utc():
    """`audit._utc` formats with `isoformat` for speed (one per event hashed): byte for byte the `strftime` form
    the chain was sealed with."""
    import datetime as dt
    import random

    from motcua.workdays.calendar import VN_TZ

    rng = random.Random(14)
    origin = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
    for _ in range(5000):
        moment = origin + dt.timedelta(seconds=rng.randrange(0, 1200 * 365 * 86400), microseconds=rng.randrange(10**6))
        moment = moment.astimezone(VN_TZ) if rng.random() < 0.5 else moment
        assert audit._utc(moment) == moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert audit._utc(dt.datetime(2025, 5, 2, 15, 30, tzinfo=VN_TZ)) == "2025-05-02T08:30:00.000000Z"
