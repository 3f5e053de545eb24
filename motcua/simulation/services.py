"""Run a simulation and summarise what it wrote (`motcua simulate`, the demo loader and the tests call this)."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import asdict, dataclass, field

from django.db.models import Count

from motcua.dossiers.choices import Channel, Outcome
from motcua.dossiers.models import Dossier, DossierEvent

from . import parallel
from .actors import Office, demo_offices
from .bulk import BulkSimulator
from .engine import SIMULATED_SUBJECT, Simulator, load_procedures


class SimulationInputError(ValueError):
    pass


@dataclass
class Summary:
    dossiers: int
    events: int
    actions: int
    resolved: int
    on_time_share: float | None
    online_share: float | None
    by_status: dict[str, int]
    late_by_unit: dict[str, int]
    refused_actions: dict[str, int]
    offices: int
    procedures: int
    seconds: float
    dossiers_per_second: float
    events_per_second: float
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def simulated_dossiers():
    return Dossier.objects.filter(subject=SIMULATED_SUBJECT)


def summarise(dossier_ids: list[int]) -> dict:
    """Shares computed from the rows the services wrote (not from the simulator's intentions)."""
    if not dossier_ids:
        rows = Dossier.objects.none()
    else:  # this run's rows (ids ascend within a run; the subject excludes any other dossier in the range)
        rows = simulated_dossiers().filter(pk__gte=min(dossier_ids), pk__lte=max(dossier_ids))
    by_status = dict(rows.values_list("status").annotate(n=Count("id")).order_by("status"))
    outcomes = dict(rows.exclude(outcome="").values_list("outcome").annotate(n=Count("id")).order_by("outcome"))
    resolved = sum(outcomes.values())
    on_time = outcomes.get(Outcome.EARLY, 0) + outcomes.get(Outcome.ON_TIME, 0)
    total = sum(by_status.values())
    online = rows.filter(channel=Channel.ONLINE).count()
    late_by_unit = dict(
        rows.filter(outcome=Outcome.LATE)
        .values_list("receiving_unit__code")
        .annotate(n=Count("id"))
        .order_by("-n", "receiving_unit__code")
    )
    return {
        "dossiers": total,
        "events": DossierEvent.objects.filter(dossier__in=rows).count(),
        "resolved": resolved,
        "on_time_share": round(on_time / resolved, 4) if resolved else None,
        "online_share": round(online / total, 4) if total else None,
        "by_status": by_status,
        "late_by_unit": late_by_unit,
    }


def simulation_run(
    *,
    start: dt.date,
    end: dt.date,
    scale: float,
    seed: int,
    units: int = 5,
    offices: list[Office] | None = None,
    until: dt.datetime | None = None,
    bulk: bool = False,
    include: tuple = (),
    workers: int = 1,
) -> Summary:
    """Simulate dossier traffic from `start` to `end` (inclusive, Vietnam days) through the dossier services.

    `offices` defaults to `units` communes of the demo province chosen with the seed; `until` cuts the run at a
    moment (the demo stops at "now"). The same arguments on the same starting database give the same rows.
    `bulk=True` takes the bulk path (`bulk.BulkSimulator`): the same rows, written in bulk (docs/simulation.md).
    `include`: one-stop centres that are always among the chosen communes. `workers` > 1 (bulk path, PostgreSQL,
    outside a transaction): the communes in that many processes (`parallel.py`), the same rows but for the ids.
    """
    if start > end:
        raise SimulationInputError("ngày bắt đầu sau ngày kết thúc / --from is after --to")
    if scale < 0:
        raise SimulationInputError("hệ số quy mô phải không âm / --scale must not be negative")
    if units < 1:
        raise SimulationInputError("số đơn vị phải ít nhất là 1 / --units must be at least 1")
    rng = random.Random(seed)
    if offices is None:
        offices = demo_offices(count=units, rng=rng, include=include)
    procedures = load_procedures()
    if not procedures:
        raise SimulationInputError(
            "danh mục chưa có thủ tục cấp xã (chạy 'motcua demo') / no commune-level procedures (run 'motcua demo')"
        )
    if workers < 1:
        raise SimulationInputError("số tiến trình phải ít nhất là 1 / --workers must be at least 1")
    began, cpu = time.perf_counter(), time.process_time()
    arguments = {"procedures": procedures, "start": start, "end": end, "scale": scale, "seed": rng.getrandbits(64)}
    arguments["until"] = until
    processes = 1
    if bulk and parallel.usable(workers):
        result, sink = parallel.run(offices=offices, workers=workers, **arguments)
        processes = sink["processes"]
    else:
        simulator = (BulkSimulator if bulk else Simulator)(offices=offices, **arguments)
        result = simulator.run()
        if bulk:
            sink = {"written": simulator.sink.written, "seconds": simulator.sink.seconds, "cpu": 0.0}
    seconds = time.perf_counter() - began
    # This process and its workers (not the database server): comparable on a busy machine.
    cpu = time.process_time() - cpu + (sink["cpu"] if bulk else 0.0)
    facts = summarise(result.dossier_ids)
    return Summary(
        dossiers=facts["dossiers"],
        events=facts["events"],
        actions=result.actions,
        resolved=facts["resolved"],
        on_time_share=facts["on_time_share"],
        online_share=facts["online_share"],
        by_status=facts["by_status"],
        late_by_unit=facts["late_by_unit"],
        refused_actions=dict(result.failures),
        offices=len(offices),
        procedures=len(procedures),
        seconds=round(seconds, 2),
        dossiers_per_second=round(facts["dossiers"] / seconds, 1) if seconds else 0.0,
        events_per_second=round(facts["events"] / seconds, 1) if seconds else 0.0,
        extra={
            "cpu_seconds": round(cpu, 2),
            "path": "bulk",
            "processes": processes,
            "rows": dict(sink["written"]),
            "write_seconds": {k: round(v, 2) for k, v in sink["seconds"].items()},
        }
        if bulk
        else {"path": "services", "cpu_seconds": round(cpu, 2)},
    )


# The demo: DEMO_DAYS of history ending now in DEMO_UNITS communes, at DEMO_SCALE: ~3,400 dossiers in ~9 s on the
# bulk path, so `make run` shows half a year of activity and still starts in well under a minute (docs/simulation.md).
DEMO_DAYS, DEMO_UNITS, DEMO_SCALE, DEMO_SEED = 180, 6, 0.1, 7


def _demo_accounts_centre() -> tuple:
    """The one-stop centre of the demo accounts' commune (docs/demo.md), when the demo officers are loaded."""
    from motcua.units.demo import DemoUnitsMissing, demo_units

    try:
        return (demo_units()["commune_centre"],)
    except DemoUnitsMissing:
        return ()


def demo_history_load(*, now: dt.datetime | None = None) -> Summary | None:
    """Idempotent demo loader: does nothing when simulated dossiers already exist."""
    from django.utils import timezone

    from motcua.dossiers.clock import VN_TZ

    if simulated_dossiers().exists():
        return None
    now = now or timezone.now()
    end = now.astimezone(VN_TZ).date()
    return simulation_run(
        start=end - dt.timedelta(days=DEMO_DAYS),
        end=end,
        scale=DEMO_SCALE,
        seed=DEMO_SEED,
        units=DEMO_UNITS,
        include=_demo_accounts_centre(),
        until=now,
        bulk=True,  # the same rows as the service path (tests/test_bulk.py), written in bulk
    )
