"""Fixed-window attempt counters in Django's cache, for public lookups and one-time-code sign-in.

The keys are keyed hashes (HMAC with SECRET_KEY) of what is counted, so neither a dossier code, a phone number
nor an e-mail address is stored in the cache in clear. With several app servers the cache must be shared
(`CACHES` in settings: by default a cache file beside a SQLite database, the database cache on PostgreSQL, or
Redis); a local-memory cache counts per process (tests).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


@dataclass(frozen=True)
class Limit:
    attempts: int
    window_seconds: int


def _key(scope: str, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"motcua:rl:{scope}:{digest[:32]}"


def is_limited(scope: str, value: str, *, limit: Limit) -> bool:
    """True when `value` already used up its attempts in the current window."""
    return int(cache.get(_key(scope, value), 0)) >= limit.attempts


# INCR, and the key's lifetime set by the hit that created it: one atomic round trip to Redis.
_REDIS_COUNT = (
    "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"
)


def count(key: str, *, timeout: int) -> int:
    """Count one hit of `key` in a window of `timeout` seconds that starts with the key's first hit (later hits do
    not extend it); the hits so far in the window, this one included. The one counter of every rate limit and
    attempt limit (`record_attempt`, the API's per-token limit).

    On Redis one atomic round trip (a server-side INCR that sets the expiry on the first hit: the same key and
    value format as Django's `add`/`incr`, so `cache.get` reads the count); on other caches `add` then `incr`.
    """
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full, write=True)
        return int(client.eval(_REDIS_COUNT, 1, full, int(timeout)))
    if backend.add(key, 1, timeout=timeout):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # expired between add() and incr()
        backend.add(key, 1, timeout=timeout)
        return 1


def record_attempt(scope: str, value: str, *, limit: Limit) -> int:
    """Count one attempt; the window starts with the first attempt and is not extended by later ones."""
    return count(_key(scope, value), timeout=limit.window_seconds)


def reset(scope: str, value: str) -> None:
    cache.delete(_key(scope, value))


def client_ip(request) -> str:
    """The client address as seen by Django (REMOTE_ADDR).

    Behind a reverse proxy, set `MOTCUA_CLIENT_IP_HEADER` (e.g. "HTTP_X_REAL_IP") to the header that proxy
    sets itself; a header a client can forge must never be trusted for rate limits.
    """
    header = getattr(settings, "MOTCUA_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value or request.META.get("REMOTE_ADDR", "") or "unknown").split(",")[0].strip()
