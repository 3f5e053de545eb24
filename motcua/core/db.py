"""One spelling of the atomic insert-or-increment (`INSERT … ON CONFLICT … DO UPDATE`), PostgreSQL and SQLite ≥ 3.24.

The rollups, the closed-month checkpoints and the bulk writer all fold counts into shared rows that many
transactions touch at once; a read-then-write would lose updates, one `ON CONFLICT` statement does not. The
identifiers come from model metadata (never from input), the values are always parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery


def conflict_clause(table: str, key_columns: Sequence[str], *, add: Iterable[str] = (), replace: Iterable[str] = ()):
    """`ON CONFLICT (key) DO UPDATE SET c = <table>.c + excluded.c, …, r = excluded.r, …` (`table` quoted)."""
    sets = [f"{c} = {table}.{c} + excluded.{c}" for c in add] + [f"{c} = excluded.{c}" for c in replace]
    return f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {', '.join(sets)}"


def key_columns(model, key: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in key]


def upsert_add(model, *, key: Sequence[str], values: dict, add: Iterable[str], returning: str | None = None):
    """One atomic insert-or-increment of the row of `model` identified by the `key` fields of `values` (column
    names): inserted as given, or the `add` columns added to the existing row. One statement; with `returning`,
    the value of that column after the statement (a counter: the number just taken, the row stays locked until
    the transaction ends, so numbers are unique and gap-free among committed rows)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = list(values)
    params = [
        connection.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value
        for value in values.values()
    ]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608
        + conflict_clause(table, key_columns(model, key), add=add)
        + (f" RETURNING {returning}" if returning else "")
    )
    if returning is None:
        execute_write(sql, params)
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- batched blind writes ---------------------------------------------------------------------------------
#
# The rollups fold one event into six shared rows, each a blind upsert (no result read back). On PostgreSQL the
# statements of one `writes_batched()` block are sent together in one round trip when it ends (psycopg's
# client-side binding takes several statements in one call): the hot rows they lock are held for one round trip
# less per statement until COMMIT. SQLite runs each at once (in-process, no round trip to save).


@contextmanager
def writes_batched() -> Iterator[None]:
    """Within the block, `execute_write` statements wait and are sent in one round trip when the block ends
    (PostgreSQL; nested blocks join the outer one; on an exception they are dropped with the transaction). Any
    other statement run inside the block first sends the waiting ones, so nothing read in the block misses a
    write queued before it."""
    if connection.vendor != "postgresql" or getattr(connection, "motcua_write_batch", None) is not None:
        yield
        return
    from psycopg import ClientCursor  # PostgreSQL only

    pending: list[tuple[str, list]] = []
    connection.motcua_write_batch = pending

    def flush() -> None:
        if pending:
            batch = pending[:]
            pending.clear()
            with connection.cursor() as cursor:
                # Each statement bound on its own (psycopg caches the parse of a statement of ≤ 50 parameters; the
                # joined text would be parsed afresh every time), then sent as one text without parameters.
                bind = ClientCursor(cursor.connection).mogrify
                cursor.execute(";\n".join(bind(sql, params) for sql, params in batch))

    def flush_first(execute, sql, params, many, context):
        flush()
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(flush_first):
            yield
    finally:
        connection.motcua_write_batch = None
    flush()


def execute_write(sql: str, params: Sequence) -> None:
    """Run a statement whose result nobody reads: now, or at the end of the enclosing `writes_batched()`."""
    pending = getattr(connection, "motcua_write_batch", None)
    if pending is not None:
        pending.append((sql, list(params)))
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_blind(*rows: Model) -> None:
    """INSERT new rows of one model whose database-made values nobody reads back (no RETURNING: an auto id stays
    None), built by Django's own insert compiler (defaults, `pre_save`, adaptation) and sent with `execute_write`
    (at the end of the enclosing `writes_batched()` on PostgreSQL). A model with `pre_save`/`post_save`
    receivers, or with parents, is saved the ordinary way instead, so no receiver is ever skipped."""
    if not rows:
        return
    model = type(rows[0])
    meta = model._meta
    if meta.parents or pre_save.has_listeners(model) or post_save.has_listeners(model):
        for row in rows:
            row.save(force_insert=True)
        return
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="save")
    pk_set = rows[0]._is_pk_set(meta)
    fields = [f for f in meta.local_concrete_fields if not f.generated and (pk_set or f is not meta.auto_field)]
    query = InsertQuery(model)
    query.insert_values(fields, list(rows))
    for sql, params in query.get_compiler(connection=connection).as_sql():
        execute_write(sql, params)
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
