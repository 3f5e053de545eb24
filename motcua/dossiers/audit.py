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
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.apps.registry import Apps

    from .models import DossierEvent

GENESIS = "0" * 64
_FIELDS = ("seq", "actor_id", "unit_id", "action", "from_status", "to_status", "reason", "data", "created_at")


def _utc(moment: dt.datetime) -> str:
    """The hashed form of a moment: `strftime("%Y-%m-%dT%H:%M:%S.%fZ")` in UTC, byte for byte (`isoformat` gives
    the same text for every year from 1000 on, at a fraction of the cost: one per event hashed)."""
    utc = moment.astimezone(dt.UTC)
    if utc.year < 1000:  # strftime's %Y does not pad these
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces, UTF-8 text (not ASCII escapes), no NaN: the hashed form."""
    return _ENCODER.encode(value)


def canonical(*, dossier_id: int, prev_hash: str, data_json: str | None = None, **fields: Any) -> bytes:
    """The exact bytes hashed for one event: a JSON object with sorted keys, no spaces, UTF-8, times in UTC
    with microseconds (the precision both SQLite and PostgreSQL keep). `data_json`: the event's `data` already
    in `canonical_json` form (the bulk simulator serialises it once, for the hash and for its COPY)."""
    record = {"dossier_id": dossier_id, "prev_hash": prev_hash}
    for name in _FIELDS:
        value = fields[name]
        record[name] = _utc(value) if name == "created_at" else value
    if data_json is None:
        return canonical_json(record).encode()
    # The same bytes as `canonical_json(record)`: "data" sorts just before "dossier_id", and `,"dossier_id":`
    # can only stand at the top level (quotes inside string values are escaped).
    del record["data"]
    text = canonical_json(record)
    at = text.index(',"dossier_id":')
    return (text[:at] + ',"data":' + data_json + text[at:]).encode()


def event_hash(*, dossier_id: int, prev_hash: str, data_json: str | None = None, **fields: Any) -> str:
    data = canonical(dossier_id=dossier_id, prev_hash=prev_hash, data_json=data_json, **fields)
    return hashlib.sha256(data).hexdigest()


def _fields_of(event: DossierEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in _FIELDS}


def seal(event: DossierEvent) -> None:
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
    """One finding of `verify_all` for one dossier (the first of its chain, plus row and checkpoint findings).

    `problem` names the tampering:
    - "content": an event row was changed (its hash no longer matches its content);
    - "link": an event's `prev_hash` is not the previous event's hash (an event rehashed, or inserted);
    - "gap": an event in the middle is missing (seq jumps);
    - "history_missing": the dossier row says events happened (version > 0) but none is stored;
    - "tail_missing": the last events are missing (the row's version, or the checkpoint, knows more events);
    - "row_status", "row_version", "row_due": the dossier row differs from the replay of its events
      (status = last event's `to_status`, version = last seq, due date = last event's `effective_due_at`);
    - "rewritten": the chain is consistent but differs from the signed checkpoint at the checkpoint's head
      (an event rewritten and the chain re-sealed with the published hash function);
    - "dossier_missing": a dossier of the signed checkpoint no longer exists.
    """

    dossier_id: int
    dossier_code: str
    seq: int
    problem: str
    expected: str
    found: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    dossiers: int = 0
    events: int = 0
    first_break: Break | None = None
    broken_dossiers: int = 0
    findings: list[Break] = field(default_factory=list)
    heads: dict[int, tuple[str, int, str]] = field(default_factory=dict)  # dossier id → (code, last seq, hash)

    @property
    def ok(self) -> bool:
        return self.first_break is None

    def add(self, finding: Break, *, limit: int = 1000) -> None:
        if self.first_break is None:
            self.first_break = finding
        if len(self.findings) < limit:
            self.findings.append(finding)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dossiers": self.dossiers,
            "events": self.events,
            "broken_dossiers": self.broken_dossiers,
            "first_break": self.first_break.as_dict() if self.first_break else None,
        }


_COLUMNS = ("dossier_id", "prev_hash", "hash", *_FIELDS)
DUE_KEY = "effective_due_at"


def check_chain(dossier_id: int, code: str, rows: list[dict[str, Any]]) -> Break | None:
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


def _same_moment(stored: dt.datetime | None, replayed: str | None) -> bool:
    if stored is None or replayed is None:
        return stored is None and replayed is None
    return stored == dt.datetime.fromisoformat(replayed)


def check_row(dossier: Mapping[str, Any], rows: list[dict[str, Any]]) -> Break | None:
    """Compare the dossier row with the replay of its history: the engine writes the row and appends the event
    in one transaction (`engine._append_event`), so the row's status is the last event's `to_status`, its
    version the last seq, and its due date the last event's `effective_due_at` (absent when no clock runs)."""
    pk, code, version = dossier["pk"], dossier["code"], dossier["version"]
    if not rows:
        if version > 0:
            return Break(pk, code, 1, "history_missing", f"{version} events", "0 events")
        return None
    last = rows[-1]
    if version > last["seq"]:
        return Break(pk, code, last["seq"] + 1, "tail_missing", f"seq {version}", f"seq {last['seq']}")
    if version != last["seq"]:
        return Break(pk, code, last["seq"], "row_version", str(last["seq"]), str(version))
    if dossier["status"] != last["to_status"]:
        return Break(pk, code, last["seq"], "row_status", last["to_status"], dossier["status"])
    replayed_due = (last["data"] or {}).get(DUE_KEY) if isinstance(last["data"], dict) else None
    if not _same_moment(dossier["due_at"], replayed_due):
        found = dossier["due_at"].isoformat() if dossier["due_at"] else "-"
        return Break(pk, code, last["seq"], "row_due", replayed_due or "-", found)
    return None


def check_against_checkpoint(
    dossier: Mapping[str, Any], rows: list[dict[str, Any]], head: tuple[str, int, str]
) -> Break | None:
    """The chain must still contain the checkpoint's head event, unchanged (an append-only history only grows)."""
    _code, seq, digest = head
    pk, code = dossier["pk"], dossier["code"]
    if len(rows) < seq:
        return Break(pk, code, len(rows) + 1, "tail_missing", f"seq {seq}", f"seq {len(rows)}")
    if rows[seq - 1]["hash"] != digest:
        return Break(pk, code, seq, "rewritten", digest, rows[seq - 1]["hash"])
    return None


def _chains(batch_size: int) -> Iterator[tuple[Mapping[str, Any], list[dict[str, Any]]]]:
    """Every dossier (id, code and the replayed columns) with its events, in dossier-id batches (bounded memory)."""
    from .models import Dossier, DossierEvent

    last_id = 0
    while True:
        dossiers = list(
            Dossier.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values("pk", "code", "status", "version", "due_at")[:batch_size]
        )
        if not dossiers:
            return
        ids = [row["pk"] for row in dossiers]
        events: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        for row in (
            DossierEvent.objects.filter(dossier_id__in=ids).order_by("dossier_id", "seq").values(*_COLUMNS).iterator()
        ):
            events[row["dossier_id"]].append(row)
        for row in dossiers:
            yield row, events[row["pk"]]
        last_id = ids[-1]


def verify_all(*, batch_size: int = 500, checkpoint: dict[int, tuple[str, int, str]] | None = None) -> Report:
    """Walk every dossier: its hash chain, its row against the replay of its events and, given the heads of a
    signed checkpoint (`motcua.security.checkpoint`), its chain against that head; dossiers of the checkpoint
    that no longer exist are reported too. Collects the current heads (for the next checkpoint)."""
    report = Report()
    expected_heads = dict(checkpoint or {})
    for dossier, rows in _chains(batch_size):
        report.dossiers += 1
        report.events += len(rows)
        if rows:
            report.heads[dossier["pk"]] = (dossier["code"], rows[-1]["seq"], rows[-1]["hash"])
        head = expected_heads.pop(dossier["pk"], None)
        found = [
            finding
            for finding in (
                check_chain(dossier["pk"], dossier["code"], rows),
                check_row(dossier, rows),
                check_against_checkpoint(dossier, rows, head) if head else None,
            )
            if finding is not None
        ]
        if found:
            report.broken_dossiers += 1
            for finding in found:
                report.add(finding)
    for pk, (code, seq, digest) in sorted(expected_heads.items()):
        report.broken_dossiers += 1
        report.add(Break(pk, code, seq, "dossier_missing", f"seq {seq} {digest}", "-"))
    return report


def reseal_all(apps: Apps | None = None) -> int:
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


def _event_model() -> type[DossierEvent]:
    from .models import DossierEvent

    return DossierEvent
