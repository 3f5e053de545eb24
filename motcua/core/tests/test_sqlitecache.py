"""The shared cache of a one-machine SQLite site (diskcache's Django backend): Django's cache contract, counts that add
up across processes (no lost update when they count at once), and that an API status look-up then writes nothing
to the site's database (the database cache in it made every API request a writer: docs/benchmarks.md,
status_lookup)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parents[3]
NOW = dt.datetime(2030, 1, 2, 8, 0, 30, tzinfo=dt.UTC)  # 30 s into a one-minute window
BACKEND = "diskcache.DjangoCache"
PREFIX = "motcua-sqlitecache-test"


def file_cache(path: Path) -> dict:
    return {"default": {"BACKEND": BACKEND, "LOCATION": str(path), "KEY_PREFIX": PREFIX}}


@pytest.fixture
def shared(tmp_path, settings):
    """The default cache is a diskcache directory under tmp_path (Django's setting_changed handler swaps it in)."""
    settings.CACHES = file_cache(tmp_path / "cache")
    yield tmp_path / "cache"
    cache.clear()


def env_for(path: Path) -> dict:
    """Another process with the test settings and this cache directory (MOTCUA_CACHE_URL=sqlite:///…)."""
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MOTCUA_CACHE_URL": f"sqlite://{path}",
        "MOTCUA_CACHE_PREFIX": PREFIX,
        "MOTCUA_SECRET_KEY": settings.SECRET_KEY,  # the look-up limits' keys are HMACs under it
        "PYTHONPATH": str(ROOT),
    }


# --- Django's cache contract -----------------------------------------------------------------------------------


def test_values_come_back_as_they_were_stored(shared):
    values = {"int": 7, "big": 2**70, "bool": True, "none": None, "text": "Hồ sơ", "dict": {"a": [1, 2.5]}}
    for key, value in values.items():
        cache.set(key, value)
    for key, value in values.items():
        got = cache.get(key, "missing")
        assert got == value and type(got) is type(value)
    assert cache.get_many(["int", "text", "nowhere"]) == {"int": 7, "text": "Hồ sơ"}
    assert cache.get("nowhere", "missing") == "missing"
    assert cache.has_key("none") and not cache.has_key("nowhere")


def test_add_incr_touch_delete_and_expiry(shared):
    with time_machine.travel(NOW, tick=False) as clock:
        assert cache.add("n", 0, timeout=60)
        assert not cache.add("n", 5, timeout=60)  # live: not replaced
        assert cache.incr("n") == 1
        assert cache.incr("n", 4) == 5
        assert cache.decr("n") == 4
        with pytest.raises(ValueError):
            cache.incr("nowhere")
        clock.shift(59)
        assert cache.get("n") == 4  # incr kept the expiry set by add
        clock.shift(2)
        assert cache.get("n") is None
        with pytest.raises(ValueError):
            cache.incr("n")  # an expired counter is a missing one
        assert cache.add("n", 10, timeout=60)  # an expired entry is replaced by add
        assert cache.get("n") == 10
        assert cache.touch("n", timeout=300)
        clock.shift(200)
        assert cache.get("n") == 10
        assert not cache.touch("nowhere")
        assert cache.delete("n")
        assert not cache.delete("n")
        cache.set("forever", "x", timeout=None)
        cache.set_many({"a": 1, "b": 2})
        cache.delete_many(["a", "b"])
        assert cache.get_many(["a", "b"]) == {}
        clock.shift(10**6)
        assert cache.get("forever") == "x"
        cache.set("gone", 1, timeout=0)
        assert cache.get("gone") is None
        cache.clear()
        assert cache.get("forever") is None


# --- across processes ------------------------------------------------------------------------------------------

ANOTHER_PROCESS = """
import datetime as dt, sys
import time_machine
time_machine.travel(dt.datetime.fromisoformat(sys.argv[1]), tick=False).start()
import django
django.setup()
from motcua.core import ratelimit
from motcua.integrations.models import ApiClient, ApiToken
from motcua.integrations.services import rate_limit_hit
limit = ratelimit.Limit(attempts=3, window_seconds=60)
print("LIMITED" if ratelimit.is_limited("test", "H22.10-301230-0001", limit=limit) else "FREE")
print(ratelimit.record_attempt("test", "H22.10-301230-0001", limit=limit))
token = ApiToken(pk=987654321, client=ApiClient(rate_limit=3))
print(rate_limit_hit(token=token))
"""


