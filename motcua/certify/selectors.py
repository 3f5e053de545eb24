"""Reads of certified copies, scoped to who asks, and the count source of 766 indicator 4.6."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from motcua.accounts.selectors import officer_unit_ids
from motcua.datastore.selectors import Rate
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.workdays.calendar import VN_TZ

from .models import CertifiedCopy
from .services import CERTIFYING_ROLES


def certifying_unit_list(*, officer) -> QuerySet[Unit]:
    units = Unit.objects.order_by("name")
    return (
        units
        if officer.is_superuser
        else units.filter(pk__in=officer_unit_ids(officer=officer, roles=CERTIFYING_ROLES))
    )


def copy_list_for_officer(*, officer, year: int | None = None) -> QuerySet[CertifiedCopy]:
    copies = CertifiedCopy.objects.select_related("unit", "owner").order_by("unit__name", "-year", "-number")
    if not officer.is_superuser:
        copies = copies.filter(unit_id__in=officer_unit_ids(officer=officer, roles=CERTIFYING_ROLES))
    return copies.filter(year=year) if year else copies


def copy_get_for_officer(*, officer, pk) -> CertifiedCopy:
    return copy_list_for_officer(officer=officer).get(pk=pk)


def certified_copy_rate(*, start: dt.date, end: dt.date, unit_ids=None) -> Rate:
    """QĐ 766/QĐ-TTg indicator 4.6 "Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính": communes (in
    `unit_ids`, else all) where at least one electronic copy was certified in [start, end] (Vietnam days, by the
    certifying unit or an agency under the commune) / communes (shared/reference/legal-details.md, metric
    `ELECTRONIC_CERTIFIED_COPY`, 2 points)."""
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    if unit_ids is not None:
        communes = communes.filter(pk__in=list(unit_ids))
    paths = list(communes.values_list("path", flat=True))
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
    issuing = set(
        CertifiedCopy.objects.filter(issued_at__gte=begin, issued_at__lt=finish)
        .values_list("unit__path", flat=True)
        .distinct()
    )
    offering = sum(1 for path in paths if any(unit_path.startswith(path) for unit_path in issuing))
    return Rate(numerator=offering, denominator=len(paths))
