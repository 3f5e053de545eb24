"""Where the bulk path's rows go: ids, numbering counters, rollup sums, and the bulk writes themselves.

`BulkSink` receives the dossiers, steps and events that `bulk.MemoryServices` builds and writes each dossier with
everything that belongs to it once its script has ended (the rows no longer change), so memory holds only the
dossiers still in progress. Writes are PostgreSQL `COPY … FROM STDIN` (psycopg `cursor.copy`) or SQLite
`executemany`, one transaction per flush, parents before children; the rollups are summed in memory and added
with one `INSERT … ON CONFLICT … DO UPDATE SET x = x + excluded.x` per row (from a COPY-filled temporary table on
PostgreSQL), exactly what the per-event hook adds.

Ids are taken after the highest id (and sequence value) of each table at the start and the sequences are moved
past them after each flush: the bulk path is a loader and assumes nobody else writes dossiers while it runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import gc
import json
import operator
import os
import time
import uuid
from collections import defaultdict

from django.db import connection, transaction

from motcua.dossiers.choices import NotificationChannel, NotificationStatus
from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierStep,
    Notification,
    RegisterCounter,
)
from motcua.dossiers.notifications import TEMPLATES, message_channel
from motcua.metrics import coarse
from motcua.metrics.choices import COUNTERS, UNIT_DAY_COLUMNS
from motcua.metrics.models import (
    ClosedMonth,
    DailyRollup,
    DossierMetricState,
    MonthlyRollup,
    OpenStock,
    PortalVerdict,
    UnitDayRollup,
)
from motcua.sync.conf import sync_settings
from motcua.sync.models import OutboxMessage

UTC = dt.UTC
ID_MODELS = (Dossier, DossierStep, DossierEvent, OutboxMessage, Notification)
FLUSH_ROWS = 50_000  # rows of finished dossiers held before a write
# Rollup keys summed in memory before they are added to the tables: a day's key recurs across flushes, so they
# are written at the end of the run (or when this many keys are held), not with every flush.
ROLLUP_KEYS = 1_000_000
PREPARED = ("DateTimeField", "DateField", "DurationField", "DecimalField", "UUIDField", "JSONField")


class RawJson(str):
    """A JSON value already serialised (an event's `data`, serialised once for its hash and its row): written as
    it is, the database parses it (binary COPY of the text on PostgreSQL, a JSON text column on SQLite)."""


def _json(dump):
    return lambda value: value if type(value) is RawJson else dump(value)


def _jsonb_text_dumper():
    """A psycopg binary dumper for `jsonb` that sends JSON text as it is (the binary form of `jsonb` is a version
    byte, 1, then the text): the values reach it serialised (`_converter`), so JSON is encoded once."""
    from psycopg.adapt import Dumper
    from psycopg.pq import Format
    from psycopg.types.json import Jsonb

    class _JsonbText(Dumper):
        format = Format.BINARY
        oid = connection.connection.adapters.types["jsonb"].oid

        def dump(self, obj):
            if isinstance(obj, Jsonb):  # not from the sink, but keep the wrapper's meaning
                obj = (obj.dumps or json.dumps)(obj.obj)
            return b"\x01" + obj.encode()

    return _JsonbText


def _converter(field, postgres: bool):
    """The value the database driver receives for `field`, as Django's `get_db_prep_save` gives it, with the hot
    types done directly (Django's own path costs more than the rest of a row)."""
    kind = field.get_internal_type()
    if postgres:
        # Binary COPY (`Table.insert`): the dumpers are chosen by column type, so a JSON value is sent as its text
        # (`_JsonbText`), serialised here unless it already is (`RawJson`), a UUID as `uuid.UUID` and a decimal as
        # `Decimal`; psycopg dumps ints, text, booleans, datetimes, dates and intervals itself.
        if kind == "JSONField":
            encoder = field.encoder
            return _json(json.dumps if encoder is None else (lambda value: json.dumps(value, cls=encoder)))
        if kind == "UUIDField":
            return lambda value: value if type(value) is uuid.UUID else uuid.UUID(value)
        if kind == "DecimalField":
            return lambda value: value if type(value) is decimal.Decimal else decimal.Decimal(str(value))
        return None
    if kind not in PREPARED:
        return None
    if kind == "DateTimeField" and connection.timezone == UTC:
        # sqlite3 operations.adapt_datetimefield_value: naive in the connection's time zone (UTC), then str()
        return lambda value: str(value.astimezone(UTC).replace(tzinfo=None))
    if kind == "DateField":
        return str
    if kind == "DurationField":
        from django.utils.duration import duration_microseconds

        return duration_microseconds
    if kind == "JSONField" and field.encoder is None:
        return _json(json.dumps)
    return lambda value: field.get_db_prep_save(value, connection)


def message_id() -> str:
    """A random version-4 UUID as text, as `str(uuid.uuid4())` gives it (16 random bytes from `os.urandom`, the
    version and variant bits set): an outbox message id, without building a `uuid.UUID` for each (the COPY writes
    text)."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def highest_ids() -> dict:
    """The highest id taken in each table of `ID_MODELS` (its largest row id or its sequence's last value)."""
    ids = {}
    with connection.cursor() as cursor:
        for model in ID_MODELS:
            table = model._meta.db_table
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            top = cursor.fetchone()[0] or 0
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                last, called = cursor.fetchone()
                top = max(top, last if called else last - 1)
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                top = max(top, found[0] if found else 0)
            ids[model] = top
    return ids


def move_sequences(ids: dict) -> None:
    """Move each table's id sequence to `ids[model]` (the highest id written), so the services continue after."""
    if connection.vendor != "postgresql":
        return  # SQLite AUTOINCREMENT remembers the largest id inserted
    with connection.cursor() as cursor:
        for model, top in ids.items():
            if top > 0:
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, top])


class Table:
    """Bulk insert of dicts keyed by attname into one model's table (missing keys take the field default)."""

    def __init__(self, model) -> None:
        self.model = model
        self.name = connection.ops.quote_name(model._meta.db_table)
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.postgres = connection.vendor == "postgresql"
        self.plan = [(f.attname, f, _converter(f, self.postgres)) for f in self.fields]

    def tuples(self, rows) -> list[tuple]:
        plan = self.plan
        take = operator.itemgetter(*(name for name, _f, _conv in plan))
        converted = [(index, conv) for index, (_name, _f, conv) in enumerate(plan) if conv is not None]
        out = []
        # Rows left without some keys take those fields' defaults; the rows of one kind leave out the same keys, so
        # the missing fields are found once per set of keys (half the rows: events, notices, messages).
        missing: dict[frozenset, list] = {}
        for values in rows:
            try:
                row = take(values)
            except KeyError:
                keys = frozenset(values)
                absent = missing.get(keys)
                if absent is None:
                    absent = missing[keys] = [(name, f) for name, f, _conv in plan if name not in keys]
                row = take({**values, **{name: f.get_default() for name, f in absent}})
            if converted:
                row = list(row)
                for index, conv in converted:
                    if row[index] is not None:
                        row[index] = conv(row[index])
                row = tuple(row)
            out.append(row)
        return out

    def insert(self, rows) -> int:
        data = self.tuples(rows)
        if not data:
            return 0
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                # Binary COPY: psycopg packs each value by its column's type (C dumpers) and the server reads them
                # without parsing text (timestamps, numbers); JSON goes as its text (`_jsonb_text_dumper`).
                raw = cursor.cursor
                raw.adapters.register_dumper(None, _jsonb_text_dumper())  # this cursor only (copy-on-write map)
                with raw.copy(f"COPY {self.name} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types([_pg_type(f) for f in self.fields])
                    write = copy.write_row
                    for row in data:
                        write(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {self.name} ({columns}) VALUES ({marks})", data)  # noqa: S608
        return len(data)

    def upsert(self, rows: list[dict], key: tuple[str, ...], increments: tuple[str, ...], *, add: bool = True) -> int:
        """Insert or, on a key conflict, add (`add`) or set the `increments` columns — like `metrics._upsert`."""
        if not rows:
            return 0
        names = list(rows[0])
        fields = [self.model._meta.get_field(name.removesuffix("_id")) for name in names]
        columns = [f.column for f in fields]
        keys = ", ".join(self.model._meta.get_field(name).column for name in key)
        sets = ", ".join(f"{c} = {self.name}.{c} + excluded.{c}" if add else f"{c} = excluded.{c}" for c in increments)
        data = [
            tuple(
                value if value is None or self.postgres or f.get_internal_type() not in PREPARED else
                f.get_db_prep_save(value, connection)
                for f, value in zip(fields, (row[n] for n in names), strict=True)
            )
            for row in rows
        ]  # fmt: skip
        column_list = ", ".join(columns)
        with connection.cursor() as cursor:
            if self.postgres:
                types = [_pg_type(f) for f in fields]
                if add and self._disjoint(cursor, rows, key):
                    self._copy_binary(cursor, self.name, column_list, types, data)  # nothing to add to: COPY
                    return len(data)
                temp = f"bulk_{self.model._meta.db_table}"
                cursor.execute(f"DROP TABLE IF EXISTS {temp}")
                cursor.execute(f"CREATE TEMP TABLE {temp} AS SELECT {column_list} FROM {self.name} WITH NO DATA")  # noqa: S608
                self._copy_binary(cursor, temp, column_list, types, data)
                cursor.execute(
                    f"INSERT INTO {self.name} ({column_list}) SELECT {column_list} FROM {temp} "  # noqa: S608
                    f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
                )
                cursor.execute(f"DROP TABLE {temp}")
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {self.name} ({column_list}) VALUES ({marks}) "  # noqa: S608
                    f"ON CONFLICT ({keys}) DO UPDATE SET {sets}",
                    data,
                )
        return len(data)

    @staticmethod
    def _copy_binary(cursor, table: str, column_list: str, types: list[str], data: list[tuple]) -> None:
        """Binary COPY (psycopg `Copy.set_types`): no text formatting or parsing of the values."""
        with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in data:
                copy.write_row(row)

    def _disjoint(self, cursor, rows: list[dict], key: tuple[str, ...]) -> bool:
        """No stored row can share a key with `rows`: none of their units has a row in their span of days (a run
        over new days or new communes — the usual demo load), so they are copied in instead of upserted. The
        bulk path assumes nobody else writes these units' rollups meanwhile (module docstring)."""
        day = next((name for name in key if name in ("day", "month")), None)
        if "unit" not in key or day is None:
            return False
        units = sorted({row["unit_id"] for row in rows})
        days = [row[day] for row in rows]
        column = self.model._meta.get_field(day).column
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {self.name} WHERE unit_id = ANY(%s) AND {column} BETWEEN %s AND %s)",  # noqa: S608
            [units, min(days), max(days)],
        )
        return not cursor.fetchone()[0]