def test_two_processes_count_in_one_file(shared):
    """The look-up limit and the API token's rate limit counted here are seen by another process started with
    MOTCUA_CACHE_URL=sqlite:///… (what several gunicorn workers do)."""
    from motcua.core import ratelimit
    from motcua.integrations.models import ApiClient, ApiToken
    from motcua.integrations.services import rate_limit_hit

    limit = ratelimit.Limit(attempts=3, window_seconds=60)
    token = ApiToken(pk=987654321, client=ApiClient(rate_limit=3))
    with time_machine.travel(NOW, tick=False):
        assert ratelimit.record_attempt("test", "H22.10-301230-0001", limit=limit) == 1
        assert ratelimit.record_attempt("test", "H22.10-301230-0001", limit=limit) == 2
        assert rate_limit_hit(token=token) is None
        assert rate_limit_hit(token=token) is None
        out = subprocess.run(
            [sys.executable, "-c", ANOTHER_PROCESS, NOW.isoformat()],
            cwd=ROOT,
            env=env_for(shared),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()
        assert out == ["FREE", "3", "None"]  # two here + one there; the token's third request of its minute
        assert ratelimit.is_limited("test", "H22.10-301230-0001", limit=limit)
        assert rate_limit_hit(token=token) == 30  # the fourth: over, 30 s left in the window


COUNTER = """
import pathlib, sys, time
import django
django.setup()
from django.core.cache import cache
print("READY", flush=True)
go = pathlib.Path(sys.argv[1])
while not go.exists():
    time.sleep(0.005)
for _ in range(int(sys.argv[2])):
    cache.incr("counted")
print("DONE", flush=True)
"""


def test_processes_counting_at_once_lose_no_count(shared):
    """Three processes incrementing one counter at the same time: every increment counts (diskcache's incr is atomic,
    not a read-then-write as in Django's database cache)."""
    cache.add("counted", 0, timeout=3600)
    go = shared.parent / "go"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, str(go), "300"],
            cwd=ROOT,
            env=env_for(shared),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        for run in runs:
            assert run.stdout.readline().strip() == "READY"
        go.touch()
        for run in runs:
            assert run.wait(timeout=120) == 0
            assert run.stdout.read().split() == ["DONE"]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
            run.stdout.close()
    assert cache.get("counted") == 900


# --- an API status look-up writes nothing to the site's database ------------------------------------------------

WRITES = re.compile(r"^\s*(BEGIN|SAVEPOINT|INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _statements_of_a_status_lookup(client, world, headers) -> list[str]:
    dossier = world.receive()
    path = f"/api/v1/status?code={dossier.code}&phone_last4=5678"
    assert client.get(path, headers=headers).status_code == 200  # the token's last-used time: once a minute
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, headers=headers).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_a_status_lookup_writes_nothing_to_the_database(shared, client):
    """With the shipped SQLite cache, a read-only API request (token, rate limit, look-up limit, memo version,
    the dossier) opens no transaction on the database — with `transaction_mode: IMMEDIATE` any would take the
    write lock and queue behind every other worker — and writes no row there; its counts go to the cache file."""
    from motcua.dossiers.tests.factories import World
    from motcua.integrations.tests.factories import api_client, auth_header

    with time_machine.travel(NOW, tick=True):  # both requests in one rate-limit window
        world = World()
        statements = _statements_of_a_status_lookup(client, world, auth_header(api_client(world.one_stop)))
    assert statements, "the look-up reads the database"
    assert [sql for sql in statements if WRITES.match(sql)] == []
    store = cache._cache  # the diskcache FanoutCache behind Django's backend
    counted = [store.get(key) for key in store if "api-rate" in key]
    assert counted == [2]  # both requests were counted, in the cache files


@pytest.mark.django_db
def test_with_the_database_cache_the_same_lookup_writes(settings, client):
    """What the test above guards against: Django's database cache in the site's database turns the same look-up
    into writes there (a transaction per cache write, its rows)."""
    from motcua.dossiers.tests.factories import World
    from motcua.integrations.tests.factories import api_client, auth_header

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "motcua_cache"}
    }
    try:
        world = World()
        statements = _statements_of_a_status_lookup(client, world, auth_header(api_client(world.one_stop)))
        assert any(WRITES.match(sql) and "motcua_cache" in sql for sql in statements)
    finally:
        cache.clear()
