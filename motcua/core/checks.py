"""Deployment checks (`manage.py check --deploy`): settings that are fine on a laptop and wrong on a province."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
    "diskcache.DjangoCache",  # SQLite files shared by the processes of one machine
    "django.core.cache.backends.memcached.PyMemcacheCache",
)


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits, look-up limits and login throttling count in the cache: with several server processes a
    per-process cache lets each count alone (N processes = N × the allowed attempts)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in SHARED_CACHES:
        return []
    return [
        Warning(
            "The cache is not shared between server processes, so rate limits and login throttling count per process.",
            hint="Set MOTCUA_CACHE_URL=redis://127.0.0.1:6379/0 (or sqlite on one machine, or db) — docs/operations.md.",
            id="motcua.W001",
        )
    ]
