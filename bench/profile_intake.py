"""Profile the intake path (POST /api/v1/dossiers) and the status look-up in-process with cProfile.

    python bench/profile_intake.py [--engine sqlite|postgresql] [--n 200] [--top 35] [--sort cumulative|tottime]

Not part of `make bench` (it prints a profile, not a figure): a fresh database as `bench/_server.py` makes it,
Django's test client for N API intakes (same middleware, auth, idempotency and service path as gunicorn runs,
without the socket); prints ms per call and the top functions.
Then profiles N status look-ups by code. Also counts the SQL queries of one intake and one look-up, and times
two baselines in the same process: `/healthz` and a bare ORM insert of one row with its own commit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import ROOT, BenchServer

CHILD = r"""
import cProfile, io, json, pstats, sys, time, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
fx = json.loads(sys.argv[1]); n = int(sys.argv[2]); top = int(sys.argv[3]); sort = sys.argv[4]
client = Client(HTTP_HOST="127.0.0.1")
headers = {"Authorization": "Bearer " + fx["token"]}
body = {"procedure_code": fx["procedure"], "receiving_unit": fx["unit"], "applicant_name": "Nguyễn Văn Bench",
        "applicant_phone": "0912345678", "subject": "Bench"}
def intake(i):
    r = client.post("/api/v1/dossiers", body, content_type="application/json",
                    headers={**headers, "Idempotency-Key": f"p-{i}"})
    assert r.status_code == 201, r.content
    return r
for i in range(10):
    intake(f"w{i}")
with CaptureQueriesContext(connection) as ctx:
    intake("q")
print(f"queries per intake: {len(ctx.captured_queries)}")
if "--sql" in sys.argv:
    for q in ctx.captured_queries:
        print("   ", q["sql"][:200])
profile = cProfile.Profile()
started = time.perf_counter()
profile.enable()
for i in range(n):
    intake(i)
profile.disable()
elapsed = time.perf_counter() - started
print(f"intake: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each (under cProfile)")
started, cpu = time.perf_counter(), time.process_time()
for i in range(n):
    intake(f"t{i}")
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print(f"intake: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each, {1000 * cpu / n:.1f} ms CPU (no profiler)")
intake_s, intake_cpu = elapsed, cpu
# Baselines in the same run: the trivial endpoint through the same client, and a bare ORM insert of one row in
# its own transaction (one durable commit: what an intake would cost with nothing but the write).
from django.db import transaction
from motcua.integrations.models import ApiToken, IdempotencyRecord
client_id = ApiToken.objects.get(prefix=fx["token"].split("_")[1]).client_id
started, cpu = time.perf_counter(), time.process_time()
for i in range(n):
    assert client.get("/healthz").status_code == 200
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print(f"/healthz: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each, {1000 * cpu / n:.1f} ms CPU")
started, cpu = time.perf_counter(), time.process_time()
for i in range(n):
    with transaction.atomic():
        IdempotencyRecord.objects.create(client_id=client_id, key=f"bare-{i}", request_hash="0" * 64)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print(f"bare ORM insert + commit: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each, "
      f"{1000 * cpu / n:.1f} ms CPU; intake = {100 * elapsed / intake_s:.0f} % of its rate")
stream = io.StringIO()
pstats.Stats(profile, stream=stream).sort_stats(sort).print_stats(top)
print(stream.getvalue())
code = intake("s").json()["code"]
path = f"/api/v1/status?code={code}&phone_last4=5678"
def lookup():
    r = client.get(path, headers=headers)
    assert r.status_code == 200, r.content
for _ in range(10):
    lookup()
with CaptureQueriesContext(connection) as ctx:
    lookup()
print(f"queries per status lookup: {len(ctx.captured_queries)}")
profile = cProfile.Profile()
started, cpu = time.perf_counter(), time.process_time()
profile.enable()
for _ in range(n):
    lookup()
profile.disable()
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print(f"status lookup: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each, {1000 * cpu / n:.1f} ms CPU (profiled)")
stream = io.StringIO()
pstats.Stats(profile, stream=stream).sort_stats(sort).print_stats(top)
print(stream.getvalue())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", action="store_true")
    args = parser.parse_args()

    server = BenchServer(args.engine, workers=1)
    server._start = lambda: None  # the database and fixture only: no gunicorn
    with server:
        command = [sys.executable, "-c", CHILD, json.dumps(server.fixture), str(args.n), str(args.top), args.sort]
        if args.sql:
            command.append("--sql")
        subprocess.run(command, cwd=ROOT, env={**server.env, "MOTCUA_LOG_LEVEL": os.environ.get("LOG", "INFO")})


if __name__ == "__main__":
    main()
