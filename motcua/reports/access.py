"""Who may see which unit's reports: officers see the units they belong to and every unit below them
(accounts memberships); superusers see every unit. Anything else is a 404, never a hint that the unit exists."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from motcua.accounts.selectors import officer_unit_ids
from motcua.units.models import Unit


def member_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=officer_unit_ids(officer=user)).order_by("depth", "name")


def visible_units(user) -> QuerySet[Unit]:
    """Units whose reports `user` may open: the member units and their subtrees (by materialised path)."""
    if user.is_superuser:
        return Unit.objects.all()
    paths = list(member_units(user).values_list("path", flat=True))
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def home_units(user) -> list[Unit]:
    """The top units `user` may open (member units not below another member unit); for superusers the roots."""
    if user.is_superuser:
        return list(Unit.objects.filter(parent=None).order_by("name")[:50])
    units = list(member_units(user))
    return [u for u in units if not any(o.pk != u.pk and u.path.startswith(o.path) for o in units)]


def unit_for_report(user, pk) -> Unit:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    unit = visible_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def can_see_reports(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(officer_unit_ids(officer=user)))
