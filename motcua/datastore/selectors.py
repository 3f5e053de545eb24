"""Reads of the personal data store: the owner's usable documents, and the reuse rate (766 indicator 4.3/4.4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.workdays.calendar import VN_TZ

from .models import DocumentReuse, StoredDocument


def stored_documents_for(*, user, today: dt.date | None = None) -> QuerySet[StoredDocument]:
    """The account's own stored documents that are still valid (no expiry, or not expired in Vietnam today)."""
    if not getattr(user, "is_authenticated", False):
        return StoredDocument.objects.none()
    today = today or timezone.now().astimezone(VN_TZ).date()
    return StoredDocument.objects.filter(owner=user).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def stored_choices_for(*, user) -> list[tuple[str, str]]:
    return [(str(s.pk), s.title) for s in stored_documents_for(user=user).only("pk", "title")[:100]]


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        """None when nothing was received (766 display rule: N/A when the denominator is 0)."""
        return round(100 * self.numerator / self.denominator, 2) if self.denominator else None


def _vn_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    return begin, dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)


def reuse_rate(*, start: dt.date, end: dt.date, unit_ids=None) -> Rate:
    """766 indicator 4.3/4.4: dossiers received in [start, end] (Vietnam days) with at least one component
    taken from the personal data store / dossiers received in the period, per receiving unit if given."""
    begin, finish = _vn_bounds(start, end)
    received = Dossier.objects.filter(received_at__gte=begin, received_at__lt=finish)
    if unit_ids is not None:
        received = received.filter(receiving_unit_id__in=list(unit_ids))
    reused = received.filter(reused_q())
    return Rate(numerator=reused.count(), denominator=received.count())


def reused_q() -> Q:
    """The dossier (the outer query's row) has at least one component taken from the personal data store: the
    numerator of 766 indicators 4.3/4.4 (`reuse_rate`; listed by `metrics.basis`)."""
    return Q(Exists(DocumentReuse.objects.filter(dossier=OuterRef("pk"))))
