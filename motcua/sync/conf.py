"""Synchronisation settings: `MOTCUA_SYNC = {...}` in the Django settings overrides any of these defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings


@dataclass(frozen=True)
class SyncSettings:
    enabled: bool = True  # write outbox rows for dossier events
    max_attempts: int = 10  # then the delivery becomes a dead letter
    backoff_base: float = 30.0  # seconds before the 2nd attempt; doubles each time
    backoff_max: float = 6 * 3600.0  # cap of one wait
    timeout: float = 10.0  # seconds for connect + response of one HTTP attempt
    lease: float = 120.0  # seconds a claimed row belongs to one worker
    batch: int = 50  # rows claimed at once
    idle_sleep: float = 2.0  # seconds the worker sleeps when nothing is due
    reminder_interval: float = 300.0  # seconds between two reminder passes


def sync_settings() -> SyncSettings:
    overrides = getattr(settings, "MOTCUA_SYNC", {}) or {}
    known = {f.name for f in fields(SyncSettings)}
    return SyncSettings(**{key.lower(): value for key, value in overrides.items() if key.lower() in known})
