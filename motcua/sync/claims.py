"""Claiming rows for one worker, so that two workers never send the same row at the same time.

Portable core: one atomic `UPDATE … SET claimed_by, lease_until WHERE id = X AND (lease free) AND (still
eligible)` per candidate; the database serialises the updates, so exactly one worker sees `rowcount == 1`.
On PostgreSQL the candidates are first taken with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers
pick disjoint batches instead of racing for the same rows. A lease expires (a crashed worker's rows come back)
and every later write is fenced with `claimed_by = me`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet


def lease_free(now: dt.datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def due(now: dt.datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def claim(eligible: QuerySet[Any], *, worker: str, limit: int, lease: float, now: dt.datetime) -> list[int]:
    """Ids of at most `limit` rows of `eligible` now leased to `worker`, in id order."""
    free = eligible.filter(lease_free(now)).order_by("id")
    until = now + dt.timedelta(seconds=lease)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(free.select_for_update(skip_locked=True, of=("self",)).values_list("id", flat=True)[:limit])
            eligible.model._default_manager.filter(id__in=ids).update(claimed_by=worker, lease_until=until)
        return ids
    claimed: list[int] = []
    for row_id in free.values_list("id", flat=True)[: limit * 2]:
        if free.filter(id=row_id).update(claimed_by=worker, lease_until=until):
            claimed.append(row_id)
        if len(claimed) >= limit:
            break
    return claimed


def release(model: type[Model], *, row_id: int, worker: str, **changes: object) -> bool:
    """Write the outcome of a claimed row and give the lease back; False if the lease was lost meanwhile."""
    return bool(
        model._default_manager.filter(id=row_id, claimed_by=worker).update(claimed_by="", lease_until=None, **changes)
    )
