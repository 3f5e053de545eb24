"""The cache that rate limits and throttling count in: configuration, the deployment check, and that with Redis
two processes share one count (a per-process cache would let N workers allow N × the attempts)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from config.settings import base

ROOT = Path(__file__).resolve().parents[3]
# `make pytest` runs the suite through scripts/with-redis, which finds or starts a server and sets this.
REDIS_URL = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


SQLITE = {"ENGINE": "django.db.backends.sqlite3"}
POSTGRESQL = {"ENGINE": "django.db.backends.postgresql"}


@pytest.mark.parametrize(
    ("value", "database", "backend"),
    [
        # shared by default (issue 18): a file of its own beside a SQLite database, the database cache on PostgreSQL
        ("", SQLITE, "diskcache.DjangoCache"),
        ("", POSTGRESQL, "django.core.cache.backends.db.DatabaseCache"),
        ("sqlite", POSTGRESQL, "diskcache.DjangoCache"),
        ("locmem", SQLITE, "django.core.cache.backends.locmem.LocMemCache"),
        ("db", SQLITE, "django.core.cache.backends.db.DatabaseCache"),
        ("redis://127.0.0.1:6379/0", SQLITE, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_url_selects_the_backend(monkeypatch, value, database, backend):
    monkeypatch.setenv("MOTCUA_CACHE_URL", value)
    assert base.cache_config(database)["default"]["BACKEND"] == backend


def test_the_sqlite_cache_file_is_in_the_data_directory_unless_named(monkeypatch):
    monkeypatch.setenv("MOTCUA_CACHE_URL", "")
    assert base.cache_config(SQLITE)["default"]["LOCATION"] == str(base.DATA_DIR / "cache")
    monkeypatch.setenv("MOTCUA_CACHE_URL", "sqlite:///srv/motcua/cache")
    assert base.cache_config(SQLITE)["default"]["LOCATION"] == "/srv/motcua/cache"


def test_an_unknown_cache_url_is_refused_with_a_message(monkeypatch):
    monkeypatch.setenv("MOTCUA_CACHE_URL", "memcache://x")
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_CACHE_URL must be"):
        base.cache_config()


def _warnings(caches) -> list[str]:
    with override_settings(CACHES=caches):
        return [m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("motcua.")]


def test_the_deploy_check_warns_about_a_per_process_cache():
    assert "motcua.W001" in _warnings({"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
    redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    assert "motcua.W001" not in _warnings(redis)
    one_machine = {"default": {"BACKEND": "diskcache.DjangoCache", "LOCATION": "/nowhere/cache"}}
    assert "motcua.W001" not in _warnings(one_machine)


COUNT_IN_ANOTHER_PROCESS = """
import django, sys
django.setup()
from motcua.core import ratelimit
limit = ratelimit.Limit(attempts=3, window_seconds=60)
print("LIMITED" if ratelimit.is_limited("test", sys.argv[1], limit=limit) else "FREE")
print(ratelimit.record_attempt("test", sys.argv[1], limit=limit))
"""


def test_with_redis_the_attempts_of_two_processes_add_up():
    """The look-up limit counted in this process is seen by another process started with the same settings."""
    prefix = f"motcua-test-{uuid.uuid4().hex[:8]}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    value = "H22.10-261122-0001"
    with override_settings(CACHES=caches):  # Django's setting_changed handler reconnects the cache
        from motcua.core import ratelimit

        limit = ratelimit.Limit(attempts=3, window_seconds=60)
        try:
            assert ratelimit.record_attempt("test", value, limit=limit) == 1
            assert ratelimit.record_attempt("test", value, limit=limit) == 2
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "MOTCUA_CACHE_URL": REDIS_URL,
                "MOTCUA_CACHE_PREFIX": prefix,
                "PYTHONPATH": str(ROOT),
            }
            from django.conf import settings

            env["MOTCUA_SECRET_KEY"] = settings.SECRET_KEY  # the keys are HMACs under the secret key
            out = subprocess.run(
                [sys.executable, "-c", COUNT_IN_ANOTHER_PROCESS, value],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            ).stdout.split()
            assert out == ["FREE", "3"]  # two here + one there
            assert ratelimit.is_limited("test", value, limit=limit)
        finally:
            ratelimit.reset("test", value)


@pytest.mark.parametrize("backend", ["redis", "locmem"])
def test_a_window_count_starts_at_the_first_hit_and_the_cache_reads_it(backend):
    """`ratelimit.count`, the counter of every limit: the same counts and the same expiry on Redis (one atomic
    round trip, issue 20) and on the other caches (add + incr); the window is set by the first hit only."""
    if backend == "redis":
        location = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    else:
        location = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "count-test"}
    caches = {"default": {**location, "KEY_PREFIX": f"motcua-test-{uuid.uuid4().hex[:8]}"}}
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        from motcua.core import ratelimit

        try:
            assert [ratelimit.count("hits", timeout=60) for _ in range(3)] == [1, 2, 3]
            assert cache.get("hits") == 3  # the value format of Django's own add/incr
            if backend == "redis":
                full = cache.make_and_validate_key("hits")
                client = cache._cache.get_client(full)
                client.expire(full, 30)
                ratelimit.count("hits", timeout=60)
                assert 0 < client.ttl(full) <= 30  # a later hit does not extend the window
            cache.delete("hits")
            assert ratelimit.count("hits", timeout=60) == 1  # a new window
        finally:
            cache.delete("hits")
