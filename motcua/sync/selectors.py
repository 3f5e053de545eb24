"""Reads of the synchronisation domain (operators only: the CLI and the admin)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .choices import DeliveryStatus
from .models import Delivery, SyncEndpoint


def dead_letters(*, endpoint: SyncEndpoint | None = None) -> QuerySet[Delivery]:
    rows = Delivery.objects.filter(status=DeliveryStatus.DEAD).select_related("message", "endpoint").order_by("id")
    return rows.filter(endpoint=endpoint) if endpoint is not None else rows


def endpoint_queues() -> list[tuple[SyncEndpoint, dict[str, int]]]:
    rows = SyncEndpoint.objects.annotate(
        **{status: Count("deliveries", filter=Q(deliveries__status=status)) for status in DeliveryStatus.values}
    ).order_by("id")
    return [(row, {status: getattr(row, status) for status in DeliveryStatus.values}) for row in rows]
