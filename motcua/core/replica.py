"""Reads that may come from a PostgreSQL streaming replica, and the staleness guard (issue 20 part 4).

A province that outgrows one database server adds a hot standby (PostgreSQL's own streaming replication,
docs/operations.md "Read replica") and sets `DATABASE_REPLICA_URL`: settings then add the `replica` database
alias and `motcua.core.dbrouter.ReplicaRouter`. Nothing is guessed: a read goes to the replica only inside
`reading_from_replica()` (a context manager and a view decorator), which the report, dashboard, drill-down and
public look-up views use. Everything else — every write, every read inside a transaction, every read after a
write in the same block (read-your-write), sessions and accounts (a sign-in just written) — stays on the primary.

The guard: on entering the block the replica's lag is measured (cached per process for
`MOTCUA_REPLICA_LAG_CHECK_SECONDS`), and the whole block reads from the primary instead when the replica is
down or lags more than `MOTCUA_REPLICA_MAX_LAG_SECONDS`. Within the limit the pages say how old the figures may
be ("Số liệu trễ N giây", `replica_notice()`, shown by templates/base.html through the `site` context processor).
Without `DATABASE_REPLICA_URL` the block does nothing (SQLite dev, CI).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA_ALIAS = "replica"
F = TypeVar("F", bound=Callable)
log = logging.getLogger(__name__)

# Apps whose rows are read right after being written by the same person (sign-in, session, throttling): always
# read on the primary, even inside `reading_from_replica()`.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "contenttypes", "admin", "accounts", "sso", "django_cache"})

# How far behind the primary the replica is, in seconds (0 when it has replayed all it received and its WAL
# receiver is streaming: an idle primary writes nothing, so "time since the last replayed commit" would grow
# without any lag). pg_stat_wal_receiver shows its row (pid only, to unprivileged roles) while streaming.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
       EXISTS (SELECT 1 FROM pg_stat_wal_receiver),
       EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp()))
"""


def configured() -> bool:
    return REPLICA_ALIAS in settings.DATABASES


def measure_lag(alias: str = REPLICA_ALIAS) -> float | None:
    """Seconds the replica is behind (0.0 when caught up), or None when it cannot be reached or has never
    replayed anything while not streaming. A server not in recovery (promoted, or the primary itself) is 0."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return 0.0
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, replayed_all, streaming, since_replay = cursor.fetchone()
    except DatabaseError as error:
        log.warning("replica %s unreachable: %s", alias, error)
        connection.close()
        return None
    if not in_recovery or (replayed_all and streaming):
        return 0.0
    if since_replay is None:
        return None
    return max(0.0, float(since_replay))


_cache_lock = threading.Lock()
_cached: tuple[float | None, float] | None = None  # (lag, monotonic time of the measure)


def replica_lag() -> float | None:
    """`measure_lag()`, cached for `MOTCUA_REPLICA_LAG_CHECK_SECONDS` in this process (one query per period
    whatever the traffic; a replica that is down is not retried on every request either)."""
    global _cached
    ttl = float(getattr(settings, "MOTCUA_REPLICA_LAG_CHECK_SECONDS", 2.0))
    now = time.monotonic()
    with _cache_lock:
        if _cached is not None and now - _cached[1] < ttl:
            return _cached[0]
    lag = measure_lag()
    with _cache_lock:
        _cached = (lag, time.monotonic())
    return lag


def forget_lag() -> None:
    """Drop the cached measure (tests; after a failover)."""
    global _cached
    with _cache_lock:
        _cached = None


@dataclass
class ReplicaRead:
    use: bool  # the block reads from the replica (decided once on entry: one source for the whole page)
    lag: float | None  # the measured lag, None when the replica is down or not configured
    wrote: bool = False  # a write happened in the block: its later reads stay on the primary


_current: ContextVar[ReplicaRead | None] = ContextVar("motcua_replica_read", default=None)


def _decide() -> ReplicaRead:
    if not configured():
        return ReplicaRead(use=False, lag=None)
    lag = replica_lag()
    limit = float(getattr(settings, "MOTCUA_REPLICA_MAX_LAG_SECONDS", 30.0))
    return ReplicaRead(use=lag is not None and lag <= limit, lag=lag)


@contextmanager
def reading_from_replica() -> Iterator[ReplicaRead]:
    """Reads in this block may come from the replica (when configured, up and within the lag limit). Nested
    blocks share the outer decision."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    state = _decide()
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def replica_reads(view: F) -> F:
    """View decorator: the view (and its template rendering) runs inside `reading_from_replica()`."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def alias_for_read(app_label: str) -> str:
    """The database a read of a model of `app_label` goes to right now (the router's answer)."""
    state = _current.get()
    if state is None or not state.use or state.wrote or app_label in PRIMARY_ONLY_APPS:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:  # a transaction on the primary reads its own writes
        return DEFAULT_DB_ALIAS
    return REPLICA_ALIAS


def note_write() -> None:
    """A write in a replica block: the rest of the block reads from the primary (read-your-write)."""
    state = _current.get()
    if state is not None:
        state.wrote = True


def replica_notice() -> int | None:
    """Whole seconds the figures on this page may be behind, when they come from a replica that lags (≥ 1 s)."""
    state = _current.get()
    if state is None or not state.use or state.wrote or state.lag is None or state.lag < 1:
        return None
    return int(state.lag)


T = TypeVar("T")


def first_found(lookup: Callable[[], T | None]) -> T | None:
    """`lookup()` inside `reading_from_replica()`; when it finds nothing there and the replica was used, again on
    the primary: a public look-up right after filing (a code printed a moment ago) must not miss a dossier that
    has not reached the replica yet (read-your-write for the citizen). The retry costs one query, on misses only."""
    with reading_from_replica() as state:
        found = lookup()
        used = state.use
    if found is None and used:
        token = _current.set(ReplicaRead(use=False, lag=None))
        try:
            found = lookup()
        finally:
            _current.reset(token)
    return found
