"""Tamper-evident dossier history: every `DossierEvent` carries the SHA-256 of its own content and of the event
before it, so changing or deleting any stored event breaks the chain from that point on.

The hash is computed in `engine._append_event`, inside the transaction that already holds the dossier row lock,
so the chain of one dossier is linear (no two events can claim the same predecessor). `verify_all` walks every
dossier and reports the first broken link; `motcua audit verify` prints it.

Why: the history is the legal record of how a dossier was handled (ND 61/2018 art 25–26 and TT 01/2018 art 13:
the process control sheet and the evaluation are derived from it); an operator with database access must not be
able to rewrite it silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass

GENESIS = "0" * 64
_FIELDS = ("seq", "actor_id", "unit_id", "action", "from_status", "to_status", "reason", "data", "created_at")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(*, dossier_id: int, prev_hash: str, **fields) -> bytes:
    """The exact bytes hashed for one event: a JSON object with sorted keys, no spaces, UTF-8, times in UTC
    with microseconds (the precision both SQLite and PostgreSQL keep)."""
    record = {"dossier_id": dossier_id, "prev_hash": prev_hash}
    for name in _FIELDS:
        value = fields[name]
        record[name] = _utc(value) if name == "created_at" else value
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def event_hash(*, dossier_id: int, prev_hash: str, **fields) -> str:
    return hashlib.sha256(canonical(dossier_id=dossier_id, prev_hash=prev_hash, **fields)).hexdigest()


def _fields_of(event) -> dict:
    return {name: getattr(event, name) for name in _FIELDS}


def seal(event) -> None:
    """Fill `prev_hash` and `hash` of an unsaved event; the caller holds the dossier row lock."""
    from .models import DossierEvent

    # The first event (seq 1: versions start at 0) has no predecessor: no query on the intake path.
    previous = (
        None
        if event.seq <= 1
        else DossierEvent.objects.filter(dossier_id=event.dossier_id, seq__lt=event.seq)
        .order_by("-seq")
        .values_list("hash", flat=True)
        .first()
    )
    event.prev_hash = previous or GENESIS
    fields = _fields_of(event)
    # Round-trip `data` through JSON so the hash covers what the database will return (tuples become lists).
    fields["data"] = json.loads(json.dumps(event.data))
    event.hash = event_hash(dossier_id=event.dossier_id, prev_hash=event.prev_hash, **fields)


@dataclass(frozen=True)
class Break:
    """The first broken link of one dossier's chain."""

    dossier_id: int
    dossier_code: str
    seq: int
    problem: str  # "content" (row changed), "link" (prev_hash ≠ previous hash), "gap" (an event is missing)
    expected: str
    found: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    dossiers: int = 0
    events: int = 0
    first_break: Break | None = None
    broken_dossiers: int = 0

    @property
    def ok(self) -> bool:
        return self.first_break is None

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dossiers": self.dossiers,
            "events": self.events,
            "broken_dossiers": self.broken_dossiers,
            "first_break": self.first_break.as_dict() if self.first_break else None,
        }


_COLUMNS = ("dossier_id", "prev_hash", "hash", *_FIELDS)


def check_chain(dossier_id: int, code: str, rows: list[dict]) -> Break | None:
    """Check one dossier's events (ordered by seq): sequence without gaps from 1, each `prev_hash` equal to the
    previous event's `hash`, each `hash` equal to the hash recomputed from the row."""
    previous = GENESIS
    for position, row in enumerate(rows, start=1):
        seq = row["seq"]
        if seq != position:
            return Break(dossier_id, code, position, "gap", f"seq {position}", f"seq {seq}")
        if row["prev_hash"] != previous:
            return Break(dossier_id, code, seq, "link", previous, row["prev_hash"])
        fields = {name: row[name] for name in _FIELDS}
        expected = event_hash(dossier_id=dossier_id, prev_hash=row["prev_hash"], **fields)
        if row["hash"] != expected:
            return Break(dossier_id, code, seq, "content", expected, row["hash"])
        previous = row["hash"]
    return None


def _chains(batch_size: int) -> Iterator[tuple[int, str, list[dict]]]:
    """Every dossier with its events, reading events in dossier-id batches (bounded memory)."""
    from .models import Dossier, DossierEvent

    last_id = 0
    while True:
        dossiers = list(Dossier.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", "code")[:batch_size])
        if not dossiers:
            return
        ids = [pk for pk, _ in dossiers]
        events: dict[int, list[dict]] = {pk: [] for pk in ids}
        for row in (
            DossierEvent.objects.filter(dossier_id__in=ids).order_by("dossier_id", "seq").values(*_COLUMNS).iterator()
        ):
            events[row["dossier_id"]].append(row)
        for pk, code in dossiers:
            yield pk, code, events[pk]
        last_id = ids[-1]


def verify_all(*, batch_size: int = 500) -> Report:
    """Walk every dossier's history; count events and remember the first broken link (by dossier id)."""
    report = Report()
    for dossier_id, code, rows in _chains(batch_size):
        report.dossiers += 1
        report.events += len(rows)
        broken = check_chain(dossier_id, code, rows)
        if broken is not None:
            report.broken_dossiers += 1
            if report.first_break is None:
                report.first_break = broken
    return report


def reseal_all(apps=None) -> int:
    """Compute hashes for stored events in order (the data migration for histories written before the chain
    existed). Uses a queryset update, bypassing the append-only guard on purpose; returns the events sealed."""
    model = (apps.get_model("dossiers", "DossierEvent") if apps else None) or _event_model()
    sealed = 0
    previous_dossier, previous = None, GENESIS
    rows = model.objects.order_by("dossier_id", "seq").values("pk", "dossier_id", *_FIELDS)
    for row in rows.iterator():
        if row["dossier_id"] != previous_dossier:
            previous_dossier, previous = row["dossier_id"], GENESIS
        fields = {name: row[name] for name in _FIELDS}
        digest = event_hash(dossier_id=row["dossier_id"], prev_hash=previous, **fields)
        # models.QuerySet.update (not EventQuerySet.update, which refuses): the only sanctioned rewrite.
        from django.db.models import QuerySet

        QuerySet.update(model.objects.filter(pk=row["pk"]), prev_hash=previous, hash=digest)
        previous = digest
        sealed += 1
    return sealed


def _event_model():
    from .models import DossierEvent

    return DossierEvent
