"""Fault injection under load: nothing acknowledged is lost, nothing is filed twice, the outbox drains.

    python bench/faults.py [--seconds 70] [--clients 6] [--workers 3] [--restart-postgres] [--no-disk]

Loopback only, bounded in time (the load runs `--seconds`, recovery checks at most 120 s more). Needs PostgreSQL at
BENCH_POSTGRES_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres).

Set-up: a fresh database `motcua_bench_<pid>` (bench/_server.py: migrations, a one-stop centre, a procedure, an
API client with every scope), a settings module that shortens the sync lease and back-off so a crashed worker's
rows come back within seconds (`LEASE` 5 s, `BACKOFF_BASE` 0.5 s), an upload directory (MEDIA_ROOT) on its own
32 MB tmpfs when run as root, the national-portal mock of `motcua/sync/testing.py` (20 ms per request) as the sync endpoint,
gunicorn (`--workers`) and one `motcua worker` process.

Load: `--clients` threads, each repeating: file a dossier (`POST /api/v1/dossiers`), ask for a supplement
(`POST /dossiers/{code}/actions`), and for one dossier in three upload the supplement (a 20 KB PDF, `POST
/dossiers/{code}/documents`). Every request carries an `Idempotency-Key`; on a connection error, a timeout, a 5xx
or a 409/429 the client waits 0.2 s and sends the same request with the same key again, until it gets a 2xx
(acknowledged: recorded with its dossier code and version) or the load ends.

Faults, one after the other while the load runs (times relative to the start of the load, scaled to --seconds):

1. gunicorn: SIGKILL to the master and every worker at once; restarted at once (same port).
2. the sync worker: SIGKILL while it delivers; restarted 2 s later.
3. the database: every connection of the run's database terminated and new connections refused for 3 s
   (`pg_terminate_backend` + `ALLOW_CONNECTIONS false`: only this database is affected). With
   `--restart-postgres` (root only) the whole cluster is restarted instead
   (`pg_ctlcluster --skip-systemctl-redirect <version> main restart`) — this cuts every other user of the server,
   so it is opt-in and refused while other databases have open sessions unless `--force-restart`.
4. the upload disk: the tmpfs is filled to the last byte for 8 s, then the filler is removed (root only; skipped
   otherwise, or with --no-disk).

After the load: wait until the outbox has dispatched every message and every delivery is delivered (≤ 120 s),
then check in the database that every acknowledged dossier and every acknowledged event (dossier, version) is
there, that no two dossiers carry the same idempotency key (the client writes it into `subject`), that every
stored document's file exists with its recorded size and SHA-256 (no half-written document), which files in the
upload directory belong to no document (partial writes left by a failed upload), that `motcua audit verify`
passes, and that the mock received every event. Prints a Markdown report; exit status 1 when an invariant fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from _faults import RETRY, Client, Log, fill, kill_tree, other_sessions, sql
from _server import ADMIN_URL, ROOT, BenchServer, postgres_available

SETTINGS = """
from config.settings.production import *  # noqa
# a crashed worker's leases come back within seconds, failed deliveries are retried at once (fault run only)
MOTCUA_SYNC = {"LEASE": 5, "IDLE_SLEEP": 0.2, "BACKOFF_BASE": 0.5, "BACKOFF_MAX": 2, "TIMEOUT": 3,
               "MAX_ATTEMPTS": 1000, "BATCH": 20}
