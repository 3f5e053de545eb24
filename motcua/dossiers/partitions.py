"""The dossier history (`dossiers_dossierevent`) partitioned by month on PostgreSQL (issue 20 part 4).

PostgreSQL's declarative partitioning by range of `created_at`, one partition per calendar month in Vietnam time
(`dossiers_dossierevent_pYYYYMM`, bounds at 00:00 +07:00 on the 1st) and a DEFAULT partition for anything outside
them, so a month that is no longer read can be detached and archived (`motcua partitions detach --before`) without
touching the hot months, and the indexes of the current months stay small. SQLite: nothing here runs (the
migration and the command say so and do nothing).

What partitioning changes in the schema, and why (docs/operations.md, "Event history partitions"):

- The primary key becomes (id, created_at): PostgreSQL requires every unique constraint of a partitioned table to
  include the partition key. `id` stays the only key Django knows (the model is unchanged): it comes from one
  identity sequence, so it is unique by construction; a composite Django key would forbid the foreign keys to it.
- The three foreign keys *to* the event table (`dossiers_dossierdocument.event_id`, `dossiers_notification.event_id`,
  `sync_outboxmessage.event_id`) cannot reference `id` alone any more and are dropped at the database level (their
  indexes stay; Django still joins through them). The event they name is written in the same transaction as
  them by the engine, and events are never deleted (append-only), so they cannot dangle — except after an archived
  month is dropped, which is the point of archiving.
- `dossiers_event_seq_unique` (one event per sequence number of a dossier) cannot be a unique index without
  `created_at`: it becomes a BEFORE INSERT trigger of the same name raising the same unique violation (SQLSTATE
  23505), over a plain index on (dossier_id, seq). It does not see another transaction's uncommitted insert; the
  engine appends under the dossier's row lock (`motcua.dossiers.engine`), which is what serialises a history.
- The append-only guarantee is unchanged: it lives in the model (`EventQuerySet`, `save`, `delete` refuse), not in
  the table; detaching a month moves no row and deletes none.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import connection as default_connection

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.utils import CursorWrapper

TABLE = "dossiers_dossierevent"
DEFAULT_PARTITION = f"{TABLE}_default"
SEQ_GUARD = "dossiers_event_seq_unique"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


class PartitionError(Exception):
    pass


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def bound(first: dt.date) -> str:
    """The partition bound of a Vietnamese calendar month: 00:00 on the 1st, +07:00."""
    return dt.datetime(first.year, first.month, 1, tzinfo=VN).isoformat()


def partition_name(first: dt.date) -> str:
    return f"{TABLE}_p{first.year:04d}{first.month:02d}"


def vn_month(moment: dt.datetime) -> dt.date:
    return month_start(moment.astimezone(VN).date())


def is_partitioned(cursor: CursorWrapper) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def monthly_partitions(cursor: CursorWrapper) -> list[tuple[str, dt.date]]:
    """(name, first day) of the monthly partitions attached now, oldest first."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
        [TABLE],
    )
    found = []
    for (name,) in cursor.fetchall():
        suffix = name.removeprefix(f"{TABLE}_p")
        if suffix != name and len(suffix) == 6 and suffix.isdigit():
            found.append((name, dt.date(int(suffix[:4]), int(suffix[4:]), 1)))
    return sorted(found, key=lambda item: item[1])


