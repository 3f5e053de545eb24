"""Reads about officers and their memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from .models import Membership, User


def officer_unit_ids(*, officer: User, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the units where `officer` holds an active membership (with one of `roles` when given)."""
    if not officer.is_authenticated or not officer.is_active:
        return set()
    memberships = Membership.objects.filter(user=officer, is_active=True)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return set(memberships.values_list("unit_id", flat=True))


def officer_roles_by_unit(*, officer: User) -> dict[int, frozenset[str]]:
    """Every active membership of `officer` in one query: roles per unit id (empty for a citizen or inactive user).

    A page that asks several role questions (the inbox tabs) reads this once and answers them in memory."""
    if not officer.is_authenticated or not officer.is_active:
        return {}
    roles: dict[int, set[str]] = {}
    for unit_id, role in Membership.objects.filter(user=officer, is_active=True).values_list("unit_id", "role"):
        roles.setdefault(unit_id, set()).add(role)
    return {unit_id: frozenset(found) for unit_id, found in roles.items()}


def officer_units(*, officer: User, roles: Iterable[str] | None = None) -> QuerySet[Any]:
    """The units where `officer` holds an active membership (with one of `roles` when given), as a queryset of
    `units.Unit` ordered by depth then name (the order every unit picker shows). Callers may re-order."""
    unit_model = Membership._meta.get_field("unit").related_model  # accounts sits beside units, not above it
    assert isinstance(unit_model, type)  # a foreign key to a model class, never "self" or None
    return unit_model._default_manager.filter(pk__in=officer_unit_ids(officer=officer, roles=roles)).order_by(
        "depth", "name"
    )


def officer_roles_in(*, officer: User, unit_ids: Iterable[int]) -> dict[int, set[str]]:
    """Roles of `officer` per unit among `unit_ids` (active memberships only)."""
    result: dict[int, set[str]] = {}
    if not officer.is_authenticated or not officer.is_active:
        return result
    rows = Membership.objects.filter(user=officer, is_active=True, unit_id__in=list(unit_ids))
    for unit_id, role in rows.values_list("unit_id", "role"):
        result.setdefault(unit_id, set()).add(role)
    return result


def membership_list_for_unit(*, unit_id: int) -> list[Membership]:
    return list(Membership.objects.filter(unit_id=unit_id, is_active=True).select_related("user").order_by("role"))
