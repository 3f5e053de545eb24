"""Writes of the rollups: the per-event hook called by the dossier engine, and the full rebuild.

`rollup_apply_event` runs inside the dossier action's transaction, after the event row is written and while
the dossier row is locked (`select_for_update` in `dossiers.engine.apply_action`), so the per-dossier state
needs no further lock; the shared rollup rows are changed with one atomic
`INSERT … ON CONFLICT … DO UPDATE SET x = x + excluded.x` each (PostgreSQL and SQLite ≥ 3.24), which is
correct when many dossiers of the same unit and day move at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from types import SimpleNamespace

from django.db import transaction

from motcua.catalog.models import Procedure
from motcua.core.db import insert_blind, upsert_add
from motcua.dossiers.models import Dossier, DossierEvent

from . import bundle_rollup, coarse, portal766, rollup
from .choices import COUNTERS
from .models import (
    BundleAgencyRollup,
    BundleDailyRollup,
    BundleMetricState,
    BundleOpenStock,
    ClosedMonth,
    DailyRollup,
    DossierMetricState,
    MonthlyRollup,
    OpenStock,
    PortalVerdict,
    StockCheckpoint,
    UnitDayRollup,
)

logger = logging.getLogger("motcua.metrics")

DIMENSIONS = ("unit_id", "procedure_id", "field_id", "channel")


def _flow_values(dims: dict[str, object], day: dt.date, counters: dict[str, int]) -> dict[str, object]:
    return {**dims, "day": day, **{name: counters.get(name, 0) for name in COUNTERS}}


def _position(state: DossierMetricState) -> rollup.Position | None:
    """The dossier's stored position: a bucket always has its due day (`OpenStock.due_day` is not null)."""
    if not state.bucket:
        return None
    assert state.due_day is not None
    return rollup.Position(state.bucket, state.due_day)


def rollup_apply_event(*, dossier: Dossier, event: DossierEvent) -> None:
    """Fold one new dossier event into the rollups (called by `dossiers.engine` in the same transaction)."""
    # The creation event (seq 1) has no state yet: no look-up, and one INSERT instead of Django's UPDATE-then-INSERT.
    state = None if event.seq == 1 else DossierMetricState.objects.filter(pk=dossier.pk).first()
    creating = state is None
    if state is None:
        cached = dossier._state.fields_cache.get("procedure")  # the creating service holds the procedure
        if cached is not None:
            field_id = cached.field_id
        else:
            field_id = Procedure.objects.filter(pk=dossier.procedure_id).values_list("field_id", flat=True)[0]
        state = DossierMetricState(
            dossier_id=dossier.pk,
            unit_id=dossier.receiving_unit_id,
            procedure_id=dossier.procedure_id,
            field_id=field_id,
            channel=dossier.channel,
        )
    effect = rollup.apply(
        position=_position(state),
        ending=state.ending,
        first=state.last_seq == 0,
        action=event.action,
        from_status=event.from_status,
        to_status=event.to_status,
        data=event.data,
    )
    day = rollup.vn_day(event.created_at)
    dims = {name: getattr(state, name) for name in DIMENSIONS}
    if effect.counters:
        upsert_add(DailyRollup, key=DailyRollup.KEY, values=_flow_values(dims, day, effect.counters), add=COUNTERS)
        monthly = coarse.monthly_values(unit_id=state.unit_id, day=day, channel=state.channel, counters=effect.counters)
        upsert_add(MonthlyRollup, key=MonthlyRollup.KEY, values=monthly, add=coarse.MONTHLY_COUNTERS)
    coarse.unit_day_apply(
        unit_id=state.unit_id,
        changes=coarse.unit_day_changes(day=day, channel=state.channel, counters=effect.counters, stock=effect.stock),
    )
    # In key order, not "leave then enter": two dossiers of one unit, procedure and day moving in opposite
    # directions would otherwise lock the same stock and checkpoint rows in opposite orders (a deadlock on
    # PostgreSQL, found by bench/faults.py).
    for bucket, due_day, delta in sorted(effect.stock, key=lambda entry: (entry[0], entry[1] or dt.date.max)):
        values = {**dims, "day": day, "bucket": bucket, "due_day": due_day, "delta": delta}
        upsert_add(OpenStock, key=OpenStock.KEY, values=values, add=("delta",))
        coarse.checkpoint_apply(unit_id=state.unit_id, day=day, bucket=bucket, due_day=due_day, delta=delta)
    if effect.ending and not state.ending:  # the dossier ends: its 766 verdict (portal's rule) is now fixed
        portal766.record_verdict(dossier_id=dossier.pk, ending_event=event)
        bundle_rollup.bundle_part_ended(dossier_id=dossier.pk, at=event.created_at)  # a component of a bundle?
    state.bucket = effect.position.bucket if effect.position else ""
    state.due_day = effect.position.due_day if effect.position else None
    state.ending = effect.ending
    state.last_seq = event.seq
    if creating:  # a blind INSERT, sent with the rollup upserts in one round trip on PostgreSQL (core.db)
        insert_blind(state)
    else:
        state.save()