"""

ADD_ENDPOINT = r"""
import sys, django
django.setup()
from motcua.integrations import services as integrations
from motcua.integrations.models import ApiClient
from motcua.sync import services
services.endpoint_create(name="DVCQG mock", kind="national_portal", url=sys.argv[1])
client = ApiClient.objects.get(name="Bench portal")
token = integrations.api_token_issue(client=client, scopes=["dossiers:read", "dossiers:write", "dossiers:act"])
print("TOKEN " + token.secret)
"""

VERIFY = r"""
import hashlib, json, os, sys, django
django.setup()
from django.conf import settings
from django.db.models import Count
from motcua.dossiers.audit import verify_all
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.sync.models import Delivery, OutboxMessage
acked = json.load(open(sys.argv[1]))
prefix = acked["prefix"]
codes = {d["code"] for d in acked["dossiers"]}
found = set(Dossier.objects.filter(code__in=codes).values_list("code", flat=True))
events = set(DossierEvent.objects.filter(dossier__code__in=codes).values_list("dossier__code", "seq"))
lost_events = [e for e in acked["events"] if tuple(e) not in events]
dupes = list(Dossier.objects.filter(subject__startswith=prefix).values("subject").annotate(n=Count("id"))
             .filter(n__gt=1).values_list("subject", "n"))
ours = Dossier.objects.filter(subject__startswith=prefix)
keys = {d["key"] for d in acked["dossiers"]}
unacked = sorted(s for s in ours.values_list("subject", flat=True) if s not in keys)
bad_docs, referenced = [], set()
for doc in DossierDocument.objects.all():
    referenced.add(doc.file.name)
    path = os.path.join(settings.MEDIA_ROOT, doc.file.name)
    try:
        data = open(path, "rb").read()
    except OSError:
        bad_docs.append(doc.pk); continue
    if len(data) != doc.size or hashlib.sha256(data).hexdigest() != doc.sha256:
        bad_docs.append(doc.pk)
orphans = []
for folder, _dirs, files in os.walk(settings.MEDIA_ROOT):
    for name in files:
        rel = os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT)
        if rel not in referenced and not rel.startswith("filler"):
            orphans.append(rel)
