"""Writes of officer evaluation: the centre manager records the yearly grading (models.py), keyword-only, one
transaction, append-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership
from motcua.units.selectors import today_in_vietnam

from . import access, selectors
from .choices import TaskBand
from .models import OfficerGrading


@transaction.atomic
def grading_record(
    *, manager, subject: Membership, year: int, band: str, reason: str = "", now: dt.datetime | None = None
) -> OfficerGrading:
    """Record the grading of `subject`'s officer for `year`, with the year's figures as evidence. The band is
    the manager's; when it differs from the band the score gives (TT 01/2018 art 15.3(a)), or the score gives
    none, the manager writes why."""
    if not access.can_grade(manager, subject):
        raise PermissionDenied(_("Only the manager of the one-stop centre grades its officers."))
    if band not in TaskBand.values:
        raise ValidationError({"band": _("Choose a grading from the list.")})
    if not 2000 <= year <= today_in_vietnam().year:
        raise ValidationError({"year": _("Choose a year that has begun.")})
    reason = (reason or "").strip()
    figures = selectors.officer_figures(subject=subject, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    if band != figures.band and not reason:
        raise ValidationError(
            {"reason": _("The grading differs from the one the score gives (or the score gives none): write why.")}
        )
    return OfficerGrading.objects.create(
        officer_id=subject.user_id,
        unit_id=subject.unit_id,
        year=year,
        band=band,
        computed_band=figures.band,
        score=Decimal(str(figures.score)) if figures.score is not None else None,
        evidence=figures.as_evidence(),
        reason=reason,
        recorded_by=manager,
        recorded_at=now or timezone.now(),
    )
