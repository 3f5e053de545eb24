"""The bulk simulator's row writes before/after: the same rows written by two checkouts' `bulkwrite.Table`, alternated.

    DATABASE_URL=postgres://…/db MOTCUA_DATA_DIR=… PYTHONPATH=<after> \
        python bench/simulation_write_ab.py --before /tmp/main [--dossiers 6000] [--trials 6]

Reads the rows of the last `--dossiers` dossiers of the database (dossiers, steps, events, outbox, notifications,
metric states — a bulk run's, e.g. after `bench/simulation_ab.py`), then per trial writes them into empty copies
of their tables (`LIKE … INCLUDING DEFAULTS INCLUDING INDEXES`: the indexes, not the foreign keys) in one
transaction with the before tree's `Table.insert` and this tree's, in alternating order; prints each trial's wall
and client CPU and the medians' ratios. What it isolates: the simulator's cost of writing rows (issue 20 item 3,
text → binary COPY), without the simulation's noise.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="a checkout whose motcua/simulation/bulkwrite.py is 'before'")
    parser.add_argument("--dossiers", type=int, default=6000)
    parser.add_argument("--trials", type=int, default=6)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.db import connection, transaction

    from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, Notification
    from motcua.metrics.models import DossierMetricState
    from motcua.simulation import bulkwrite as after
    from motcua.sync.models import OutboxMessage

    path = os.path.join(args.before, "motcua", "simulation", "bulkwrite.py")
    spec = importlib.util.spec_from_file_location("before_bulkwrite", path)
    assert spec is not None and spec.loader is not None
    before = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(before)
    first = Dossier.objects.order_by("-pk").values_list("pk", flat=True)[args.dossiers - 1]
    tables = {Dossier: "id", DossierStep: "dossier_id", DossierEvent: "dossier_id", OutboxMessage: "dossier_id",
              Notification: "dossier_id", DossierMetricState: "dossier_id"}  # fmt: skip
    rows = {}
    for model, column in tables.items():
        names = [f.attname for f in model._meta.concrete_fields]
        rows[model] = list(model.objects.filter(**{column + "__gte": first}).values(*names))
    total = sum(len(r) for r in rows.values())
    print(f"{total:,} rows of {args.dossiers:,} dossiers; load average {os.getloadavg()[0]:.1f}", flush=True)
    times: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for i in range(args.trials):
        order = [("before", before), ("after", after)]
        for label, module in order if i % 2 == 0 else order[::-1]:
            with connection.cursor() as cursor:
                for model in tables:
                    t = model._meta.db_table
                    cursor.execute(f"DROP TABLE IF EXISTS ab_{t}")
                    cursor.execute(f"CREATE TABLE ab_{t} (LIKE {t} INCLUDING DEFAULTS INCLUDING INDEXES)")
            cpu, wall = time.process_time(), time.perf_counter()
            with transaction.atomic():
                for model in tables:
                    table = module.Table(model)
                    table.name = f"ab_{model._meta.db_table}"
                    table.insert(rows[model])
            times[label].append((time.perf_counter() - wall, time.process_time() - cpu))
            print(f"{label}: wall {times[label][-1][0]:.2f} s, client CPU {times[label][-1][1]:.2f} s", flush=True)
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"DROP TABLE IF EXISTS ab_{model._meta.db_table}")
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in times.items()}
    for label, (w, c) in med.items():
        print(f"{label}: median wall {w:.2f} s ({total / w:,.0f} rows/s), client CPU {c:.2f} s")
    print(
        f"before/after: wall {med['before'][0] / med['after'][0]:.2f}x, client CPU {med['before'][1] / med['after'][1]:.2f}x"
    )
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
