"""The stored counters of bundled procedures (liên thông, `motcua.bundles`), kept in the same transaction as the
bundle's events and rebuilt from history by the same rules (`rollups_rebuild`), so a report over a year reads
rows per unit, group and day, never every bundle (docs/domain/metrics.md "Bundled procedures").

The bundle's events and what each writes:

* filed (`bundle_filed`, called by `bundles.services.bundle_apply` in its transaction): received +1 on the day it
  was filed (Vietnamese calendar day of `received_at`), and its open-stock entry +1 at its total due day;
* a verification recorded (`bundle_due_moved`, called by `bundles.services.bundle_mark_verification`): the longer
  limit runs from the same clock start, so the open-stock entries move to the new due day (and the on-time verdict
  of an already finished bundle is taken again) — what a rebuild from the bundle's current due date gives;
* one of its parts ends (`bundle_part_ended`, called by the dossier rollup hook `services.rollup_apply_event` when a
  component dossier ends by the rollups' own rule, `rollup.apply`: resolved, refused, stopped, withdrawn — a later
  payment or delivery never reopens it): when the last part ends the bundle is finished at the latest ending, on
  that day: finished +1, within the limit +1 when it finished at or before its total due moment, the open-stock
  entry −1, and each agency's time (`bundles.selectors.bundle_view` at that moment) added to `BundleAgencyRollup`.

Total limit: the bundle's `due_at`, its definition's total limit (at most 3 working days for the national groups,
5 when verification is needed: QĐ 296/QĐ-VPCP of 12/6/2024 and ND 63/2024/NĐ-CP, as `bundles.rules` cites them;
the 5 days not verified against a published text) counted on the working calendar from the clock start after the
15:00 cut-off (`WorkingCalendar.clock_start`). "Within the limit" is the bundle page's rule
(`bundles.selectors.bundle_view`: late when the last part finished after `due_at`).

Bundles filed before these counters existed have no `BundleMetricState`: their events are skipped until
`motcua metrics rebuild` is run once (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from motcua.bundles.models import Bundle, BundlePart
from motcua.bundles.selectors import bundle_view
from motcua.core.db import upsert_add

from .models import BundleAgencyRollup, BundleDailyRollup, BundleMetricState, BundleOpenStock
from .rollup import vn_day

FLOWS = ("received", "finished", "finished_on_time")
AGENCY_SUMS = ("parts", "used_seconds", "budget_seconds", "over_budget")

FlowKey = tuple[int, int, dt.date]  # unit, definition, day
StockKey = tuple[int, int, dt.date, dt.date]  # unit, definition, day, due day
AgencyKey = tuple[int, int, str, int, dt.date]  # unit, definition, role, agency, day


@dataclass
class Changes:
    """What a bundle event changes in the three tables (the hook writes them, the rebuild sums them)."""

    flows: dict[FlowKey, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    stock: dict[StockKey, int] = field(default_factory=lambda: defaultdict(int))
    agencies: dict[AgencyKey, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def flow(self, key: FlowKey, name: str, value: int = 1) -> None:
        row = self.flows[key]
        row[name] = row.get(name, 0) + value

    def agency(self, key: AgencyKey, values: Mapping[str, int]) -> None:
        row = self.agencies[key]
        for name, value in values.items():
            row[name] = row.get(name, 0) + value


def on_time(*, finished_at: dt.datetime, due_at: dt.datetime) -> bool:
    """Finished within the bundle's total limit: the last part ended at or before the total due moment (the total
    limit of QĐ 296/QĐ-VPCP of 12/6/2024 and ND 63/2024/NĐ-CP as configured on the definition, `bundles.rules`;
    the bundle page's `late` is the opposite: `bundles.selectors.bundle_view`)."""
    return finished_at <= due_at


def _filed(changes: Changes, state: BundleMetricState) -> None:
    changes.flow((state.unit_id, state.definition_id, state.day), "received")
    changes.stock[(state.unit_id, state.definition_id, state.day, state.due_day)] += 1


