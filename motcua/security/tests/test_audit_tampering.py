"""`motcua audit verify` detects and names each of the eight ways an insider with database access can tamper
with the dossier history (issue 18, finding 2; threat model in docs/security.md): the four the hash chain always
caught, and the four it missed — which the replay of the dossier row and the signed checkpoint catch."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.dossiers import audit
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.security import checkpoint as checkpoints

pytestmark = pytest.mark.django_db
EVENTS = DossierEvent._meta.db_table
DOSSIERS = Dossier._meta.db_table


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _delete_events(dossier_id: int, seq: int | None = None) -> None:
    """Delete events the way a forger must: first the rows that point at them (outbox, notifications, files)."""
    events = DossierEvent.objects.filter(dossier_id=dossier_id)
    ids = list((events.filter(seq=seq) if seq else events).values_list("pk", flat=True))
    # every reverse relation, hidden ones too (`related_name="+"`, e.g. the notification outbox rows)
    relations = [f for f in DossierEvent._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]
    for relation in relations:
        table, column = relation.related_model._meta.db_table, relation.field.column
        for pk in ids:
            _sql(f"DELETE FROM {table} WHERE {column} = %s", [pk])  # noqa: S608 (names from the model)
    for pk in ids:
        _sql(f"DELETE FROM {EVENTS} WHERE id = %s", [pk])  # noqa: S608


def _verify() -> dict:
    """`audit verify --json` as an operator runs it; returns the report (the command fails when tampered)."""
    out = StringIO()
    with contextlib.suppress(CommandError):
        call_command("audit", "verify", "--json", stdout=out)
    return json.loads(out.getvalue())


def _problems(report: dict) -> set[tuple[str, int, str]]:
    return {(f["dossier_code"], f["seq"], f["problem"]) for f in report["findings"]}


def _checkpoint() -> None:
    call_command("audit", "checkpoint", stdout=StringIO())


def _reseal(dossier_id: int) -> None:
    """What an insider who read docs/security.md does after editing events: recompute the whole chain of the
    dossier with the published hash function (canonical JSON, SHA-256)."""
    previous = audit.GENESIS
    for event in DossierEvent.objects.filter(dossier_id=dossier_id).order_by("seq"):
        fields = {name: getattr(event, name) for name in audit._FIELDS}
        digest = audit.event_hash(dossier_id=dossier_id, prev_hash=previous, **fields)
        _sql(f"UPDATE {EVENTS} SET prev_hash = %s, hash = %s WHERE id = %s", [previous, digest, event.pk])  # noqa: S608
        previous = digest


@pytest.fixture
def dossier(world):
    return world.dossier_in(DossierStatus.AWAITING_SIGNATURE)


def test_an_untouched_history_verifies_and_says_what_changed_since_the_checkpoint(world, dossier):
    _checkpoint()
    world.dossier_in(DossierStatus.IN_PROGRESS)
    report = _verify()
    assert report["ok"] is True
    assert report["findings"] == []
    assert report["since"]["new_dossiers"] == 1
    assert report["since"]["new_events"] == report["events"] - dossier.version


# --- the four cases the chain always caught ------------------------------------------------------------------


def test_case_1_an_event_edited_in_place_is_named_content(dossier):
    _sql(f"UPDATE {EVENTS} SET reason = %s WHERE dossier_id = %s AND seq = 2", ["sửa lén", dossier.pk])  # noqa: S608
    assert (dossier.code, 2, "content") in _problems(_verify())


def test_case_2_an_event_rehashed_alone_is_named_link_at_the_next_event(dossier):
    target = dossier.events.get(seq=2)
    fields = {name: getattr(target, name) for name in audit._FIELDS} | {"reason": "giả mạo"}
    forged = audit.event_hash(dossier_id=dossier.pk, prev_hash=target.prev_hash, **fields)
    _sql(f"UPDATE {EVENTS} SET reason = %s, hash = %s WHERE id = %s", ["giả mạo", forged, target.pk])  # noqa: S608
    assert (dossier.code, 3, "link") in _problems(_verify())


def test_case_3_an_event_deleted_in_the_middle_is_named_gap(dossier):
    _delete_events(dossier.pk, 2)
    assert (dossier.code, 2, "gap") in _problems(_verify())


def test_case_4_an_event_inserted_with_a_wrong_link_is_named_link(dossier):
    last = dossier.events.order_by("-seq").first()
    _sql(
        f"INSERT INTO {EVENTS} (dossier_id, seq, action, from_status, to_status, reason, data, created_at, "  # noqa: S608
        "prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            dossier.pk,
            last.seq + 1,
            last.action,
            last.to_status,
            "delivered",
            "",
            "{}",
            last.created_at,
            "f" * 64,
            "0" * 64,
        ],
    )
    _sql(f"UPDATE {DOSSIERS} SET status = %s, version = %s WHERE id = %s", ["delivered", last.seq + 1, dossier.pk])  # noqa: S608
    assert (dossier.code, last.seq + 1, "link") in _problems(_verify())


# --- the four cases it missed (issue 18) ------------------------------------------------------------------


def test_case_5_an_event_rewritten_and_the_chain_resealed_is_named_rewritten_against_the_checkpoint(dossier):
    _checkpoint()
    _sql(f"UPDATE {EVENTS} SET reason = %s WHERE dossier_id = %s AND seq = 2", ["viết lại", dossier.pk])  # noqa: S608
    _reseal(dossier.pk)
    assert audit.verify_all().ok  # the chain alone is fooled: this is why the checkpoint exists
    report = _verify()
    assert report["ok"] is False
    assert (dossier.code, dossier.version, "rewritten") in _problems(report)
    assert report["since"]["checkpoint"].startswith("checkpoint-")


def test_case_6_a_dossiers_last_event_deleted_is_named_tail_missing(dossier):
    _checkpoint()
    _delete_events(dossier.pk, dossier.version)
    assert (dossier.code, dossier.version, "tail_missing") in _problems(_verify())


def test_case_6b_the_last_event_deleted_and_the_row_rolled_back_is_still_caught_by_the_checkpoint(dossier):
    _checkpoint()
    previous = dossier.events.get(seq=dossier.version - 1)
    _delete_events(dossier.pk, dossier.version)
    _sql(
        f"UPDATE {DOSSIERS} SET status = %s, version = %s WHERE id = %s",  # noqa: S608
        [previous.to_status, previous.seq, dossier.pk],
    )
    assert (dossier.code, dossier.version, "tail_missing") in _problems(_verify())


def test_case_7_a_dossiers_whole_history_deleted_is_named_history_missing(dossier):
    _delete_events(dossier.pk)
    assert (dossier.code, 1, "history_missing") in _problems(_verify())


def test_case_7b_a_whole_dossier_deleted_is_named_dossier_missing_against_the_checkpoint(world, dossier):
    _checkpoint()
    _delete_events(dossier.pk)
    for relation in Dossier._meta.related_objects:
        if relation.related_model is DossierEvent:
            continue
        table, column = relation.related_model._meta.db_table, relation.field.column
        _sql(f"DELETE FROM {table} WHERE {column} = %s", [dossier.pk])  # noqa: S608
    _sql(f"DELETE FROM {DOSSIERS} WHERE id = %s", [dossier.pk])  # noqa: S608
    assert (dossier.code, dossier.version, "dossier_missing") in _problems(_verify())


def test_case_8_the_dossier_status_edited_without_an_event_is_named_row_status(dossier):
    _sql(f"UPDATE {DOSSIERS} SET status = %s WHERE id = %s", ["delivered", dossier.pk])  # noqa: S608
    found = {f["problem"]: f for f in _verify()["findings"]}
    assert (found["row_status"]["expected"], found["row_status"]["found"]) == (
        DossierStatus.AWAITING_SIGNATURE,
        "delivered",
    )


def test_case_8b_the_due_date_moved_without_an_event_is_named_row_due(dossier):
    dossier.refresh_from_db()
    later = dossier.due_at + dt.timedelta(days=7)
    _sql(f"UPDATE {DOSSIERS} SET due_at = %s WHERE id = %s", [later, dossier.pk])  # noqa: S608
    assert (dossier.code, dossier.version, "row_due") in _problems(_verify())


def test_the_command_names_the_tampering_in_vietnamese(dossier):
    _sql(f"UPDATE {DOSSIERS} SET status = %s WHERE id = %s", ["delivered", dossier.pk])  # noqa: S608
    with pytest.raises(CommandError, match="trạng thái hồ sơ khác lịch sử"):
        call_command("audit", "verify", stdout=StringIO())


# --- the checkpoint itself ------------------------------------------------------------------------------------


def test_the_checkpoint_is_signed_publishable_and_the_key_private(dossier, settings):
    _checkpoint()
    (path,) = Path(settings.MOTCUA_AUDIT_CHECKPOINT_DIR).glob("checkpoint-*.json")
    loaded = checkpoints.checkpoint_load(path)
    assert loaded.heads == {dossier.pk: (dossier.code, dossier.version, dossier.events.get(seq=dossier.version).hash)}
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    key = Path(settings.MOTCUA_AUDIT_KEY_PATH)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700


def test_a_checkpoint_edited_to_match_a_forgery_is_refused(dossier, settings):
    _checkpoint()
    (path,) = Path(settings.MOTCUA_AUDIT_CHECKPOINT_DIR).glob("checkpoint-*.json")
    document = json.loads(path.read_text())
    document["heads"][0][2] -= 1
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit", "verify", stdout=StringIO())


def test_no_checkpoint_seals_a_tampered_history(dossier):
    _sql(f"UPDATE {DOSSIERS} SET status = %s WHERE id = %s", ["delivered", dossier.pk])  # noqa: S608
    with pytest.raises(CommandError, match="row_status"):
        _checkpoint()


def test_the_merkle_root_follows_rfc_6962():
    """RFC 6962 §2.1: MTH of two leaves = SHA-256(0x01 ‖ SHA-256(0x00 ‖ d0) ‖ SHA-256(0x00 ‖ d1))."""
    import hashlib

    heads = {1: ("A", 1, "a" * 64), 2: ("B", 2, "b" * 64)}
    leaf = [
        hashlib.sha256(b"\x00" + json.dumps([pk, *heads[pk]], separators=(",", ":")).encode()).digest() for pk in (1, 2)
    ]
    assert checkpoints.merkle_root(heads) == hashlib.sha256(b"\x01" + leaf[0] + leaf[1]).hexdigest()
    assert checkpoints.merkle_root({}) == hashlib.sha256(b"").hexdigest()
