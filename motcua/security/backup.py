"""Backup and restore of the database and the uploaded files, with a manifest to verify the round trip.

Dossier files and their history are records that must be kept (ND 61/2018 art 25–26 as amended by
ND 107/2021; Law on Archives 2024), so a backup is only trusted once a restore has been checked against it:
the manifest records the row count of every table and the SHA-256 of every media file, and ``restore``
compares both after restoring.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is one bilingual line."""


@dataclass
class Verification:
    count_mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)  # table → (expected, found)
    file_mismatches: dict[str, str] = field(default_factory=dict)  # relative path → "missing" | "changed"
    tables: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.count_mismatches and not self.file_mismatches


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"CSDL không hỗ trợ: {vendor} / unsupported database: {vendor}")
    return vendor


def table_counts() -> dict[str, int]:
    """Row count of every table of the database (including tables of no installed model)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 — introspected name
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` keyed by its POSIX path relative to ``root``."""
    sums = {}
    if not root.is_dir():
        return sums
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        sums[path.relative_to(root).as_posix()] = digest.hexdigest()
    return sums


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--no-owner", "--no-privileges"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise BackupError(f"không tìm thấy {tool} trong PATH / {tool} not found on PATH (install postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["?"])[0]
        raise BackupError(f"{Path(command[0]).name} thất bại / failed: {first}")


def backup_create(*, target: Path) -> dict:
    """Write the database, the media files and ``manifest.json`` into ``target`` (new or empty directory)."""
    engine = _engine()
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"thư mục không trống: {target} / directory is not empty: {target}")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    target.chmod(0o700)
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)  # online backup API: consistent while others write
        finally:
            destination.close()
    else:
        args, env = _pg_env()
        _run(
            [_require("pg_dump"), "-Fc", *args, "--file", str(target / PG_FILE), connection.settings_dict["NAME"]], env
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, target / "media")
    manifest = {
        "engine": engine,
        "created_at": datetime.now(UTC).isoformat(),
        "tables": table_counts(),
        "media": media_checksums(target / "media"),
    }
    manifest = manifest_sign(manifest)
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    _make_private(target)
    return manifest


def _make_private(target: Path) -> None:
    """A backup holds every citizen's personal data: folders 0700, files 0600 (the copied media kept the mode of
    the originals, and pg_dump/SQLite follow the umask), readable only by the account that made it."""
    target.chmod(0o700)
    for path in target.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def manifest_sign(manifest: dict) -> dict:
    """Sign the manifest with the province's audit key (as the history checkpoints, `security.checkpoint`), so a
    manifest edited to match a tampered backup is refused on restore."""
    from . import checkpoint

    body = {key: value for key, value in manifest.items() if key != "signature"}
    key = checkpoint._private_key(create=True)
    signature = key.sign(checkpoint._signed_bytes(body | {"public_key": checkpoint.public_key_b64()}))
    return body | {"public_key": checkpoint.public_key_b64(), "signature": base64.b64encode(signature).decode()}


def manifest_check_signature(manifest: dict) -> None:
    """Raise `BackupError` unless the manifest carries a valid signature of this installation's audit key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from . import checkpoint

    try:
        if manifest.get("public_key") != checkpoint.public_key_b64():
            raise BackupError("manifest ký bằng khóa khác / manifest signed with another key")
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["public_key"]))
        public.verify(base64.b64decode(manifest["signature"]), checkpoint._signed_bytes(manifest))
    except checkpoint.CheckpointError as error:
        raise BackupError(f"không kiểm được chữ ký manifest / cannot check the manifest signature: {error}") from error
    except (KeyError, ValueError, InvalidSignature) as error:
        raise BackupError("chữ ký manifest không khớp / manifest signature does not match") from error


def read_manifest(source: Path) -> dict:
    try:
        return json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"không đọc được {MANIFEST} trong {source} / cannot read {MANIFEST} in {source}") from exc


def database_is_empty() -> bool:
    """True when the database holds no account and no dossier (a fresh ``migrate`` is empty)."""
    from motcua.dossiers.models import Dossier

    tables = set(connection.introspection.table_names())
    models = [get_user_model(), Dossier]
    return all(m._meta.db_table not in tables or not m._default_manager.exists() for m in models)


def backup_restore(*, source: Path, force: bool = False, check_signature: bool = True) -> Verification:
    """Restore ``source`` into the configured database and MEDIA_ROOT, then verify against its manifest."""
    manifest = read_manifest(source)
    if check_signature:
        manifest_check_signature(manifest)
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupError(
            f"bản sao của {manifest.get('engine')}, CSDL hiện là {engine} / "
            f"backup is {manifest.get('engine')}, database is {engine}"
        )
    if not force and not database_is_empty():
        raise BackupError("CSDL đã có dữ liệu, dùng --force để ghi đè / database is not empty, use --force")
    if engine == "sqlite":
        if not (source / SQLITE_FILE).is_file():
            raise BackupError(f"thiếu {SQLITE_FILE} / missing {SQLITE_FILE}")
        for alias in connections:
            if connections[alias] is not connection:
                connections[alias].close()
        connection.ensure_connection()
        origin = sqlite3.connect(source / SQLITE_FILE)
        try:  # the backup API in reverse replaces every page of the live database, in-memory ones included
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        if not (source / PG_FILE).is_file():
            raise BackupError(f"thiếu {PG_FILE} / missing {PG_FILE}")
        _pg_restore(source / PG_FILE)
    media_root = Path(settings.MEDIA_ROOT)
    if (source / "media").is_dir():
        shutil.copytree(source / "media", media_root, dirs_exist_ok=True)
    return backup_verify(manifest=manifest)


def _pg_restore(dump: Path) -> None:
    """Replace the whole database by ``dump`` in ONE transaction: a failed restore leaves the old data.

    Not ``pg_restore --clean``: its per-object drops fail on a partitioned table ("cannot drop inherited constraint"
    of each monthly partition of the dossier history, `dossiers.partitions`). The dump is turned into a script
    (`pg_restore -f`) and run by psql after dropping and recreating the `public` schema, all inside
    `--single-transaction` with ON_ERROR_STOP."""
    args, env = _pg_env()
    restore, psql = _require("pg_restore"), _require("psql")
    connections.close_all()
    with tempfile.TemporaryDirectory(prefix="motcua-restore-") as work:
        script = Path(work) / "restore.sql"
        _run([restore, "--no-owner", "--no-privileges", "--file", str(script), str(dump)], env)
        connect = [a for a in args if a not in ("--no-owner", "--no-privileges")]
        _run(
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set",
                "ON_ERROR_STOP=1",
                *connect,
                "--dbname",
                connection.settings_dict["NAME"],
                "--command",
                "DROP SCHEMA IF EXISTS public CASCADE",
                "--command",
                "CREATE SCHEMA public",
                "--file",
                str(script),
            ],
            env,
        )


def backup_verify(*, manifest: dict) -> Verification:
    """Compare the live row counts and media checksums with ``manifest``."""
    result = Verification()
    counts = table_counts()
    for table, expected in manifest.get("tables", {}).items():
        found = counts.get(table, -1)
        result.tables += 1
        if found != expected:
            result.count_mismatches[table] = (expected, found)
    sums = media_checksums(Path(settings.MEDIA_ROOT))
    for name, expected in manifest.get("media", {}).items():
        result.files += 1
        if name not in sums:
            result.file_mismatches[name] = "missing"
        elif sums[name] != expected:
            result.file_mismatches[name] = "changed"
    return result
