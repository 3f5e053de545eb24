"""Reads of ratings for officers and reports: aggregates only (ND 61/2018 art 27, raters stay confidential)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Q, QuerySet

from motcua.workdays.calendar import VN_TZ

from ..choices import SATISFIED_SCORES, Criterion
from ..models import Rating

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        """None when there is nothing to count (766 display rule: N/A when the denominator is 0)."""
        return round(100 * self.numerator / self.denominator, 2) if self.denominator else None


def signed_in(user: User | AnonymousUser | None) -> User | None:
    """The account of a signed-in user; None for an anonymous visitor (or no user)."""
    # Only an account is authenticated (`AnonymousUser.is_authenticated` is False).
    return cast("User", user) if getattr(user, "is_authenticated", False) else None


def vn_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end] as Vietnamese calendar days, whatever the server's time zone."""
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    return begin, dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)


def _ratings(
    *,
    start: dt.date,
    end: dt.date,
    unit_ids: Iterable[int] | None = None,
    dossiers: QuerySet[Dossier, Any] | None = None,
) -> QuerySet[Rating]:
    begin, finish = vn_bounds(start, end)
    # Kiosk ratings from unregistered or revoked devices are kept apart from every figure (issue 18).
    ratings = Rating.objects.filter(created_at__gte=begin, created_at__lt=finish, counted=True)
    if unit_ids is not None:
        ratings = ratings.filter(unit_id__in=list(unit_ids))
    if dossiers is not None:
        ratings = ratings.filter(dossier__in=dossiers)
    return ratings


def satisfaction_rate(
    *,
    start: dt.date,
    end: dt.date,
    unit_ids: Iterable[int] | None = None,
    dossiers: QuerySet[Dossier, Any] | None = None,
) -> Rate:
    """Ratings answering "satisfied" or "very satisfied" overall / ratings, per unit(s) and period."""
    row = _ratings(start=start, end=end, unit_ids=unit_ids, dossiers=dossiers).aggregate(
        total=Count("id"), satisfied=Count("id", filter=Q(overall__in=list(SATISFIED_SCORES)))
    )
    return Rate(numerator=row["satisfied"], denominator=row["total"])


@dataclass(frozen=True)
class CriterionSummary:
    criterion: str
    label: str
    answers: int
    average: float | None


def rating_summary(
    *,
    start: dt.date,
    end: dt.date,
    unit_ids: Iterable[int] | None = None,
    dossiers: QuerySet[Dossier, Any] | None = None,
) -> list[CriterionSummary]:
    """Average score per criterion over the period (what officer screens show; never single ratings).
    `dossiers`: only the ratings of these dossiers (a queryset; e.g. those an officer handled)."""
    sums: dict[str, list[int]] = {c: [0, 0] for c in Criterion.values}
    for answers in _ratings(start=start, end=end, unit_ids=unit_ids, dossiers=dossiers).values_list(
        "answers", flat=True
    ):
        for criterion, score in (answers or {}).items():
            if criterion in sums:
                sums[criterion][0] += int(score)
                sums[criterion][1] += 1
    return [
        CriterionSummary(c, str(Criterion(c).label), n, round(total / n, 2) if n else None)
        for c, (total, n) in sums.items()
    ]


def dossier_is_rated(*, dossier: Dossier) -> bool:
    return Rating.objects.filter(dossier=dossier).exists()