def _pg_type(field) -> str:
    """The PostgreSQL type name of a column, for binary COPY (`varchar(16)` → `varchar`)."""
    return field.db_type(connection).split("(")[0]


class BulkSink:
    """Collects the rows of one bulk run and writes them (module docstring)."""

    def __init__(self, *, lane: int = 0, lanes: int = 1, tops: dict | None = None) -> None:
        # Ids: this sink takes every `lanes`-th id after `tops` (the highest ids when the run began), starting at
        # its `lane`, so parallel sinks (`parallel.py`) never take the same id; alone, it takes them in order.
        self.lane, self.lanes, self.tops = lane, lanes, tops
        self.outbox = sync_settings().enabled
        self.sms_channel = message_channel().name
        self.live: dict[int, object] = {}
        self.retired: list = []
        self.ready: list = []
        self.ready_rows = 0
        self.notices: list = []  # events waiting for the commit that sends their notices
        self.deferred = False
        self.closed = True
        self.ids: dict = {}
        self.codes: dict[tuple, int] = {}
        self.registers: dict[tuple, int] = {}
        self.dirty_codes: set = set()
        self.counters_read: dict = {}
        self.dirty_registers: set = set()
        self.daily: dict[tuple, dict[str, int]] = {}
        self.monthly: dict[tuple, dict[str, int]] = {}
        self.unit_days: dict[tuple, dict[str, int]] = {}
        self.stock: dict[tuple, int] = defaultdict(int)
        self.checkpoints: dict[tuple, int] = defaultdict(int)
        self.written: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)  # time spent writing, per part (the bench reports it)

    # --- the run -----------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self):
        """One run. Inside a caller's transaction the service path's notices would leave at that transaction's
        commit (`on_commit`): the sink does the same (`deferred`); otherwise it commits once per flush."""
        self.deferred = connection.in_atomic_block
        self.tables = {model: Table(model) for model in (*ID_MODELS, DossierMetricState, PortalVerdict)}
        self._start_ids()
        self.closed = False
        try:
            yield self
        finally:
            self.closed = True
        self.ready.extend(self.retired)
        self.ready.extend(self.live.values())
        self.retired, self.live = [], {}
        self.flush()
        if self.deferred and self.notices:
            pending, self.notices = self.notices, []
            transaction.on_commit(lambda: self._write_notices_now(pending))

    def _start_ids(self) -> None:
        tops = self.tops if self.tops is not None else highest_ids()
        self.ids = {model: tops[model] + self.lane + 1 - self.lanes for model in ID_MODELS}

    def _move_sequences(self) -> None:
        if self.lanes == 1:
            move_sequences(self.ids)  # parallel sinks: the parent moves them once all are done

    def next_id(self, model) -> int:
        self.ids[model] += self.lanes
        return self.ids[model]

    def _counter(self, store: dict, dirty: set, model, key: tuple, field: str) -> int:
        if key not in store:
            # the unit's stored counters, read once per unit and counter (a query per unit and day cost more
            # than the dossier's own intake); keys not stored start at 0
            loaded = self.counters_read.setdefault(model, set())
            if key[0] not in loaded:
                loaded.add(key[0])
                rows = model.objects.filter(unit_id=key[0]).values_list(field, "last")
                store.update({(key[0], at): last for at, last in rows if (key[0], at) not in store})
            store.setdefault(key, 0)
        store[key] += 1
        dirty.add(key)
        return store[key]

    def next_code(self, unit_id: int, day: dt.date) -> int:
        """TT 01/2018 art 19: the daily sequence of the receiving unit (`services._next_code`)."""
        return self._counter(self.codes, self.dirty_codes, DossierCodeCounter, (unit_id, day), "day")

    def next_register(self, unit_id: int, year: int) -> int:
        """Form 07: the unit's yearly register number (`services._next_register_number`)."""
        return self._counter(self.registers, self.dirty_registers, RegisterCounter, (unit_id, year), "year")

    # --- rows from the services --------------------------------------------------------------------------

    def dossier_created(self, dossier) -> None:
        self.live[dossier.id] = dossier

    def event_written(self, dossier, event, topic: str, payload: dict) -> None:
        if self.outbox:
            event.outbox = {
                "id": self.next_id(OutboxMessage),
                "uuid": message_id(),
                "topic": topic,
                "dossier_id": dossier.id,
                "event_id": event.id,
                "seq": event.seq,
                "payload": payload,
                "created_at": event.created_at,
            }
        event.notices = []
        if event.action in TEMPLATES:
            self.notices.append(event)

    def rollup_effect(self, state: dict, day: dt.date, effect) -> None:
        """Sum what `metrics.services.rollup_apply_event` would upsert for one event."""
        unit = state["unit_id"]
        dims = (unit, state["procedure_id"], state["field_id"], state["channel"])
        if effect.counters:
            row = self.daily.setdefault((*dims, day), dict.fromkeys(COUNTERS, 0))
            for name, value in effect.counters.items():
                row[name] += value
            values = coarse.monthly_values(unit_id=unit, day=day, channel=state["channel"], counters=effect.counters)
            month = self.monthly.setdefault((unit, values["month"]), dict.fromkeys(coarse.MONTHLY_COUNTERS, 0))
            for name in coarse.MONTHLY_COUNTERS:
                month[name] += values[name]
        changes = coarse.unit_day_changes(
            day=day, channel=state["channel"], counters=effect.counters, stock=effect.stock
        )
        coarse.add_unit_days(self.unit_days, unit, changes)
        for bucket, due_day, delta in effect.stock:
            self.stock[(*dims, day, bucket, due_day)] += delta
            self.checkpoints[(unit, day, bucket, due_day)] += delta

    def retire(self, dossier) -> None:
        """The dossier's script ended: its rows are final once the notices of its last events are stamped."""
        if self.closed or dossier.id not in self.live:
            return
        del self.live[dossier.id]
        self.retired.append(dossier)

    def commit_point(self, moment: dt.datetime) -> None:
        """The service path commits here (the simulated day's batch); its `on_commit` notices get this time."""
        if not self.deferred:
            self._stamp(self.notices, moment.astimezone(UTC))
            self.notices = []
        self.ready.extend(self.retired)
        self.ready_rows += sum(len(d.events) * 3 + len(d.steps) + 2 for d in self.retired)
        self.retired = []
        if self.ready_rows >= FLUSH_ROWS:
            self.flush()

    def _stamp(self, events, created_at: dt.datetime) -> None:
        """`dossiers.notifications.notify_event` for dossiers without e-mail or phone: a skipped row per channel."""
        for event in events:
            template = TEMPLATES[event.action]
            for channel in (NotificationChannel.EMAIL, self.sms_channel):
                event.notices.append(
                    {
                        "id": self.next_id(Notification),
                        "dossier_id": event.dossier_id,
                        "event_id": event.id,
                        "channel": channel,
                        "template": template,
                        "status": NotificationStatus.SKIPPED,
                        "created_at": event.created_at,  # as the service path: written with its event (notification outbox)
                    }
                )

    def _write_notices_now(self, events) -> None:
        from django.utils import timezone

        with transaction.atomic():
            self._stamp(events, timezone.now())
            self.written["notifications"] += self.tables[Notification].insert(
                [n for event in events for n in event.notices]
            )
            self._move_sequences()

    # --- writes ------------------------------------------------------------------------------------------

    def flush(self) -> None:
        dossiers, self.ready, self.ready_rows = self.ready, [], 0
        began = time.perf_counter()
        with transaction.atomic():
            t = self.tables
            self.written["dossiers"] += t[Dossier].insert(d.__dict__ for d in dossiers)
            self.written["steps"] += t[DossierStep].insert(s.__dict__ for d in dossiers for s in d.steps)
            self.written["events"] += t[DossierEvent].insert(e.__dict__ for d in dossiers for e in d.events)
            if self.outbox:
                rows = (e.outbox for d in dossiers for e in d.events)
                self.written["outbox"] += t[OutboxMessage].insert(rows)
            notices = (n for d in dossiers for e in d.events for n in e.notices)
            self.written["notifications"] += t[Notification].insert(notices)
            states = (d.metric for d in dossiers if d.metric is not None)
            self.written["metric_states"] += t[DossierMetricState].insert(states)
            verdicts = (d.verdict for d in dossiers if d.verdict is not None)
            self.written["portal_verdicts"] += t[PortalVerdict].insert(verdicts)
            self._write_counters()
            rows_done = time.perf_counter()
            if self.closed or len(self.daily) + len(self.stock) >= ROLLUP_KEYS:
                self._write_rollups()
            self._move_sequences()
            rollups_done = time.perf_counter()
        # The commit is timed apart: PostgreSQL checks the rows' foreign keys then (Django creates them deferred),
        # about fifty checks a dossier — a share of the database's work as large as the COPY's.
        self.seconds["write_rows"] += rows_done - began
        self.seconds["write_rollups"] += rollups_done - rows_done
        self.seconds["commit"] += time.perf_counter() - rollups_done
        gc.collect(1)  # the young objects: the run keeps the automatic collector off (`BulkSimulator.run`)

    def _write_counters(self) -> None:
        codes = [{"unit_id": u, "day": day, "last": self.codes[(u, day)]} for u, day in sorted(self.dirty_codes)]
        Table(DossierCodeCounter).upsert(codes, ("unit", "day"), ("last",), add=False)
        registers = [{"unit_id": u, "year": y, "last": self.registers[(u, y)]} for u, y in sorted(self.dirty_registers)]
        Table(RegisterCounter).upsert(registers, ("unit", "year"), ("last",), add=False)
        self.dirty_codes, self.dirty_registers = set(), set()

    def _write_rollups(self) -> None:
        dims = ("unit_id", "procedure_id", "field_id", "channel", "day")
        daily = [dict(zip(dims, key, strict=True)) | counts for key, counts in self.daily.items()]
        self.written["daily_rollups"] += Table(DailyRollup).upsert(daily, DailyRollup.KEY, COUNTERS)
        monthly = [{"unit_id": u, "month": m} | counts for (u, m), counts in self.monthly.items()]
        self.written["monthly_rollups"] += Table(MonthlyRollup).upsert(
            monthly, MonthlyRollup.KEY, coarse.MONTHLY_COUNTERS
        )
        unit_days = [{"unit_id": u, "day": d} | values for (u, d), values in sorted(self.unit_days.items())]
        self.written["unit_day_rollups"] += Table(UnitDayRollup).upsert(unit_days, UnitDayRollup.KEY, UNIT_DAY_COLUMNS)
        names = (*dims, "bucket", "due_day")
        stock = [dict(zip(names, key, strict=True)) | {"delta": delta} for key, delta in self.stock.items()]
        self.written["open_stock"] += Table(OpenStock).upsert(stock, OpenStock.KEY, ("delta",))
        if self.checkpoints:
            first = min(day for _unit, day, _bucket, _due in self.checkpoints)
            if ClosedMonth.objects.filter(month_end__gte=first).exists():
                for (unit, day, bucket, due_day), delta in self.checkpoints.items():
                    coarse.checkpoint_apply(unit_id=unit, day=day, bucket=bucket, due_day=due_day, delta=delta)
        self.daily, self.monthly, self.unit_days = {}, {}, {}
        self.stock, self.checkpoints = defaultdict(int), defaultdict(int)
