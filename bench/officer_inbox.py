"""The officer inbox under concurrent load (signed-in session) vs the same server's trivial endpoint, same run.

    python bench/officer_inbox.py [--unit-size 1000 --unit-size 50000] [--open-caseload 1000 | --all-open]
                                  [--workers 4] [--connections 8] [--seconds 10] [--engine postgresql --engine sqlite]

For each database (PostgreSQL when reachable, and SQLite) and each `--unit-size` (default 1,000 and 50,000, in the
same run): a fresh database and a real gunicorn on 127.0.0.1
(`bench/_server.py`), filled with that many dossiers received at the counter of one one-stop centre, of which one
in three was forwarded to the competent department (its specialist's queue). The newest `--made-by-services`
(default 300) go through the services; the rest are copies of those rows — dossier and steps, with their own code,
applicant and dates — so a 50k unit fills in minutes. History (default): the unit receives `--open-caseload`
(default 1,000) dossiers per 60 days whatever its size; the newest 1,000 are open (a district centre's caseload)
and the older ones closed (delivered), so 50k is the 1k unit with eight years of history behind it. `--all-open`:
every dossier open over the last 60 days (a backlog, the shape of the runs before 2026-12-07). After filling,
VACUUM ANALYZE, as autovacuum does to a province's tables (a bulk-filled table has no statistics). Sessions are real: the fixture signs the counter officer and the specialist in through
Django's session store (database sessions, as in production) and wrk sends the session cookie on every request.

Then `wrk` (2 threads, closed loop, `--connections` keep-alive connections) for `--seconds` each against

- `GET /healthz` (one `SELECT 1`: the baseline),
- `GET /can-bo/` as the counter officer: tab counts (one aggregate over the visible dossiers) + first page of the
  first non-empty queue (25 rows, deadlines and badges), the page an officer opens every morning,
- `GET /can-bo/?tab=all&page=N` as the counter officer, N cycling over the first 20 pages (paging back in time),
- `GET /can-bo/?q=…` as the counter officer, searching an applicant's name,
- `GET /can-bo/` as the department's specialist (dossiers forwarded to the unit).

Prints throughput, p50/p90/p99 latency and errors for each size, each beside its own `/healthz` baseline, then
the cost ratio largest/smallest size per page (mean latency ratio; the inbox budget of issue 20 is ≤ 1.3) (wrk counts answers ≥ 400; before the load each page is fetched
once and must be the signed-in inbox, so an expired session — a redirect — stops the run). DESIGN.md §7 gives no
budget for the inbox; the line printed compares the worst p99 with 500 ms, a target noted, not asserted.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ENGINES, BenchServer, postgres_available, table_row, wrk

FIXTURE = r"""
import datetime as dt, json, sys, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
import time_machine
from django.test import Client
from django.utils import timezone
from motcua.dossiers import services
from motcua.dossiers.tests.factories import World
world = World()
documents = world.all_documents()
n, made_by_services, open_caseload = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
now = timezone.now()
names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]
# History (open_caseload > 0): the unit receives open_caseload dossiers per 60 days whatever its size, so its
# newest open_caseload dossiers (the last 60 days) are open, as in a 1k unit, and the older ones are closed
# (delivered): a 50k unit is the same caseload with years of history behind it. Backlog (open_caseload 0): every
# dossier open, spread over the last 60 days.
days = 60 if not open_caseload else max(60, 60 * n // open_caseload)
spread = lambda i: now - dt.timedelta(days=days) + dt.timedelta(seconds=i * days * 86400 // n)
closed_below = n - open_caseload if open_caseload else 0  # copies older than this are closed
base = min(n, made_by_services)
first = n - base  # the service-made dossiers are the newest: open, whatever the size
for j in range(base):
    i = first + j
    with time_machine.travel(spread(i), tick=False):
        d = services.dossier_receive_at_counter(
            officer=world.counter, unit=world.one_stop, procedure=world.procedure,
            applicant_name=f"{names[i % len(names)]} {i}", applicant_phone=f"09{i:08d}",
            presented_document_ids=documents,
        )
        if i % 3 == 0:
            services.dossier_forward(officer=world.counter, dossier=d, expected_version=d.version,
                                     to_units=[world.department])
# The rest: copies of those service-made rows (the dossier and its steps, what the inbox reads), each with its own
# code, register number, applicant, phone and dates along the 60 days; the history (events) is not copied.
import copy
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.services.intake import _search_text
made = list(Dossier.objects.select_related("procedure").order_by("pk"))
steps = {}
for step in DossierStep.objects.order_by("pk"):
    steps.setdefault(step.dossier_id, []).append(step)
register = max(d.register_number or 0 for d in made)
DATES = ("created_at", "updated_at", "submitted_at", "received_at", "clock_started_at", "legal_due_at", "due_at",
         "transfer_due_at", "processing_started_at")
for start in range(0, first, 2000):
    batch, sources = [], []
    for i in range(start, min(first, start + 2000)):
        src = made[i % base]
        shift = spread(i) - src.created_at
        d = copy.copy(src)
        d.pk = None
        for field in DATES:
            if getattr(d, field) is not None:
                setattr(d, field, getattr(d, field) + shift)
        d.code = src.code.rsplit("-", 1)[0] + f"-{i:06d}"
        d.applicant_name, d.applicant_phone = f"{names[i % len(names)]} {i}", f"09{i:08d}"
        d.register_number = register + 1 + i if src.register_number else None
        d.search_text = _search_text(d)
        closed = i < closed_below
        if closed:  # history: delivered at the counter on its due date
            d.status, d.outcome = "delivered", "on_time"
            d.finished_at = d.delivered_at = d.due_at or d.created_at
            d.delivery_method = "counter"
        batch.append(d)
        sources.append((src, shift, closed))
    Dossier.objects.bulk_create(batch)
    copies = []
    for d, (src, shift, closed) in zip(batch, sources):
        for step in steps.get(src.pk, []):
            c = copy.copy(step)
            c.pk, c.dossier_id = None, d.pk
            for field in ("started_at", "due_at", "finished_at"):
                if getattr(c, field) is not None:
                    setattr(c, field, getattr(c, field) + shift)
            if closed and c.finished_at is None:
                c.finished_at = d.finished_at
            copies.append(c)
    DossierStep.objects.bulk_create(copies)
# What autovacuum does to a table after a bulk load: statistics and the visibility map (index-only scans); a
# province's database has them, a freshly bulk-filled one would be planned blind.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
cookies = {}
for role, user in (("counter", world.counter), ("specialist", world.specialist)):
    client = Client()
    client.force_login(user)
    cookies[role] = settings.SESSION_COOKIE_NAME + "=" + client.cookies[settings.SESSION_COOKIE_NAME].value
print("FIXTURE " + json.dumps({"cookies": cookies, "search": names[2]}))
"""

HEALTH = 'wrk.method = "GET"\n'

# Cycles over the paths given as arguments after the cookie (one path: always the same).
PAGES = r"""
local counter = 0
function init(args)
  cookie = args[1]
  paths = {}
  for i = 2, #args do table.insert(paths, args[i]) end
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Cookie"] = cookie})
end
"""


def signed_in_page(base: str, path: str, cookie: str) -> int:
    """Bytes of one page fetched with the session cookie; fails unless it is a 200 of the console (wrk counts
    only >= 400 as errors, so a redirect to the sign-in page would otherwise pass unnoticed)."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(request, timeout=30) as response:
        body = response.read()
        if response.status != 200 or b'name="q"' not in body:
            raise RuntimeError(f"{path}: HTTP {response.status}, not the signed-in inbox")
        return len(body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class InboxServer(BenchServer):
    """BenchServer whose fixture is a unit's caseload and two signed-in officers instead of an API client."""

    def __init__(self, engine: str, *, dossiers: int, workers: int, made_by_services: int, open_caseload: int) -> None:
        super().__init__(engine, workers=workers)
        self.dossiers = dossiers
        self.made_by_services = made_by_services
        self.open_caseload = open_caseload

    fixture_script = FIXTURE

    def fixture_arg(self) -> str:
        return str(self.dossiers)

    def fixture_args(self) -> list[str]:
        return [str(self.dossiers), str(self.made_by_services), str(self.open_caseload)]


def bench(engine: str, size: int, args) -> tuple[list[str], dict[str, dict]]:
    open_caseload = 0 if args.all_open else args.open_caseload
    with InboxServer(
        engine, dossiers=size, workers=args.workers, made_by_services=args.made_by_services, open_caseload=open_caseload
    ) as server:
        fx = server.fixture
        counter, specialist = fx["cookies"]["counter"], fx["cookies"]["specialist"]
        runs = [
            ("GET /can-bo/ (counter officer, default tab)", counter, ["/can-bo/"]),
            ("GET /can-bo/?tab=all&page=1…20", counter, [f"/can-bo/?tab=all&page={p}" for p in range(1, 21)]),
            ("GET /can-bo/?q=<applicant name>", counter, ["/can-bo/?q=" + quote_plus(fx["search"])]),
            ("GET /can-bo/ (department specialist)", specialist, ["/can-bo/"]),
        ]
        url = server.base + "/healthz"
        for _, cookie, paths in runs:
            signed_in_page(server.base, paths[0], cookie)
        # warm-up: every worker's first request pays imports, connections and template loading
        wrk(url, script=HEALTH, connections=args.connections, seconds=2)
        for _, cookie, paths in runs:
            wrk(server.base + paths[0], script=PAGES, args=[cookie, *paths], connections=args.connections, seconds=2)
        health = wrk(url, script=HEALTH, connections=args.connections, seconds=args.seconds)
        results = [
            (
                label,
                wrk(
                    server.base + paths[0],
                    script=PAGES,
                    args=[cookie, *paths],
                    connections=args.connections,
                    seconds=args.seconds,
                ),
            )
            for label, cookie, paths in runs
        ]
    worst = max(figures["p99"] for _, figures in results)
    lines = [
        f"**{engine}** ({size:,} dossiers in the unit, {args.workers} gunicorn workers, "
        f"{args.connections} connections, {args.seconds} s each, session cookie on every request)",
        "",
        "| endpoint | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        table_row("GET /healthz (baseline)", health, None),
        *(table_row(label, figures, health) for label, figures in results),
        "",
        f"target (no inbox budget in DESIGN.md §7): p99 < 500 ms under {args.connections} connections: "
        f"{'met' if worst < 500 else 'NOT met'}"
        f" (worst p99 {worst:.1f} ms)",
        "",
    ]
    return lines, {"GET /healthz (baseline)": health, **dict(results)}


def cost_ratios(engine: str, sizes: list[int], measured: dict[int, dict[str, dict]]) -> list[str]:
    """Largest size over the smallest, per page: the p50 latency ratio, and the cost ratio relative to each run's
    own /healthz (time a page per time a /healthz; it cancels most of a shared machine's load between the runs)."""
    small, large = min(sizes), max(sizes)
    base = "GET /healthz (baseline)"

    def cost(size: int, label: str) -> float:
        return measured[size][base]["rate"] / measured[size][label]["rate"]

    lines = [
        f"**{engine}**: {large:,} / {small:,} dossiers in the unit (issue 20 budget: cost ratio ≤ 1.3)",
        "",
        "| page | p50 ratio | cost ratio (per /healthz) |",
        "|---|---:|---:|",
    ]
    for label in measured[large]:
        if label != base:
            p50 = measured[large][label]["p50"] / measured[small][label]["p50"]
            lines.append(f"| {label} | {p50:.2f} | {cost(large, label) / cost(small, label):.2f} |")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit-size", type=int, action="append", help="dossiers in the unit (repeat; 1000, 50000)")
    parser.add_argument(
        "--made-by-services", type=int, default=300, help="dossiers made through the services; the rest are copies"
    )
    parser.add_argument(
        "--open-caseload",
        type=int,
        default=1000,
        help="open dossiers (the newest; older ones are closed history, received at the same rate)",
    )
    parser.add_argument("--all-open", action="store_true", help="every dossier open (a backlog, not a history)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--engine", action="append", choices=ENGINES)
    args = parser.parse_args()
    print("Officer inbox: wrk with a signed-in session against gunicorn on loopback, baseline /healthz.\n")
    for engine in args.engine or list(ENGINES):
        if engine == "postgresql" and not postgres_available():
            print("**postgresql**: skipped (not reachable)\n")
            continue
        sizes = sorted(set(args.unit_size or [1000, 50000]))
        measured = {}
        for size in sizes:
            lines, measured[size] = bench(engine, size, args)
            print("\n".join(lines), flush=True)
        if len(sizes) > 1:
            print("\n".join(cost_ratios(engine, sizes, measured)), flush=True)


if __name__ == "__main__":
    main()
