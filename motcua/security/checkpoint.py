"""Signed checkpoints of the dossier history: the chain heads of all dossiers committed into a Merkle root and
signed with the province's Ed25519 key, written as a JSON file outside the database (publishable).

Why (issue 18, finding 2): the hash chain alone is a checksum — whoever can write the database can rewrite an
event and re-seal the chain with the published hash function, delete a dossier's last events or its whole
history. A checkpoint fixes, at a point in time, which event ends each dossier's history and what its hash is;
the key that signs it is not in the database, and the files can be published (or handed to the Department of
Home Affairs) so the operator cannot quietly replace them. `motcua audit verify` then checks every dossier
against the last checkpoint: its head event must still be there, unchanged (`motcua.dossiers.audit`).
Legal weight of the history: ND 61/2018 art 25–26, TT 01/2018 art 13 (records that must be kept intact).

Merkle tree: RFC 6962 §2.1 (leaf = SHA-256(0x00 ‖ leaf data), node = SHA-256(0x01 ‖ left ‖ right), an odd
node is carried up), leaves sorted by dossier id, leaf data = canonical JSON `[id, code, seq, hash]`.
Settings: `MOTCUA_AUDIT_KEY_PATH` (PEM, PKCS#8 Ed25519 private key, 0600; default
`<data dir>/keys/audit-ed25519.pem`, created by `motcua audit keygen` or the first checkpoint) and
`MOTCUA_AUDIT_CHECKPOINT_DIR` (default `<data dir>/checkpoints`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from motcua.dossiers import audit

FORMAT = "motcua-audit-checkpoint/1"


class CheckpointError(Exception):
    """A checkpoint file that cannot be trusted (unreadable, signature wrong, another key)."""


def key_path() -> Path:
    configured = getattr(settings, "MOTCUA_AUDIT_KEY_PATH", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "keys" / "audit-ed25519.pem"


def checkpoint_dir() -> Path:
    configured = getattr(settings, "MOTCUA_AUDIT_CHECKPOINT_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "checkpoints"


def key_create(*, path: Path | None = None) -> Path:
    """Write a new Ed25519 private key (0600 in a 0700 folder); refuses to overwrite an existing key."""
    path = path or key_path()
    if path.exists():
        raise CheckpointError(f"key exists: {path}")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return path


def _private_key(*, create: bool = False) -> Ed25519PrivateKey:
    path = key_path()
    if not path.exists():
        if not create:
            raise CheckpointError(f"audit key missing: {path}")
        key_create(path=path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError("the audit key must be an Ed25519 key")
    return key


def public_key_b64() -> str:
    raw = _private_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _leaf(dossier_id: int, code: str, seq: int, digest: str) -> bytes:
    data = json.dumps([dossier_id, code, seq, digest], separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(b"\x00" + data).digest()


def merkle_root(heads: dict[int, tuple[str, int, str]]) -> str:
    """RFC 6962 Merkle tree hash over the heads sorted by dossier id (the empty tree: SHA-256 of nothing)."""
    level = [_leaf(pk, *heads[pk]) for pk in sorted(heads)]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


def _signed_bytes(document: dict) -> bytes:
    body = {key: value for key, value in document.items() if key != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    created_at: dt.datetime
    root: str
    dossiers: int
    events: int
    heads: dict[int, tuple[str, int, str]]


def checkpoint_create(*, now: dt.datetime | None = None) -> Checkpoint:
    """Walk the history (it must verify: no checkpoint seals a tampered state), commit every head into a signed
    Merkle root and write `checkpoint-<UTC time>.json` (0644: publishable) in the checkpoint folder."""
    previous = checkpoint_latest()
    report = audit.verify_all(checkpoint=previous.heads if previous else None)
    if not report.ok:
        broken = report.first_break
        raise CheckpointError(f"history does not verify: {broken.dossier_code} event {broken.seq} ({broken.problem})")
    now = now or timezone.now()
    key = _private_key(create=True)
    document = {
        "format": FORMAT,
        "created_at": now.astimezone(dt.UTC).isoformat(),
        "previous": previous.path.name if previous else None,
        "dossiers": report.dossiers,
        "events": report.events,
        "root": merkle_root(report.heads),
        "heads": [[pk, *report.heads[pk]] for pk in sorted(report.heads)],
        "public_key": public_key_b64(),
    }
    document["signature"] = base64.b64encode(key.sign(_signed_bytes(document))).decode()
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"checkpoint-{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1))
    path.chmod(0o644)
    return checkpoint_load(path)


def checkpoint_load(path: Path) -> Checkpoint:
    """Read a checkpoint and check its signature with the province's key and its root against its heads."""
    try:
        document = json.loads(path.read_text())
        signature = base64.b64decode(document["signature"])
        heads = {int(pk): (code, int(seq), digest) for pk, code, seq, digest in document["heads"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{path.name}: unreadable ({error.__class__.__name__})") from error
    if document.get("public_key") != public_key_b64():
        raise CheckpointError(f"{path.name}: signed with another key")
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(document["public_key"]))
    try:
        public.verify(signature, _signed_bytes(document))
    except InvalidSignature as error:
        raise CheckpointError(f"{path.name}: signature does not match") from error
    if merkle_root(heads) != document.get("root"):
        raise CheckpointError(f"{path.name}: root does not match its heads")
    return Checkpoint(
        path=path,
        created_at=dt.datetime.fromisoformat(document["created_at"]),
        root=document["root"],
        dossiers=int(document["dossiers"]),
        events=int(document["events"]),
        heads=heads,
    )


def checkpoint_latest() -> Checkpoint | None:
    """The newest checkpoint file (names sort by time); raises `CheckpointError` when it does not verify —
    a damaged or replaced last checkpoint is itself a finding, never silently skipped."""
    files = sorted(checkpoint_dir().glob("checkpoint-*.json"))
    return checkpoint_load(files[-1]) if files else None
