"""A per-process memo of rows that do not change from one request to the next (issue 20 item 1): an API token with
its client, a client's unit by code, the current version of a procedure with its time limits, the service
commitment of a procedure in a unit on a day. The intake reads them on every request; from here they cost no SQL.

Invalidation (tested in `core/tests/test_memo.py` and beside each memoised look-up):

- Every save or delete of a row a memo depends on (the owning apps connect their models with `watch` in
  `AppConfig.ready`; bulk writes that send no signals call `changed()` themselves) clears this process's memo at
  once and, when the transaction commits, writes a new random version into the shared cache
  (`settings.CACHES["default"]`: Redis, the SQLite cache file or the database cache in production). Every other process reads that one
  key once per request (`request_started`) or at most once a second outside requests, and drops its memo when the
  version moved: a change made in one worker (or in `manage.py`) reaches every worker at their next request.
- While a transaction that changed such a row is open, the memo is bypassed (its rows are not committed and may
  be rolled back); when the connection is next seen outside any transaction, the memo is cleared once more.
- Each entry also expires after `MAX_AGE` seconds: with a per-process cache (locmem: tests, one process), that
  bounds how long another process's change can go unseen.
- At most `MAX_ENTRIES` entries; beyond, the memo starts over (so look-ups of made-up codes cannot grow it).

Rows are returned as the same instances to every request: callers must not modify them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.signals import request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "motcua:memo-version"
MAX_AGE = 300.0
MAX_ENTRIES = 10_000
RECHECK = 1.0  # seconds between reads of the shared version outside requests

T = TypeVar("T")
_MISSING = object()


class Memo:
    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._version: Any = None
        self._checked_at = float("-inf")
        self._pending = False  # this process changed a memoised row in a transaction that has not ended yet

    def get(self, key: Hashable, load: Callable[[], T], *, keep_none: bool = True) -> T:
        """The memoised value of `key`, or `load()` (stored unless it is None and `keep_none` is false)."""
        if self._pending:
            if connection.in_atomic_block:
                return load()
            self._pending = False
            self._entries.clear()
        now = time.monotonic()
        if now - self._checked_at > RECHECK:
            self._sync(now)
        hit = self._entries.get(key, _MISSING)
        if hit is not _MISSING and now - hit[0] < MAX_AGE:  # type: ignore[index]
            return hit[1]  # type: ignore[index]
        value = load()
        if value is not None or keep_none:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now, value)
        return value

    def _sync(self, now: float) -> None:
        version = cache.get(VERSION_KEY)
        if version != self._version:
            self._entries.clear()
            self._version = version
        self._checked_at = now

    def changed(self, **_signal: Any) -> None:
        """A memoised row changed (a signal receiver, or called after a bulk write): drop this process's memo now
        and move the shared version when the transaction commits (at once outside a transaction)."""
        self._entries.clear()
        if connection.in_atomic_block:
            self._pending = True
        transaction.on_commit(self._publish)

    def _publish(self) -> None:
        self._entries.clear()
        self._pending = False
        self._version = uuid.uuid4().hex
        cache.set(VERSION_KEY, self._version, timeout=None)
        self._checked_at = time.monotonic()

    def request_started(self, **_signal: Any) -> None:
        self._checked_at = float("-inf")

    def clear(self) -> None:
        """Forget everything in this process (tests)."""
        self._entries.clear()
        self._pending = False
        self._version = None
        self._checked_at = float("-inf")

    def __len__(self) -> int:
        return len(self._entries)


memo = Memo()
request_started.connect(memo.request_started, dispatch_uid="motcua.core.memo.request_started")


def changed() -> None:
    """Call after a bulk write (`bulk_create`, `bulk_update`, `QuerySet.update`) of a memoised model."""
    memo.changed()


def watch(*models, m2m=()) -> None:
    """Drop the memo whenever a row of one of `models` is saved or deleted, or an m2m table of `m2m` changes."""
    for model in models:
        uid = f"motcua.core.memo:{model._meta.label}"
        post_save.connect(memo.changed, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(memo.changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for through in m2m:
        uid = f"motcua.core.memo:{through._meta.label}"
        m2m_changed.connect(memo.changed, sender=through, weak=False, dispatch_uid=uid + ":m2m")
