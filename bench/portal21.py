"""766 indicator 2.1 the portal's way at scale: replaying every dossier's events per report vs reading the stored
verdicts of the dossiers that ended (`PortalVerdict`) and replaying only the open ones.

    python bench/portal21.py [DOSSIERS] [UNITS]                                    # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench21 python bench/portal21.py 60000 300

Creates a throw-away test database, a province with UNITS communes and DOSSIERS dossiers over 2025 with their
event history (received with a due date; one in ten with a supplement request and its answer, one in forty with
two; about one in twelve still open at the end of the year, one in seven late), written in bulk. `rollups_rebuild`
then computes the rollups and the verdicts from the events (timed). Each report is computed both ways, checked
identical (figures and per-dossier verdicts), and timed (median of 3): replaying every dossier, reading the stored
verdicts (`detail=True`: every verdict loaded, as the drill-down needs) and counting them in SQL (`detail=False`:
the figure, as the 766 index and the worklist use it).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

VN = dt.timezone(dt.timedelta(hours=7))


def main(n: int, units: int) -> None:
    from django.conf import settings
    from django.test.utils import get_runner

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(n, units)
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN)


def make_history(n: int, unit_ids: list[int], procedure_id: int):
    """Dossier rows and their events (action, from, to, data, created_at), deterministic."""
    from motcua.dossiers.choices import Action
    from motcua.dossiers.choices import DossierStatus as S
    from motcua.dossiers.models import Dossier
    from motcua.metrics.rollup import DUE_KEY

    rng = random.Random(2125)
    dossiers, histories = [], []
    for i in range(n):
        unit = rng.choice(unit_ids)
        received = _moment(dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)), 9)
        due = received + dt.timedelta(days=rng.choice([3, 7, 10, 14, 21]))
        events = [(Action.RECEIVE, "", S.IN_PROGRESS, {DUE_KEY: due.isoformat()}, received)]
        clock = received
        supplements = 2 if rng.random() < 0.025 else 1 if rng.random() < 0.1 else 0
        for _ in range(supplements):
            asked = clock + dt.timedelta(days=1)
            back = asked + dt.timedelta(days=rng.randrange(1, 6))
            due = back + dt.timedelta(days=7)
            events.append((Action.REQUEST_SUPPLEMENT, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT, {}, asked))
            events.append(
                (Action.SUPPLEMENT_RECEIVED, S.AWAITING_SUPPLEMENT, S.IN_PROGRESS, {DUE_KEY: due.isoformat()}, back)
            )
            clock = back
        status, finished = S.IN_PROGRESS, None
        if rng.random() >= 0.08:
            late = rng.random() < 0.14
            finished = due + dt.timedelta(days=rng.randrange(1, 20)) if late else clock + (due - clock) * rng.random()
            outcome = "late" if late else "early"
            events.append((Action.SIGN, S.AWAITING_SIGNATURE, S.RESULT_READY, {"outcome": outcome}, finished))
            status = S.RESULT_READY
        dossiers.append(
            Dossier(
                code=f"BENCH-{i:07d}",
                procedure_id=procedure_id,
                receiving_unit_id=unit,
                current_unit_id=unit,
                channel=rng.choice(["online", "counter"]),
                status=status,
                applicant_name="Nguyễn Văn Bench",
                received_at=received,
                due_at=due,
                finished_at=finished,
                version=len(events),
            )
        )
        histories.append(events)
    return dossiers, histories


def run(n: int, unit_count: int) -> None:
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.tests.factories import ProcedureFactory
    from motcua.metrics.portal766 import VERDICT_FIELDS, portal_on_time
    from motcua.metrics.services import rollups_rebuild
    from motcua.units.choices import UnitKind
    from motcua.units.models import Unit

    started = time.perf_counter()
    province = Unit(code="P98", name="Tỉnh Bench", kind=UnitKind.PROVINCE)
    province.save()
    rows = []
    for i in range(unit_count):
        unit = Unit(code=f"C{i:05d}", name=f"Xã Bench {i}", kind=UnitKind.COMMUNE, parent=province)
        unit.refresh_derived_fields()
        rows.append(unit)
    Unit.objects.bulk_create(rows, batch_size=2000)
    unit_ids = list(Unit.objects.filter(parent=province).values_list("pk", flat=True))
    procedure = ProcedureFactory(setup=[])
    dossiers, histories = make_history(n, unit_ids, procedure.pk)
    with transaction.atomic():
        Dossier.objects.bulk_create(dossiers, batch_size=2000)
        pks = dict(Dossier.objects.filter(code__startswith="BENCH-").values_list("code", "pk"))
        events = [
            DossierEvent(
                dossier_id=pks[d.code], seq=seq, action=a, from_status=f, to_status=t, data=data, created_at=at
            )
            for d, history in zip(dossiers, histories, strict=True)
            for seq, (a, f, t, data, at) in enumerate(history, start=1)
        ]
        DossierEvent.objects.bulk_create(events, batch_size=5000)
    setup = time.perf_counter() - started
    began = time.perf_counter()
    counts = rollups_rebuild()
    rebuild = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{connection.vendor}: {n:,} dossiers, {len(events):,} events, {unit_count:,} units; "
        f"{counts['portal_verdicts']:,} stored verdicts; setup {setup:.0f} s, rebuild (rollups + verdicts) {rebuild:.1f} s"
    )
    one = Unit.objects.get(pk=unit_ids[0])
    print(f"{'2.1 report':<28}{'replay all ms':>15}{'stored ms':>11}{'figure ms':>11}{'dossiers':>10}{'replayed':>10}")
    for label, unit, start, end in [
        ("province, year 2025", province, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("province, ND09 Q3 2025", province, dt.date(2025, 6, 15), dt.date(2025, 9, 14)),
        ("province, 2025-03", province, dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
        ("one commune, year 2025", one, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]:
        kwargs = {"unit": unit, "start": start, "end": end}
        stored = portal_on_time(**kwargs)
        replayed = portal_on_time(**kwargs, stored=False)

        def verdicts(result):
            return {t.dossier_id: tuple(getattr(t, f) for f in VERDICT_FIELDS) for t in result.timings}

        if (stored.dossiers, stored.on_time) != (replayed.dossiers, replayed.on_time) or verdicts(stored) != verdicts(
            replayed
        ):
            raise SystemExit(f"MISMATCH stored vs replayed for {label}")
        open_count = sum(1 for t in stored.timings if t.closed_at is None)
        t_all = timed(lambda k=kwargs: portal_on_time(**k, stored=False))
        t_stored = timed(lambda k=kwargs: portal_on_time(**k))
        figure = portal_on_time(**kwargs, detail=False)
        if (figure.dossiers, figure.on_time, figure.difference_count) != (
            replayed.dossiers,
            replayed.on_time,
            len(replayed.differences()),
        ):
            raise SystemExit(f"MISMATCH counted vs replayed for {label}")
        t_figure = timed(lambda k=kwargs: portal_on_time(**k, detail=False))
        print(f"{label:<28}{t_all:>15.0f}{t_stored:>11.0f}{t_figure:>11.0f}{stored.dossiers:>10,}{open_count:>10,}")


def timed(function, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
