"""Profile the intake path (POST /api/v1/dossiers) and the status look-up in-process with cProfile.

    python bench/profile_intake.py [--engine sqlite|postgresql] [--n 200] [--top 35] [--sort cumulative|tottime]
                                   [--root DIR] [--dump FILE] [--sql]

Not part of `make bench` (it prints a profile, not a figure): a fresh database as `bench/_server.py` makes it,
Django's test client for N API intakes (same middleware, auth, idempotency and service path as gunicorn runs,
without the socket); prints ms per call and the top functions.
Then profiles N status look-ups by code. Also counts the SQL queries and the shared-cache calls of one intake and
one look-up, and times two baselines in the same process: `/healthz` and a bare ORM insert of one row with its own
commit. On PostgreSQL the CPU of the database backend serving the loop is read from /proc beside the Django
process's own (`CPU ms: python … + postgresql …`). The profile is also summed by package (`by area`).

`--root DIR`: profile another checkout (e.g. `git worktree add /tmp/before main`) with this script, for an
interleaved before/after. `--dump FILE`: save the intake profile (pstats) for a closer look.
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
import cProfile, io, json, os, pstats, sys, time, django
django.setup()
from collections import Counter
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
fx = json.loads(sys.argv[1]); n = int(sys.argv[2]); top = int(sys.argv[3]); sort = sys.argv[4]
dump = sys.argv[5]
import motcua
print(f"code: {os.path.dirname(os.path.dirname(motcua.__file__))}")
def backend_cpu():
    # CPU seconds of this connection's PostgreSQL backend (user + system, /proc: the server runs on this machine)
    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
cache_calls = Counter()
def counting(name):
    real = getattr(cache, name)
    def call(*args, **kwargs):
        cache_calls[name] += 1
        return real(*args, **kwargs)
    return call
CACHE_METHODS = ("get", "set", "add", "incr", "delete", "get_many", "set_many", "touch", "has_key")
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
# Round trips to the shared cache: Redis commands when the cache is Redis, else the cache's method calls.
from django.core.cache.backends.redis import RedisCache
from django.core.cache import caches
if isinstance(caches["default"], RedisCache):
    import redis
    real_execute = redis.Redis.execute_command
    def execute_command(self, *args, **options):
        cache_calls["redis " + str(args[0]).lower()] += 1
        return real_execute(self, *args, **options)
    redis.Redis.execute_command = execute_command
else:
    for name in CACHE_METHODS:
        setattr(cache, name, counting(name))
with CaptureQueriesContext(connection) as ctx:
    intake("q")
if isinstance(caches["default"], RedisCache):
    redis.Redis.execute_command = real_execute
else:
    for name in CACHE_METHODS:
        delattr(cache, name)
print(f"queries per intake: {len(ctx.captured_queries)}; shared-cache round trips per intake: "
      f"{sum(cache_calls.values())} {dict(sorted(cache_calls.items()))}")
if "--sql" in sys.argv:
    for q in ctx.captured_queries:
        print("   ", q["sql"][:200])
# CPU time, not wall: the wall time of an intake is mostly the durable commit's wait (and other jobs' load)
profile = cProfile.Profile(time.process_time)
started = time.perf_counter()
profile.enable()
for i in range(n):
    intake(i)
profile.disable()
elapsed = time.perf_counter() - started
print(f"intake: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each (under cProfile, which counts CPU time)")
load = os.getloadavg()[0]
started, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu()
for i in range(n):
    intake(f"t{i}")
elapsed, cpu, pg = time.perf_counter() - started, time.process_time() - cpu, backend_cpu() - pg
print(f"intake: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each, {1000 * cpu / n:.1f} ms CPU (no profiler)")
print(f"intake CPU ms: python {1000 * cpu / n:.2f} + {connection.vendor} backend {1000 * pg / n:.2f} = "
      f"{1000 * (cpu + pg) / n:.2f} per intake (load average {load:.1f})")
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
started, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu()
for i in range(n):
    with transaction.atomic():
        IdempotencyRecord.objects.create(client_id=client_id, key=f"bare-{i}", request_hash="0" * 64)
elapsed, cpu, pg = time.perf_counter() - started, time.process_time() - cpu, backend_cpu() - pg
print(f"bare ORM insert + commit: {n} in {elapsed:.2f} s = {1000 * elapsed / n:.1f} ms each, "
      f"{1000 * cpu / n:.1f} ms CPU (+ backend {1000 * pg / n:.2f}); intake = {100 * elapsed / intake_s:.0f} % of its rate")
stats = pstats.Stats(profile)
if dump:
    stats.dump_stats(dump)
AREAS = (("ninja", "/ninja/"), ("pydantic", "/pydantic"), ("django.db", "/django/db/"),
         ("django other", "/django/"), ("psycopg", "/psycopg"), ("redis", "/redis/"), ("motcua", "/motcua/"),
         ("logging", "/logging/"), ("json", "/json/"))
areas = Counter()
for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
    area = next((label for label, part in AREAS if part in filename), "other")
    areas[area] += tottime
total = sum(areas.values())
print("intake CPU profile by area (own time, under cProfile): " + ", ".join(
    f"{label} {100 * spent / total:.0f} %" for label, spent in areas.most_common()))
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
profile = cProfile.Profile(time.process_time)
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
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout profiled (default: this one)")
    parser.add_argument("--dump", default="", help="write the intake profile (pstats) to this file")
    args = parser.parse_args()

    server = BenchServer(args.engine, workers=1, root=args.root.resolve())
    server._start = lambda: None  # the database and fixture only: no gunicorn
    with server:
        dump = str(Path(args.dump).resolve()) if args.dump else ""
        command = [sys.executable, "-c", CHILD, json.dumps(server.fixture), str(args.n), str(args.top), args.sort]
        command.append(dump)
        if args.sql:
            command.append("--sql")
        subprocess.run(command, cwd=server.root, env={**server.env, "MOTCUA_LOG_LEVEL": os.environ.get("LOG", "INFO")})


if __name__ == "__main__":
    main()
