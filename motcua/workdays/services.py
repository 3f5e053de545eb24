"""Writes to the working calendar (the admin goes through the same models; signals refresh the cache)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .choices import AdjustmentKind
from .models import CalendarAdjustment


@transaction.atomic
def calendar_adjustment_set(
    *,
    day: date,
    kind: AdjustmentKind | str,
    name: str,
    source_number: str,
    source_date: date | None = None,
    note: str = "",
) -> CalendarAdjustment:
    """Record what an official notice says about `day` (Labour Code 2019 art. 112.3: the Prime Minister fixes
    the Tết and National Day days; the ministry's notice is the source). Replaces an earlier entry for the day."""
    adjustment, _created = CalendarAdjustment.objects.update_or_create(
        date=day,
        defaults={
            "kind": AdjustmentKind(kind),
            "name": name,
            "source_number": source_number,
            "source_date": source_date,
            "note": note,
        },
    )
    return adjustment