audit = verify_all()
print("VERIFY " + json.dumps({
    "dossiers_in_db": ours.count(), "acked_dossiers": len(codes), "lost_dossiers": sorted(codes - found),
    "acked_events": len(acked["events"]), "lost_events": lost_events, "duplicates": dupes, "unacked": unacked[:20],
    "unacked_count": len(unacked), "documents": DossierDocument.objects.count(), "bad_documents": bad_docs,
    "orphan_files": len(orphans),
    "events_in_db": DossierEvent.objects.count(),
    "all_events": sorted([c, s] for c, s in DossierEvent.objects.values_list("dossier__code", "seq")),
    "outbox": {s: OutboxMessage.objects.filter(status=s).count() for s in ("pending", "dispatched")},
    "deliveries": {s: Delivery.objects.filter(status=s).count() for s in ("pending", "delivered", "dead")},
    "audit_dossiers": audit.dossiers, "audit_events": audit.events,
    "audit_break": str(audit.first_break) if audit.first_break else None,
}))
"""

# outbox rows written before the worker was killed and not yet delivered
BACKLOG = (
    "SELECT (SELECT count(*) FROM sync_outboxmessage WHERE status = 'pending' AND created_at <= %s) + "
    "(SELECT count(*) FROM sync_delivery d JOIN sync_outboxmessage m ON m.id = d.message_id "
    "WHERE d.status <> 'delivered' AND m.created_at <= %s)"
)


class FaultRun(BenchServer):
    def __init__(self, args) -> None:
        super().__init__("postgresql", workers=args.workers)
        self.args = args
        self.mounted = False
        (self.tmp / "faults_settings.py").write_text(SETTINGS)
        self.env["DJANGO_SETTINGS_MODULE"] = "faults_settings"
        self.env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{self.tmp}"
        self.env["MOTCUA_SECURE_COOKIES"] = "false"
        self.env["MOTCUA_LOG_LEVEL"] = "WARNING"
        self.media = self.tmp / "media"
        self.media.mkdir()
        self.db_url = self.env["DATABASE_URL"]
        self.worker: subprocess.Popen | None = None
        if os.geteuid() == 0 and not args.no_disk:
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs", str(self.media)],
                capture_output=True,
                check=False,
            )
            self.mounted = done.returncode == 0

    def start_worker(self) -> None:
        self.worker_log = open(self.tmp / "worker.log", "ab")  # noqa: SIM115 - closed on exit
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-reminders"],
            cwd=ROOT,
            env=self.env,
            stdout=self.worker_log,
            stderr=self.worker_log,
        )

    def __exit__(self, *exc) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGTERM)
            try:
                self.worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.worker.kill()
        super_exit = super().__exit__
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.media)], check=False, capture_output=True)
        super_exit(*exc)


def run(args) -> int:
    from motcua.sync.testing import NationalPortalMock

    class SlowPortal(NationalPortalMock):
        """20 ms per request, like a remote portal, so a worker outage leaves a backlog to drain."""

        def receive(self, *, body: bytes, headers):
            time.sleep(0.02)
            return super().receive(body=body, headers=headers)

    report: list[str] = []
    server_logs: list[str] = []
    phases: list[tuple[str, float, float]] = []  # (name, fault injected, fault removed), monotonic
    with SlowPortal() as portal, FaultRun(args) as server:
        out = subprocess.run(
            [sys.executable, "-c", ADD_ENDPOINT, portal.url + "/dossiers"],
            cwd=ROOT,
            env=server.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        token = next(line for line in out.splitlines() if line.startswith("TOKEN ")).removeprefix("TOKEN ")
        server.start_worker()
        log, stop = Log(), threading.Event()
        prefix = "F" + uuid.uuid4().hex[:8]
        clients = [
            Client(
                number=i,
                port=server.port,
                token=token,
                fixture=server.fixture,
                prefix=prefix,
                log=log,
                stop=stop,
            )
            for i in range(args.clients)
        ]
        started = time.monotonic()
        for client in clients:
            client.start()

        def at(fraction: float) -> None:
            time.sleep(max(started + fraction * args.seconds - time.monotonic(), 0))

        # 1. gunicorn SIGKILL
        at(0.12)
        t0 = time.monotonic()
        killed = kill_tree(server.process)
        server.log.close()
        server_logs.append((server.tmp / "gunicorn.log").read_text(errors="replace"))
        server._start()
        phases.append(
            (f"gunicorn SIGKILL ({killed} processes), restarted and warm in {time.monotonic() - t0:.1f} s", t0, t0)
        )

        # 2. worker SIGKILL mid-delivery
        at(0.30)
        t0 = time.monotonic()
        server.worker.kill()
        server.worker.wait()
        killed_at = sql(server.db_url, "SELECT now()")[0][0]
        time.sleep(2)
        backlog = sql(server.db_url, BACKLOG, killed_at, killed_at)[0][0]
        server.start_worker()
        while sql(server.db_url, BACKLOG, killed_at, killed_at)[0][0] and time.monotonic() - t0 < 60:
            time.sleep(0.2)
        drained = time.monotonic() - t0
        phases.append(
            (
                f"sync worker SIGKILL, restarted after 2 s; its backlog of {backlog} messages/deliveries drained "
                f"{drained:.1f} s after the kill",
                t0,
                t0,
            )
        )

        # 3. database outage
        at(0.48)
        t0 = time.monotonic()
        if args.restart_postgres:
            busy = other_sessions(server.dbname)
            if busy and not args.force_restart:
                phases.append((f"PostgreSQL restart refused: {busy} open sessions of other databases", t0, t0))
            else:
                version = sorted(os.listdir("/etc/postgresql"))[-1]
                subprocess.run(
                    ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                    check=True,
                    capture_output=True,
                )
                phases.append((f"PostgreSQL cluster restart ({time.monotonic() - t0:.1f} s)", t0, time.monotonic()))
        else:
            sql(ADMIN_URL, f'ALTER DATABASE "{server.dbname}" ALLOW_CONNECTIONS false')
            sql(
                ADMIN_URL,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                server.dbname,
            )
            time.sleep(3)
            sql(ADMIN_URL, f'ALTER DATABASE "{server.dbname}" ALLOW_CONNECTIONS true')
            phases.append(("database outage: connections killed, refused 3 s", t0, time.monotonic()))

        # 4. upload disk full
        at(0.66)
        t0 = time.monotonic()
        if server.mounted:
            filled = fill(server.media)
            time.sleep(8)
            (server.media / "filler").unlink()
            phases.append(
                (f"upload disk full for 8 s (tmpfs 32 MB, {filled / 1e6:.1f} MB filler)", t0, time.monotonic())
            )

        at(1.0)
        stop.set()
        for client in clients:
            client.join(timeout=30)
        load_end = time.monotonic()

        # drain the outbox
        drain_started = time.monotonic()
        while time.monotonic() - drain_started < 120:
            left = sql(
                server.db_url,
                "SELECT (SELECT count(*) FROM sync_outboxmessage WHERE status = 'pending') + "
                "(SELECT count(*) FROM sync_delivery WHERE status <> 'delivered')",
            )[0][0]
            if not left:
                break
            time.sleep(0.5)
        drained_after = time.monotonic() - drain_started

        acked_path = server.tmp / "acked.json"
        acked_path.write_text(json.dumps({"prefix": prefix, "dossiers": log.dossiers, "events": log.events}))
        out = subprocess.run(
            [sys.executable, "-c", VERIFY, str(acked_path)],
            cwd=ROOT,
            env=server.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        verify = json.loads(
            next(line for line in out.splitlines() if line.startswith("VERIFY ")).removeprefix("VERIFY ")
        )
        audit = subprocess.run(
            [sys.executable, "manage.py", "audit", "verify"], cwd=ROOT, env=server.env, capture_output=True, text=True
        )
        server_logs.append((server.tmp / "gunicorn.log").read_text(errors="replace"))
        received = set(portal.arrivals)
        missing_remote = [e for e in verify["all_events"] if tuple(e) not in received]
        redelivered = sum(times - 1 for times in portal.seen.values() if times > 1)

    # --- report ---------------------------------------------------------------------------------------------
    rows = log.rows
    boundaries = [(name, t0) for name, t0, _ in phases]

    def phase_of(t: float) -> str:
        current = "steady load"
        for name, t0 in boundaries:
            if t >= t0:
                current = name
        return current

    def retryable(outcome: str) -> bool:
        return outcome in ("connection", "timeout") or (outcome.isdigit() and int(outcome) in RETRY)

    def recovery(t0: float, cleared: float) -> str:
        """From the fault to the first 2xx after the last retryable error seen until 5 s after it was removed."""
        failed = [
            t for t, _, outcome in rows if t0 <= t <= cleared + 5 and retryable(outcome) and phase_of(t) == phase_of(t0)
        ]
        if not failed:
            return "no error within 5 s"
        ok = [t for t, _, outcome in rows if t > max(failed) and outcome == "2xx"]
        return f"{ok[0] - t0:.1f} s" if ok else "not recovered"

    total = len(rows)
    ok = sum(1 for _, _, outcome in rows if outcome == "2xx")
    report += [
        f"**Run**: {args.seconds} s of load, {args.clients} client threads, {args.workers} gunicorn workers, "
        f"PostgreSQL, 1 sync worker, national-portal mock on loopback.",
        "",
        f"Requests {total:,} (intake, supplement request, upload), acknowledged (2xx) {ok:,}, errors and retries "
        f"{total - ok:,}; {len(log.dossiers):,} dossiers and {len(log.events):,} events acknowledged.",
        "",
        "| phase | requests | 2xx | errors (by kind) | recovery (fault → first 2xx after its last error) |",
        "|---|---:|---:|---|---:|",
    ]
    names = ["steady load"] + [name for name, _, _ in phases]
    for name in names:
        mine = [(kind, outcome) for t, kind, outcome in rows if phase_of(t) == name]
        errors: dict[str, int] = {}
        for kind, outcome in mine:
            if outcome != "2xx":
                errors[f"{kind} {outcome}"] = errors.get(f"{kind} {outcome}", 0) + 1
        fault = next(((t0, cleared) for n, t0, cleared in phases if n == name), None)
        rec = "—" if fault is None else recovery(*fault)
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none"
        report.append(f"| {name} | {len(mine):,} | {sum(1 for _, o in mine if o == '2xx'):,} | {detail} | {rec} |")
    failures = []
    checks = [
        ("acknowledged dossiers missing (lost)", len(verify["lost_dossiers"])),
        ("acknowledged events missing (lost)", len(verify["lost_events"])),
        ("duplicate dossiers (same idempotency key)", len(verify["duplicates"])),
        ("dossiers in the database never acknowledged", verify["unacked_count"]),
        ("documents with a missing or different file (half-written)", len(verify["bad_documents"])),
        ("audit verify breaks", 0 if audit.returncode == 0 and not verify["audit_break"] else 1),
        ("outbox messages still pending", verify["outbox"]["pending"]),
        ("deliveries not delivered", verify["deliveries"]["pending"] + verify["deliveries"]["dead"]),
        ("events the portal mock never received", len(missing_remote)),
    ]
    report += [
        "",
        f"After recovery ({time.monotonic() - load_end:.0f} s after the load; outbox drained in {drained_after:.1f} s):",
        "",
        "| check | value |",
        "|---|---:|",
    ]
    for label, value in checks:
        report.append(f"| {label} | {value} |")
        if value:
            failures.append(label)
    report += [
        f"| dossiers / events / documents in the database | {verify['dossiers_in_db']:,} / "
        f"{verify['events_in_db']:,} / {verify['documents']:,} |",
        f"| audit verify | {verify['audit_dossiers']:,} dossiers, {verify['audit_events']:,} events, "
        f"{'clean' if audit.returncode == 0 else 'BROKEN'} |",
        f"| deliveries delivered / dead | {verify['deliveries']['delivered']:,} / {verify['deliveries']['dead']} |",
        f"| redelivered after the worker kill (same message id, ignored by the receiver) | {redelivered} |",
        f"| orphan files in the upload directory (refused or rolled-back uploads) | {verify['orphan_files']} |",
        f"| final refusals (non-retryable 4xx) | {sum(log.refusals.values())} |",
        "",
        ("**All invariants hold.**" if not failures else "**FAILED: " + "; ".join(failures) + "**"),
        "",
    ]
    causes: dict[str, int] = {}
    for text in server_logs:
        for line in text.splitlines():
            if " service." in line:
                label = line.split(" service.", 1)[1].strip()
                causes[label] = causes.get(label, 0) + 1
    if causes:
        report.insert(
            -2,
            "Server-side causes of the 503/507 answers (logged by motcua.security.middleware): "
            + ", ".join(f"{k}: {v}" for k, v in sorted(causes.items()))
            + "\n",
        )
    if log.refusals:
        report.insert(-2, "Refusals: " + ", ".join(f"{k}: {v}" for k, v in sorted(log.refusals.items())) + "\n")
    print("\n".join(report), flush=True)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=70)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--restart-postgres", action="store_true", help="restart the whole cluster (root)")
    parser.add_argument("--force-restart", action="store_true", help="restart even if other databases are busy")
    parser.add_argument("--no-disk", action="store_true", help="skip the full upload disk")
    args = parser.parse_args()
    if not postgres_available():
        print("PostgreSQL is not reachable at BENCH_POSTGRES_ADMIN_URL: nothing to do.")
        return 0
    if args.restart_postgres and (os.geteuid() != 0 or not shutil.which("pg_ctlcluster")):
        raise SystemExit("--restart-postgres needs root and pg_ctlcluster")
    print("Fault injection under API load (gunicorn + PostgreSQL + sync worker, loopback).\n")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
