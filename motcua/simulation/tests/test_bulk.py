"""The bulk path writes exactly the rows the service path writes (docs/simulation.md, "The bulk path").

Both paths run with one seed over the same window into the same (transactional, so really committed) database,
one after the other; every column of every row of every table the service path touched is compared, surrogate
ids mapped to natural keys (dossier code, event sequence). Tables the service path writes that this test does
not know make it fail, so a new write in the services cannot slip past the bulk path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction

from motcua.catalog.models import Procedure
from motcua.catalog.services import commitment_set
from motcua.dossiers import audit
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.metrics.models import DailyRollup, DossierMetricState, MonthlyRollup, OpenStock, UnitDayRollup
from motcua.metrics.services import rollups_rebuild
from motcua.simulation import distributions as dist
from motcua.simulation.services import simulation_run

# Random per row by design (a message id), not a property of the simulated history.
RANDOM_COLUMNS = {("sync", "outboxmessage"): {"uuid"}}


def table_counts() -> dict:
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models():
            if model._meta.managed and not model._meta.proxy:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
                counts[model] = cursor.fetchone()[0]
        return counts


def snapshot(models) -> dict[str, list]:
    """Every row of `models`, ids replaced by natural keys, sorted."""
    codes = dict(Dossier.objects.values_list("pk", "code"))
    events = {pk: (codes[d], seq) for pk, d, seq in DossierEvent.objects.values_list("pk", "dossier_id", "seq")}
    result = {}
    for model in models:
        skip = {"id"} | RANDOM_COLUMNS.get((model._meta.app_label, model._meta.model_name), set())
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        rows = []
        for row in model.objects.values(*names):
            if "dossier_id" in row:
                row["dossier_id"] = codes.get(row["dossier_id"], row["dossier_id"])
            if "event_id" in row:
                row["event_id"] = events.get(row["event_id"], row["event_id"])
            rows.append(row)
        result[model._meta.label] = sorted(rows, key=repr)
    return result


def id_positions(models) -> dict:
    """Where each table's id sequence stands: the event hash covers the dossier id, so the second run must
    start numbering where the first one did."""
    positions = {}
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if model._meta.pk.column != "id":
                continue
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                (sequence,) = cursor.fetchone()
                if sequence:
                    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                    positions[model] = (sequence, *cursor.fetchone())
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                positions[model] = (table, found[0] if found else 0, True)
    return positions


def restore_ids(positions: dict) -> None:
    with connection.cursor() as cursor:
        for name, value, called in positions.values():
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(%s, %s, %s)", [name, value, called])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [name])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [name, value])


def wipe(models) -> None:
    """Delete the rows of one run (children first); events are append-only for the ORM, so raw SQL."""
    order = sorted(models, key=lambda m: m is Dossier or m is DossierEvent)
    order = [m for m in order if m not in (Dossier, DossierEvent)] + [DossierEvent, Dossier]
    with transaction.atomic(), connection.cursor() as cursor:
        for model in order:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def assert_same(left: dict, right: dict) -> None:
    assert left.keys() == right.keys()
    for label in left:
        a, b = left[label], right[label]
        assert len(a) == len(b), f"{label}: {len(a)} rows by the services, {len(b)} by the bulk path"
        for row_a, row_b in zip(a, b, strict=True):
            diff = {k: (row_a[k], row_b[k]) for k in row_a if row_a[k] != row_b[k]}
            assert not diff, f"{label}: first differing row {row_a}: {diff}"


@pytest.fixture
def busy_rates(monkeypatch):
    """Rare branches made common, so a few hundred dossiers take every path of the script (both paths alike)."""
    rates = dataclasses.replace(
        dist.RATES,
        refuse_reception_online=0.05,
        supplement_reception_online=0.15,
        supplement_appraisal=0.12,
        supplement_abandoned=0.2,
        suspend=0.08,
        withdraw=0.06,
        reject=0.08,
        transfer_late=0.1,
        extension_when_late=0.6,
    )
    monkeypatch.setattr(dist, "RATES", rates)


def commit_everything(province) -> None:
    """Service commitments (deadlines.md §10) on every procedure of the run with a limit of a working day or more:
    both paths snapshot them at intake and carry the committed due date through the clock rules."""
    for code in Procedure.objects.filter(
        valid_to__isnull=True, time_limit_unit="working_days", time_limit_value__gte=1
    ).values_list("code", flat=True):
        commitment_set(
            procedure_code=code,
            scope=province,
            value=Decimal(4),
            unit="working_hours",
            decision_number="01/QĐ-UBND",
            decision_date=dt.date(2025, 1, 2),
            decision_issuer="UBND tỉnh",
        )


def test_bulk_path_writes_exactly_the_rows_of_the_service_path(transactional_db, offices, province, busy_rates):
    offices[1].late_rate = 0.2
    commit_everything(province)
    # Five weeks across Reunification Day and Labour Day (30 April, 1 May 2025), three communes.
    window = {"start": dt.date(2025, 4, 14), "end": dt.date(2025, 5, 18), "scale": 0.1, "seed": 5}
    before = table_counts()
    positions = id_positions(list(before))
    services = simulation_run(**window, offices=offices)
    after = table_counts()
    touched = [model for model in after if after[model] != before[model]]
    known = {
        "dossiers.Dossier",
        "dossiers.DossierEvent",
        "dossiers.DossierStep",
        "dossiers.Notification",
        "dossiers.DossierCodeCounter",
        "dossiers.RegisterCounter",
        "sync.OutboxMessage",
        "metrics.DossierMetricState",
        "metrics.DailyRollup",
        "metrics.MonthlyRollup",
        "metrics.UnitDayRollup",
        "metrics.OpenStock",
        "metrics.PortalVerdict",
    }
    assert {m._meta.label for m in touched} == known
    expected = snapshot(touched)

    # The run took every branch of the script.
    actions = set(DossierEvent.objects.values_list("action", flat=True))
    for action in (
        Action.REFUSE_RECEPTION,
        Action.REQUEST_SUPPLEMENT,
        Action.SUPPLEMENT_RECEIVED,
        Action.SUSPEND,
        Action.RESUME,
        Action.EXTEND,
        Action.REQUEST_WITHDRAWAL,
        Action.STOP,
        Action.REJECT,
        Action.DELIVER,
    ):
        assert action in actions, action
    clocks = {e.data.get("clock") for e in DossierEvent.objects.filter(action=Action.SUPPLEMENT_RECEIVED)}
    assert {"restarted"} <= clocks
    kept = [e.data["commitment_kept"] for e in DossierEvent.objects.filter(data__has_key="commitment_kept")]
    assert True in kept and False in kept  # both outcomes of the commitment are compared
    assert services.dossiers > 200
    assert Dossier.objects.filter(status=DossierStatus.AWAITING_SUPPLEMENT).exists()  # abandoned supplements

    wipe(touched)
    restore_ids(positions)
    bulk = simulation_run(**window, offices=offices, bulk=True)
    assert snapshot(touched) == snapshot(touched)  # (deterministic snapshot)
    assert_same(expected, snapshot(touched))
    assert (bulk.dossiers, bulk.events, bulk.actions, bulk.refused_actions) == (
        services.dossiers,
        services.events,
        services.actions,
        services.refused_actions,
    )

    # The history verifies, and a rebuild of the metrics from it gives the rollups the bulk path wrote.
    report = audit.verify_all()
    assert report.ok and report.events == services.events
    rollup_models = [DailyRollup, MonthlyRollup, UnitDayRollup, DossierMetricState, OpenStock]
    written = snapshot(rollup_models)
    rollups_rebuild()
    rebuilt = snapshot(rollup_models)
    stock = "metrics.OpenStock"
    written[stock] = [row for row in written[stock] if row["delta"]]  # the rebuild drops rows netting to zero
    days = "metrics.UnitDayRollup"
    assert len(written[days]) > 50
    written[days] = [row for row in written[days] if any(v for k, v in row.items() if k not in ("unit_id", "day"))]
    assert_same(written, rebuilt)


def test_bulk_path_inside_a_transaction_leaves_notices_to_the_commit(db, offices):
    """Inside a caller's transaction the notices wait for its commit (`on_commit`), as on the service path."""
    from motcua.dossiers.models import Notification

    with transaction.atomic():
        summary = simulation_run(
            start=dt.date(2025, 9, 8), end=dt.date(2025, 9, 12), scale=0.05, seed=3, offices=offices[:1], bulk=True
        )
        assert summary.dossiers > 0
        assert Dossier.objects.count() == summary.dossiers
        assert not Notification.objects.exists()
        assert audit.verify_all().ok


def test_outbox_message_ids_are_random_version_4_uuids():
    import uuid

    from motcua.simulation.bulkwrite import message_id

    ids = [message_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert (str(parsed), parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)


def test_procedure_draws_with_summed_weights_are_the_draws_with_weights():
    """The simulator passes `random.choices` the summed weights once (`cum_weights`): the same picks."""
    import itertools
    import random

    weights = dist.procedure_weights([(f"field {i % 5}", f"P{i:03d}") for i in range(120)])
    summed = list(itertools.accumulate(weights))
    a, b = random.Random(4), random.Random(4)
    for _ in range(5000):
        assert a.choices(range(120), weights=weights) == b.choices(range(120), cum_weights=summed)


def test_a_bulk_run_gives_the_cyclic_collector_back(db, offices):
    """The bulk run keeps the collector off and the heap frozen while it runs (`BulkSimulator.run`), not after."""
    import gc

    simulation_run(
        start=dt.date(2025, 9, 8), end=dt.date(2025, 9, 9), scale=0.05, seed=3, offices=offices[:1], bulk=True
    )
    assert gc.isenabled() and gc.get_freeze_count() == 0
