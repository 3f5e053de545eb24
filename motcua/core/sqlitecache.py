"""The shared cache of a one-machine SQLite site: a cache table in a SQLite file of its own, beside the database.

The rate limits (API tokens, the look-up pages, one-time codes), login throttling and the memo's version key count
in the cache on every request, and with several gunicorn workers they must count together (issue 18 finding 5),
so a per-process memory cache will not do. Django's database cache in the site's own SQLite file did count
together but made every API request a writer of the site's database: its `add`/`set` open a transaction, which
the site's SQLite settings start with `BEGIN IMMEDIATE` (the write lock), and its `incr` is a read then a `set`.
Every status look-up took the database's one write lock twice and queued behind the others and behind every
dossier being filed (status look-up p99 1.7 s at 164 req/s with 4 workers instead of 42 ms; bench/status_lookup.py,
docs/benchmarks.md).

This backend keeps the counts shared — one file on the machine, opened by every worker — and:

- reads are single `SELECT`s in autocommit mode: they never take a write lock (WAL: they do not wait for a
  writer either), and an expired entry read is not deleted on the way (the periodic cull does it);
- `incr` is one `UPDATE … RETURNING`, so two workers counting at once both count (no lost update), and it keeps
  the entry's expiry as Redis does; `add` of a live key is a read only (the rate limits call `add` then `incr`
  on every request: one short write per request), and the insert itself is one `INSERT … ON CONFLICT`;
- writes are single statements, each holding the cache file's write lock for the statement only, and never the
  site database's lock: filing a dossier and counting a request do not wait for each other;
- every `CULL_EVERY` writes of a process (OPTIONS, default 500) the expired entries are deleted, and beyond
  `MAX_ENTRIES` (OPTIONS, default 300 like Django's caches; settings raise it) those closest to expiry are dropped
  (a `1 / CULL_FREQUENCY` share, Django's convention).

Integers are stored as SQLite integers (what `incr` adds to), anything else pickled, as Django's caches do (the
file holds what this site wrote: it is not an exchange format). With more than one machine, use Redis
(`MOTCUA_CACHE_URL=redis://…`): a file is shared by the processes of one machine only.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

TABLE = "motcua_cache"
INT64 = range(-(2**63), 2**63)
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value BLOB NOT NULL, expires REAL) WITHOUT ROWID",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_expires ON {TABLE} (expires)",
)
LIVE = "(expires IS NULL OR expires > ?)"


class SQLiteCache(BaseCache):
    """`CACHES = {"default": {"BACKEND": "motcua.core.sqlitecache.SQLiteCache", "LOCATION": "/path/cache.sqlite3"}}`."""

    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)
        self.path = Path(location)
        options = params.get("OPTIONS") or {}
        self._cull_every = max(1, int(options.get("CULL_EVERY", 500)))
        self._busy_seconds = float(options.get("TIMEOUT_SECONDS", 20))
        self._local = threading.local()
        self._writes = 0

    # --- connection -------------------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a new one after a fork: a SQLite handle must not cross a fork)."""
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            return held[1]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self._busy_seconds, isolation_level=None, check_same_thread=False)
        # WAL: readers and the one writer do not wait for each other. NORMAL: a commit is not synced to disk at
        # once (a power cut may forget the last counts, never corrupt the file): counters, not records.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for statement in SCHEMA:
            db.execute(statement)
        self._local.held = (os.getpid(), db)
        return db

    def close(self, **kwargs: Any) -> None:
        """Kept open between requests (Django calls this at the end of each one): opening costs more than a
        look-up. The connection goes with its thread or process."""

    # --- values -----------------------------------------------------------------------------------------------

    def _encode(self, value: Any) -> int | bytes:
        if type(value) is int and value in INT64:  # not bool: it must come back a bool
            return value
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _decode(stored: Any) -> Any:
        if isinstance(stored, bytes):
            return pickle.loads(stored)  # noqa: S301 - this site's own cache file, written by this class
        return stored  # an integer (or the float SQLite makes of one that outgrew 64 bits)

    # --- reads (no write lock) ----------------------------------------------------------------------------------

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(f"SELECT value FROM {TABLE} WHERE key = ? AND {LIVE}", (key, time.time()))  # noqa: S608
            .fetchone()
        )
        return default if row is None else self._decode(row[0])

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not key_map:
            return {}
        marks = ", ".join("?" * len(key_map))
        rows = self._db().execute(
            f"SELECT key, value FROM {TABLE} WHERE key IN ({marks}) AND {LIVE}",  # noqa: S608
            (*key_map, time.time()),
        )
        return {key_map[key]: self._decode(value) for key, value in rows}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        query = f"SELECT 1 FROM {TABLE} WHERE key = ? AND {LIVE}"  # noqa: S608
        return self._db().execute(query, (key, time.time())).fetchone() is not None

    # --- writes (one statement each) ----------------------------------------------------------------------------

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._db().execute(
            f"INSERT INTO {TABLE} (key, value, expires) VALUES (?, ?, ?) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (key, self._encode(value), self.get_backend_timeout(timeout)),
        )
        self._wrote()

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        db, now = self._db(), time.time()
        if db.execute(f"SELECT 1 FROM {TABLE} WHERE key = ? AND {LIVE}", (key, now)).fetchone():  # noqa: S608
            return False  # the usual case of a counter: a read, no write lock
        cursor = db.execute(
            f"INSERT INTO {TABLE} (key, value, expires) VALUES (?, ?, ?) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            f"WHERE {TABLE}.expires IS NOT NULL AND {TABLE}.expires <= ?",
            (key, self._encode(value), self.get_backend_timeout(timeout), now),
        )
        self._wrote()
        return cursor.rowcount == 1  # 0: another process added it in between

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Add `delta` in one statement (atomic across processes), keeping the entry's expiry; ValueError when
        the key is missing or expired (Django's contract)."""
        key = self.make_and_validate_key(key, version=version)
        db, now = self._db(), time.time()
        row = db.execute(
            f"UPDATE {TABLE} SET value = value + ? "  # noqa: S608
            f"WHERE key = ? AND typeof(value) = 'integer' AND {LIVE} RETURNING value",
            (delta, key, now),
        ).fetchone()
        if row is not None:
            return row[0]
        # missing, or a value that is not a stored integer (a float, a pickled big number): read, add, write back
        row = db.execute(f"SELECT value FROM {TABLE} WHERE key = ? AND {LIVE}", (key, now)).fetchone()  # noqa: S608
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        value = self._decode(row[0]) + delta
        db.execute(f"UPDATE {TABLE} SET value = ? WHERE key = ?", (self._encode(value), key))  # noqa: S608
        return value

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            f"UPDATE {TABLE} SET expires = ? WHERE key = ? AND {LIVE}",  # noqa: S608
            (self.get_backend_timeout(timeout), key, time.time()),
        )
        return cursor.rowcount == 1

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        rows = self._db().execute(
            f"DELETE FROM {TABLE} WHERE key = ? RETURNING {LIVE}",  # noqa: S608
            (key, time.time()),
        )
        return any(live for (live,) in rows)

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        names = [self.make_and_validate_key(key, version=version) for key in keys]
        if names:
            marks = ", ".join("?" * len(names))
            self._db().execute(f"DELETE FROM {TABLE} WHERE key IN ({marks})", names)  # noqa: S608

    def clear(self) -> None:
        self._db().execute(f"DELETE FROM {TABLE}")  # noqa: S608

    # --- cull ---------------------------------------------------------------------------------------------------

    def _wrote(self) -> None:
        self._writes += 1
        if self._writes % self._cull_every == 0:
            self.cull()

    def cull(self) -> None:
        """Delete the expired entries; beyond MAX_ENTRIES, also a 1/CULL_FREQUENCY share of the entries closest
        to expiry (those that never expire last). Run every CULL_EVERY writes of a process."""
        db = self._db()
        db.execute(f"DELETE FROM {TABLE} WHERE expires IS NOT NULL AND expires <= ?", (time.time(),))  # noqa: S608
        count = db.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]  # noqa: S608
        if count <= self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        db.execute(
            f"DELETE FROM {TABLE} WHERE key IN "  # noqa: S608
            f"(SELECT key FROM {TABLE} ORDER BY expires IS NULL, expires LIMIT ?)",
            (count // self._cull_frequency,),
        )