def _finished(changes: Changes, state: BundleMetricState, bundle: Bundle) -> None:
    """The bundle's last part has ended at `state.finished_at`: the flows of that day, the stock entry taken back,
    each agency's attributed time at that moment."""
    assert state.finished_at is not None
    day = vn_day(state.finished_at)
    key = (state.unit_id, state.definition_id, day)
    changes.flow(key, "finished")
    if on_time(finished_at=state.finished_at, due_at=bundle.due_at):
        changes.flow(key, "finished_on_time")
    changes.stock[(state.unit_id, state.definition_id, day, state.due_day)] -= 1
    for part in bundle_view(bundle, now=state.finished_at).parts:
        changes.agency(
            (state.unit_id, state.definition_id, part.part.component.role, part.part.unit_id, day),
            {
                "parts": 1,
                "used_seconds": int(part.used.total_seconds()),
                "budget_seconds": int(part.budget.total_seconds()),
                "over_budget": int(part.over_budget),
            },
        )


def _write(changes: Changes) -> None:
    for (unit_id, definition_id, day), counts in sorted(changes.flows.items()):
        values: dict[str, object] = {"unit_id": unit_id, "definition_id": definition_id, "day": day}
        values |= {name: counts.get(name, 0) for name in FLOWS}
        upsert_add(BundleDailyRollup, key=BundleDailyRollup.KEY, values=values, add=FLOWS)
    for (unit_id, definition_id, day, due_day), delta in sorted(changes.stock.items()):
        if delta:
            values = {"unit_id": unit_id, "definition_id": definition_id, "day": day, "due_day": due_day}
            upsert_add(BundleOpenStock, key=BundleOpenStock.KEY, values={**values, "delta": delta}, add=("delta",))
    for (unit_id, definition_id, role, agency_id, day), sums in sorted(changes.agencies.items()):
        values = {"unit_id": unit_id, "definition_id": definition_id, "role": role, "agency_id": agency_id, "day": day}
        values |= {name: sums.get(name, 0) for name in AGENCY_SUMS}
        upsert_add(BundleAgencyRollup, key=BundleAgencyRollup.KEY, values=values, add=AGENCY_SUMS)


def _new_state(bundle: Bundle, parts_total: int) -> BundleMetricState:
    return BundleMetricState(
        bundle_id=bundle.pk,
        unit_id=bundle.receiving_unit_id,
        definition_id=bundle.definition_id,
        day=vn_day(bundle.received_at),
        due_day=vn_day(bundle.due_at),
        parts_total=parts_total,
    )


# --- the incremental path (in the bundle's / the component dossier's transaction) ------------------------------


def bundle_filed(bundle: Bundle) -> None:
    """A bundle was filed (called by `bundles.services.bundle_apply` after its parts, in its transaction)."""
    state = _new_state(bundle, BundlePart.objects.filter(bundle_id=bundle.pk).count())
    state.save(force_insert=True)
    changes = Changes()
    _filed(changes, state)
    _write(changes)


def bundle_due_moved(bundle: Bundle, *, old_due_at: dt.datetime) -> None:
    """The bundle's total due date changed (a verification: the longer limit from the same clock start, QĐ
    296/QĐ-VPCP; called by `bundles.services.bundle_mark_verification` with the bundle locked and saved): its
    open-stock entries move to the new due day and a finished bundle's on-time verdict is taken again."""
    state = BundleMetricState.objects.select_for_update().filter(pk=bundle.pk).first()
    if state is None:
        return  # filed before the counters existed (`metrics rebuild`)
    new_due_day = vn_day(bundle.due_at)
    changes = Changes()
    if new_due_day != state.due_day:
        changes.stock[(state.unit_id, state.definition_id, state.day, state.due_day)] -= 1
        changes.stock[(state.unit_id, state.definition_id, state.day, new_due_day)] += 1
        if state.finished_at is not None:
            finished_day = vn_day(state.finished_at)
            changes.stock[(state.unit_id, state.definition_id, finished_day, state.due_day)] += 1
            changes.stock[(state.unit_id, state.definition_id, finished_day, new_due_day)] -= 1
    if state.finished_at is not None:
        # a rebuild takes the verdict from the current due date: take it again here
        was = on_time(finished_at=state.finished_at, due_at=old_due_at)
        now_ok = on_time(finished_at=state.finished_at, due_at=bundle.due_at)
        if was != now_ok:
            key = (state.unit_id, state.definition_id, vn_day(state.finished_at))
            changes.flow(key, "finished_on_time", 1 if now_ok else -1)
    state.due_day = new_due_day
    state.save(update_fields=["due_day"])
    _write(changes)


