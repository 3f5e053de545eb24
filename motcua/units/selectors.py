"""Reads of the unit tree (no writes here)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.core.text import fold

from .choices import AGENCY_KINDS, PROVINCE_KINDS, UnitKind
from .models import Unit, UnitLineage


def today_in_vietnam() -> datetime.date:
    """Effective dating is by Vietnamese calendar day, whatever the process or display time zone."""
    return timezone.now().astimezone(ZoneInfo(getattr(settings, "MOTCUA_TIME_ZONE", "Asia/Ho_Chi_Minh"))).date()


def active_on_q(day: datetime.date) -> Q:
    """Filter for units in force on `day` (both ends inclusive, empty ends open)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def unit_get_by_code(code: str) -> Unit:
    """The unit with this internal code (e.g. "P22", "W06660", "LP24"); raises `Unit.DoesNotExist`."""
    return Unit.objects.select_related("parent").get(code=code.strip().upper())


def unit_get_by_e_identifier(e_identifier: str) -> Unit:
    """The agency whose electronic identifier prefixes a dossier code; raises `Unit.DoesNotExist`."""
    return Unit.objects.get(e_identifier=e_identifier.strip().upper())


def units_search(
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    on_date: datetime.date | None = None,
    within: Unit | None = None,
) -> QuerySet[Unit]:
    """Accent-insensitive search: every word of `query` must appear in the folded name ("quang ninh" finds
    "Tỉnh Quảng Ninh"). Shallow units first, so provinces come before their communes and agencies."""
    units = Unit.objects.all()
    for word in fold(query).split():
        units = units.filter(search_name__contains=word)
    if kinds is not None:
        units = units.filter(kind__in=list(kinds))
    if on_date is not None:
        units = units.filter(active_on_q(on_date))
    if within is not None:
        units = units.filter(path__startswith=within.path)
    return units.order_by("depth", "search_name", "code")


def unit_descendants(unit: Unit, *, include_self: bool = False) -> QuerySet[Unit]:
    """Every unit below `unit` at any depth: one prefix query on the materialised path (indexed)."""
    units = Unit.objects.filter(path__startswith=unit.path)
    if not include_self:
        units = units.exclude(pk=unit.pk)
    return units


def unit_ancestors(unit: Unit) -> QuerySet[Unit]:
    """The units above `unit`, root first (read from its path, one query)."""
    return Unit.objects.filter(code__in=unit.ancestor_codes).order_by("depth")


def unit_province(unit: Unit) -> Unit | None:
    """The province (current or legacy) that `unit` belongs to, itself if it is one."""
    if unit.kind in PROVINCE_KINDS:
        return unit
    return unit_ancestors(unit).filter(kind__in=PROVINCE_KINDS).first()


def _walk_lineage(unit: Unit, *, backwards: bool) -> QuerySet[Unit]:
    """Breadth-first walk of the lineage graph: one query per generation (merges are rarely more than 2 deep)."""
    seen: set[int] = set()
    frontier = {unit.pk}
    source, target = ("successor_id", "predecessor_id") if backwards else ("predecessor_id", "successor_id")
    while frontier:
        step = set(UnitLineage.objects.filter(**{f"{source}__in": frontier}).values_list(target, flat=True))
        frontier = step - seen - {unit.pk}
        seen |= frontier
    return Unit.objects.filter(pk__in=seen).order_by("kind", "path")


def unit_predecessors(unit: Unit) -> QuerySet[Unit]:
    """Every unit `unit` was formed from, through any number of lineage steps (e.g. HCMC → Bình Dương …)."""
    return _walk_lineage(unit, backwards=True)


def unit_successors(unit: Unit) -> QuerySet[Unit]:
    """Every unit that took over `unit`, e.g. the province a pre-2025 province was merged into."""
    return _walk_lineage(unit, backwards=False)


def province_list(on_date: datetime.date | None = None) -> QuerySet[Unit]:
    """The provinces in force on `on_date` (default: today in Vietnam): the 34 from 1 July 2025, the 63 before."""
    day = on_date or today_in_vietnam()
    return Unit.objects.filter(active_on_q(day), kind__in=PROVINCE_KINDS).order_by("admin_code")


def commune_list(province: Unit, *, on_date: datetime.date | None = None) -> QuerySet[Unit]:
    """Communes (or, before 1 July 2025, districts) directly under a province on `on_date`."""
    day = on_date or today_in_vietnam()
    return province.children.filter(active_on_q(day), kind__in=(UnitKind.COMMUNE, UnitKind.LEGACY_DISTRICT)).order_by(
        "admin_code"
    )


def agency_list(*, within: Unit | None = None, kinds: Iterable[str] | None = None) -> QuerySet[Unit]:
    """Agencies (People's Committees, departments, one-stop centres, vertical agencies), optionally in a subtree."""

    units = Unit.objects.filter(kind__in=list(kinds) if kinds is not None else AGENCY_KINDS)
    if within is not None:
        units = units.filter(path__startswith=within.path)
    return units.order_by("path")


def unit_counts() -> dict[str, int]:
    """Counts by kind of the units not ended before today (home page and `summary_counts`)."""
    current = Unit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today_in_vietnam()))
    return {
        "provinces": current.filter(kind=UnitKind.PROVINCE).count(),
        "communes": current.filter(kind=UnitKind.COMMUNE).count(),
        "agencies": current.filter(kind__in=AGENCY_KINDS).count(),
    }
