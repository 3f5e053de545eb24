"""Health and circuit breaker of every outside link (national portal, SMS gateway, …), shared by all workers.

One `LinkHealth` row per link. After `threshold` consecutive failures of the far side (unreachable, timeout,
HTTP 5xx — not business refusals) the breaker opens for `cooldown` seconds: callers do not try the link and leave
their work in the outbox (its deliveries keep their place and are retried once the breaker closes). The first
call after the cool-down is the trial: success closes the breaker, failure opens it again. Errors are stored as
short labels, never with personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import LinkHealth


@dataclass(frozen=True)
class BreakerSettings:
    threshold: int = 5
    cooldown: float = 60.0


def breaker_settings() -> BreakerSettings:
    overrides = getattr(settings, "MOTCUA_BREAKER", {}) or {}
    known = {f.name for f in fields(BreakerSettings)}
    return BreakerSettings(**{k.lower(): v for k, v in overrides.items() if k.lower() in known})


def link_get(*, name: str, kind: str) -> LinkHealth:
    link, _created = LinkHealth.objects.get_or_create(name=name[:100], defaults={"kind": kind})
    return link


def link_open_until(*, name: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the breaker of `name` is open: the moment it may be tried again; else None."""
    now = now or timezone.now()
    until = LinkHealth.objects.filter(name=name[:100]).values_list("open_until", flat=True).first()
    return until if until and until > now else None


def link_succeeded(*, name: str, kind: str, duration_ms: int = 0) -> None:
    link_get(name=name, kind=kind)
    LinkHealth.objects.filter(name=name[:100]).update(
        failures=0, open_until=None, last_ok_at=timezone.now(), last_duration_ms=duration_ms, calls=F("calls") + 1
    )


def link_failed(*, name: str, kind: str, error: str, counts: bool = True) -> dt.datetime | None:
    """Record a failure; `counts` False for a refusal that says the far side is up. Returns open_until when
    this failure opened the breaker."""
    conf = breaker_settings()
    link_get(name=name, kind=kind)
    now = timezone.now()
    changes = {"last_error_at": now, "last_error": error[:255], "calls": F("calls") + 1, "errors": F("errors") + 1}
    if counts:
        changes["failures"] = F("failures") + 1
    LinkHealth.objects.filter(name=name[:100]).update(**changes)
    if not counts:
        return None
    failures = LinkHealth.objects.filter(name=name[:100]).values_list("failures", flat=True).first() or 0
    if failures >= conf.threshold:
        until = now + dt.timedelta(seconds=conf.cooldown)
        LinkHealth.objects.filter(name=name[:100]).update(open_until=until, opened_count=F("opened_count") + 1)
        return until
    return None


def link_reset(*, name: str) -> None:
    """Close the breaker (an operator replaying dead letters after the far side came back)."""
    LinkHealth.objects.filter(name=name[:100]).update(failures=0, open_until=None)