def bundle_part_ended(*, dossier_id: int, at: dt.datetime) -> None:
    """A component dossier ended (by `rollup.apply`'s rule) at `at`; when it was the bundle's last part, the
    bundle is finished. Locks the bundle row first (the order of `bundles.services.bundle_mark_verification` and
    of the notices subscriber), then its state: two agencies ending at the same moment count it once."""
    bundle_id = BundlePart.objects.filter(dossier_id=dossier_id).values_list("bundle_id", flat=True).first()
    if bundle_id is None:
        return
    bundle = Bundle.objects.select_for_update().get(pk=bundle_id)
    state = BundleMetricState.objects.select_for_update().filter(pk=bundle_id).first()
    if state is None or state.finished_at is not None:
        return  # filed before the counters existed (`metrics rebuild`), or already counted
    state.parts_ended += 1
    state.last_end = at if state.last_end is None else max(state.last_end, at)
    changes = Changes()
    if state.parts_ended >= state.parts_total:
        state.finished_at = state.last_end
        _finished(changes, state, bundle)
    state.save(update_fields=["parts_ended", "last_end", "finished_at"])
    _write(changes)


# --- the rebuild (the same rules over the stored history) -------------------------------------------------------


def rebuild(ended: Mapping[int, dt.datetime]) -> tuple[Changes, list[BundleMetricState]]:
    """The counters of every bundle from its row and the ending moments of its component dossiers (`ended`:
    dossier id → the moment the dossier ended, collected by `services.rollups_rebuild` from the events with
    `rollup.apply`). Same functions as the hook, so both give the same rows."""
    changes = Changes()
    states: list[BundleMetricState] = []
    parts: dict[int, list[int]] = defaultdict(list)
    for bundle_id, dossier_id in BundlePart.objects.values_list("bundle_id", "dossier_id").iterator():
        parts[bundle_id].append(dossier_id)
    for bundle in _bundles():
        dossiers = parts.get(bundle.pk, [])
        state = _new_state(bundle, len(dossiers))
        ends = [ended[d] for d in dossiers if d in ended]
        state.parts_ended = len(ends)
        state.last_end = max(ends) if ends else None
        _filed(changes, state)
        if dossiers and state.parts_ended >= state.parts_total:
            state.finished_at = state.last_end
            _finished(changes, state, bundle)
        states.append(state)
    return changes, states


def _bundles() -> Iterable[Bundle]:
    return Bundle.objects.order_by("pk").iterator(chunk_size=500)


def rows(changes: Changes) -> tuple[list[BundleDailyRollup], list[BundleOpenStock], list[BundleAgencyRollup]]:
    """The rows of the rebuilt changes (bulk-created by `services.rollups_rebuild`)."""
    flows = [
        BundleDailyRollup(unit_id=u, definition_id=d, day=day, **{n: counts.get(n, 0) for n in FLOWS})
        for (u, d, day), counts in changes.flows.items()
    ]
    stock = [
        BundleOpenStock(unit_id=u, definition_id=d, day=day, due_day=due, delta=delta)
        for (u, d, day, due), delta in changes.stock.items()
        if delta
    ]
    agencies = [
        BundleAgencyRollup(
            unit_id=u, definition_id=d, role=role, agency_id=a, day=day, **{n: sums.get(n, 0) for n in AGENCY_SUMS}
        )
        for (u, d, role, a, day), sums in changes.agencies.items()
    ]
    return flows, stock, agencies