def add_month(cursor: CursorWrapper, first: dt.date) -> str | None:
    """Attach the partition of the month starting `first` unless it exists; rows of that month already in the
    DEFAULT partition are moved into it first (attaching would otherwise fail). Returns its name when created."""
    name = partition_name(first)
    cursor.execute("SELECT to_regclass(%s)", [name])
    if cursor.fetchone()[0] is not None:
        return None
    lo, hi = bound(first), bound(next_month(first))
    cursor.execute(f'CREATE TABLE "{name}" (LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
    cursor.execute("SELECT to_regclass(%s)", [DEFAULT_PARTITION])
    if cursor.fetchone()[0] is not None:
        cursor.execute(
            f'WITH moved AS (DELETE FROM "{DEFAULT_PARTITION}" WHERE created_at >= %s AND created_at < %s '  # noqa: S608
            f'RETURNING *) INSERT INTO "{name}" SELECT * FROM moved',
            [lo, hi],
        )
    cursor.execute(f"ALTER TABLE \"{TABLE}\" ATTACH PARTITION \"{name}\" FOR VALUES FROM ('{lo}') TO ('{hi}')")
    return name


def ensure(*, months_ahead: int, now: dt.datetime, connection: BaseDatabaseWrapper = default_connection) -> list[str]:
    """Partitions for every month from the current one to `months_ahead` ahead (Vietnam time): the ones created."""
    created = []
    with connection.cursor() as cursor:
        if not is_partitioned(cursor):
            raise PartitionError("not partitioned")
        first = vn_month(now)
        for _ in range(months_ahead + 1):
            name = add_month(cursor, first)
            if name:
                created.append(name)
            first = next_month(first)
    return created


def split_histories(cursor: CursorWrapper, before: dt.date) -> int:
    """Dossiers with events on both sides of `before`: detaching would cut their history in two."""
    cutoff = bound(before)
    cursor.execute(
        f'SELECT count(DISTINCT dossier_id) FROM "{TABLE}" WHERE created_at >= %s AND dossier_id IN '  # noqa: S608
        f'(SELECT dossier_id FROM "{TABLE}" WHERE created_at < %s)',
        [cutoff, cutoff],
    )
    return int(cursor.fetchone()[0])


def detach(
    *, before: dt.date, allow_split: bool = False, connection: BaseDatabaseWrapper = default_connection
) -> list[str]:
    """Detach every monthly partition that ends on or before the month `before` (a first day): each becomes a
    standalone table (same name) to dump (`pg_dump -t`) and drop; no row is deleted. Refused when a dossier would
    have part of its history archived and part live, unless `allow_split`."""
    with connection.cursor() as cursor:
        if not is_partitioned(cursor):
            raise PartitionError("not partitioned")
        old = [name for name, first in monthly_partitions(cursor) if next_month(first) <= before]
        if not old:
            return []
        cursor.execute(
            f'SELECT count(*) FROM "{DEFAULT_PARTITION}" WHERE created_at < %s',  # noqa: S608
            [bound(before)],
        )
        if cursor.fetchone()[0]:
            raise PartitionError("default")
        if not allow_split:
            split = split_histories(cursor, before)
            if split:
                raise PartitionError(f"split:{split}")
        for name in old:
            cursor.execute(f'ALTER TABLE "{TABLE}" DETACH PARTITION "{name}"')
    return old


def partition_events(
    *, now: dt.datetime, months_ahead: int = 3, connection: BaseDatabaseWrapper = default_connection
) -> bool:
    """Convert the plain event table into the partitioned one, in place (the migration of an existing database):
    monthly partitions from the oldest event's month to `months_ahead` after `now` plus DEFAULT, every row copied,
    the old table dropped, key, indexes, checks, foreign keys and the sequence guard recreated under their names.
    False (nothing done) when already partitioned or not PostgreSQL."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        if is_partitioned(cursor):
            return False
        # what references the table, and what the table has, before it goes
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = to_regclass(%s)",
            [TABLE],
        )
        for relation, name in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {relation} DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = to_regclass(%s) AND contype IN ('f', 'c') ORDER BY conname",
            [TABLE],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = to_regclass(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
            [TABLE],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT min(created_at), coalesce(max(id), 0) FROM "{TABLE}"')  # noqa: S608
        oldest, last_id = cursor.fetchone()

        new = f"{TABLE}_partitioned"
        cursor.execute(f'CREATE TABLE "{new}" (LIKE "{TABLE}" INCLUDING DEFAULTS) PARTITION BY RANGE (created_at)')
        cursor.execute(f'ALTER TABLE "{new}" ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY')
        first = vn_month(oldest) if oldest else vn_month(now)
        last = vn_month(now)
        for _ in range(months_ahead):
            last = next_month(last)
        while first <= last:
            lo, hi = bound(first), bound(next_month(first))
            cursor.execute(
                f"CREATE TABLE \"{partition_name(first)}\" PARTITION OF \"{new}\" FOR VALUES FROM ('{lo}') TO ('{hi}')"
            )
            first = next_month(first)
        cursor.execute(f'CREATE TABLE "{DEFAULT_PARTITION}" PARTITION OF "{new}" DEFAULT')
        cursor.execute(f'INSERT INTO "{new}" OVERRIDING SYSTEM VALUE SELECT * FROM "{TABLE}"')  # noqa: S608
        cursor.execute(f'DROP TABLE "{TABLE}"')
        cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{TABLE}"')
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {TABLE}_id_seq")
        cursor.execute("SELECT setval(%s, %s, %s)", [f"{TABLE}_id_seq", max(last_id, 1), last_id > 0])

        cursor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{TABLE}_pkey" PRIMARY KEY (id, created_at)')
        for definition in indexes:
            cursor.execute(definition.replace(f" ON public.{TABLE} ", f" ON {TABLE} "))
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" {definition}')
        install_seq_guard(cursor)
    return True


GUARD_FUNCTION = """CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM {table} WHERE dossier_id = NEW.dossier_id AND seq = NEW.seq) THEN
    RAISE unique_violation USING
      MESSAGE = 'duplicate key value violates unique constraint "{name}"',
      CONSTRAINT = '{name}';
  END IF;
  RETURN NEW;
END $$"""


def install_seq_guard(cursor: CursorWrapper) -> None:
    """One event per (dossier, seq): a trigger, since a unique index would have to include `created_at`."""
    cursor.execute(f'CREATE INDEX IF NOT EXISTS "{TABLE}_dossier_seq" ON "{TABLE}" (dossier_id, seq)')
    guard = GUARD_FUNCTION.replace("{table}", TABLE).replace("{name}", SEQ_GUARD)
    cursor.execute(guard)
    cursor.execute(
        f'CREATE TRIGGER "{SEQ_GUARD}" BEFORE INSERT ON "{TABLE}" FOR EACH ROW EXECUTE FUNCTION {SEQ_GUARD}()'
    )
