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
from django.core.cache import cache


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


def record_attempt(scope: str, value: str, *, limit: Limit) -> int:
    """Count one attempt; the window starts with the first attempt and is not extended by later ones."""
    key = _key(scope, value)
    if cache.add(key, 1, timeout=limit.window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=limit.window_seconds)
        return 1


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