def rollups_rebuild(*, batch_size: int = 5000) -> dict[str, int]:
    """Recompute every rollup from the dossier history (events in order), replacing what is stored.

    Uses the same rules as the incremental hook (`rollup.apply`); the report dimensions come from the dossier
    and its procedure's current field. The monthly rows are the sums of the daily ones; the checkpoints of the
    months that were closed (and any month completed since) are recomputed from the rebuilt open stock. The
    bundles' counters come from each bundle's row and its parts' ending moments (`bundle_rollup.rebuild`).
    Returns the number of rows written per table.
    """
    flows: dict[coarse.FlowKey, dict[str, int]] = defaultdict(dict)
    stock: dict[coarse.StockKey, int] = defaultdict(int)
    states: list[DossierMetricState] = []
    events = (
        DossierEvent.objects.order_by("dossier_id", "seq")
        .values_list(
            "dossier_id",
            "seq",
            "action",
            "from_status",
            "to_status",
            "data",
            "created_at",
            "dossier__receiving_unit_id",
            "dossier__procedure_id",
            "dossier__procedure__field_id",
            "dossier__channel",
        )
        .iterator(chunk_size=batch_size)
    )
    current = None
    state: DossierMetricState  # set on each dossier's first event
    history: list[SimpleNamespace] = []  # the current dossier's events so far (for its 766 verdict)
    verdicts: list[PortalVerdict] = []
    ended: dict[int, dt.datetime] = {}  # dossier → the moment it ended (the bundles' parts, `bundle_rollup.rebuild`)
    for (
        dossier_id,
        seq,
        action,
        from_status,
        to_status,
        data,
        created_at,
        unit_id,
        proc_id,
        field_id,
        channel,
    ) in events:
        if dossier_id != current:
            current = dossier_id
            state = DossierMetricState(
                dossier_id=dossier_id, unit_id=unit_id, procedure_id=proc_id, field_id=field_id, channel=channel
            )
            states.append(state)
            history = []
        history.append(
            SimpleNamespace(
                action=action, from_status=from_status, to_status=to_status, data=data, created_at=created_at
            )
        )
        effect = rollup.apply(
            position=_position(state),
            ending=state.ending,
            first=state.last_seq == 0,
            action=action,
            from_status=from_status,
            to_status=to_status,
            data=data,
        )
        day = rollup.vn_day(created_at)
        dims = (unit_id, proc_id, field_id, channel)
        if effect.counters:
            row = flows[(*dims, day)]
            for name, value in effect.counters.items():
                row[name] = row.get(name, 0) + value
        for bucket, due_day, delta in effect.stock:
            stock[(*dims, day, bucket, due_day)] += delta
        if effect.ending and not state.ending:
            ended[dossier_id] = created_at
            timing = portal766.portal_timing(dossier_id, history, at=created_at + portal766.JUST_AFTER)
            if timing.closed_at is not None:
                verdicts.append(portal766.verdict_of(timing))
        state.bucket = effect.position.bucket if effect.position else ""
        state.due_day = effect.position.due_day if effect.position else None
        state.ending = effect.ending
        state.last_seq = seq

    flow_rows = [
        DailyRollup(unit_id=u, procedure_id=p, field_id=f, channel=c, day=d, **{n: counts.get(n, 0) for n in COUNTERS})
        for (u, p, f, c, d), counts in flows.items()
    ]
    stock_rows = [
        OpenStock(unit_id=u, procedure_id=p, field_id=f, channel=c, day=d, bucket=b, due_day=due, delta=delta)
        for (u, p, f, c, d, b, due), delta in stock.items()
        if delta
    ]
    monthly_rows = coarse.monthly_rows_from_daily(flows)
    unit_day_rows = coarse.unit_day_rows(flows, stock)
    bundle_changes, bundle_states = bundle_rollup.rebuild(ended)
    bundle_flows, bundle_stock, bundle_agencies = bundle_rollup.rows(bundle_changes)
    with transaction.atomic():
        closed = list(ClosedMonth.objects.values_list("month_end", flat=True))
        for model in (
            DailyRollup,
            MonthlyRollup,
            UnitDayRollup,
            OpenStock,
            StockCheckpoint,
            ClosedMonth,
            DossierMetricState,
            PortalVerdict,
            BundleDailyRollup,
            BundleOpenStock,
            BundleAgencyRollup,
            BundleMetricState,
        ):
            model.objects.all().delete()
        DailyRollup.objects.bulk_create(flow_rows, batch_size=batch_size)
        MonthlyRollup.objects.bulk_create(monthly_rows, batch_size=batch_size)
        UnitDayRollup.objects.bulk_create(unit_day_rows, batch_size=batch_size)
        OpenStock.objects.bulk_create(stock_rows, batch_size=batch_size)
        DossierMetricState.objects.bulk_create(states, batch_size=batch_size)
        PortalVerdict.objects.bulk_create(verdicts, batch_size=batch_size)
        BundleDailyRollup.objects.bulk_create(bundle_flows, batch_size=batch_size)
        BundleOpenStock.objects.bulk_create(bundle_stock, batch_size=batch_size)
        BundleAgencyRollup.objects.bulk_create(bundle_agencies, batch_size=batch_size)
        BundleMetricState.objects.bulk_create(bundle_states, batch_size=batch_size)
        through = max([coarse.last_complete_checkpoint(), *closed])
        checkpoints = coarse.checkpoints_close(through=through)
    counts = {
        "daily_rollups": len(flow_rows),
        "monthly_rollups": len(monthly_rows),
        "unit_day_rollups": len(unit_day_rows),
        "open_stock": len(stock_rows),
        "closed_months": len(checkpoints),
        "dossiers": len(states),
        "portal_verdicts": len(verdicts),
        "bundles": len(bundle_states),
    }
    logger.info("metrics.rebuild", extra=counts)
    return counts


def checkpoints_close(*, through: dt.date | None = None) -> list[dt.date]:
    """Close the completed months: write their end-of-month open-stock checkpoints (idempotent; run by
    `motcua metrics close-months`, e.g. daily from cron, and by `metrics rebuild`)."""
    with transaction.atomic():
        return coarse.checkpoints_close(through=through)
