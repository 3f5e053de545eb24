"""Who may see which unit's reports: officers see the units they belong to and every unit below them
(accounts memberships); superusers see every unit. Anything else is a 404, never a hint that the unit exists."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_roles_in, officer_unit_ids, officer_units
from motcua.metrics.models import DailyRollup
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import unit_province

SESSION_KEY = "reports_unit"  # the unit last chosen in the picker, kept between report pages
LEADING_ROLES = {Role.UNIT_LEADER, Role.ONE_STOP_MANAGER}
PICKER_KINDS = (
    UnitKind.PROVINCE,
    UnitKind.COMMUNE,
    UnitKind.PEOPLES_COMMITTEE,
    UnitKind.DEPARTMENT,
    UnitKind.ONE_STOP,
    UnitKind.VERTICAL_AGENCY,
)
PICKER_LIMIT = 1500


def member_units(user) -> QuerySet[Unit]:
    return officer_units(officer=user)


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


def responsible_unit(user) -> Unit | None:
    """The unit a person's reports open on: among their top units, one they lead (unit leader, one-stop
    manager), then one whose tree has dossiers (so the first screen has data), then the highest."""
    homes = home_units(user)
    if len(homes) <= 1:
        return homes[0] if homes else None
    roles = officer_roles_in(officer=user, unit_ids=[u.pk for u in homes])

    def rank(unit: Unit) -> tuple:
        leads = bool(roles.get(unit.pk, set()) & LEADING_ROLES)
        has_data = DailyRollup.objects.filter(unit__path__startswith=unit.path).exists()
        return (not leads, not has_data, unit.depth)

    return min(homes, key=rank)


def remembered_unit(request) -> Unit | None:
    """The unit chosen earlier in this session, if the person may still see it."""
    pk = request.session.get(SESSION_KEY)
    return visible_units(request.user).filter(pk=pk).first() if isinstance(pk, int) else None


def remember_unit(request, unit: Unit) -> None:
    request.session[SESSION_KEY] = unit.pk


def picker_units(user, current: Unit) -> list[tuple[str, list[Unit]]]:
    """The unit picker: the person's top units, then, within the tree the current unit belongs to (for a
    superuser: its province), the communes and the agencies — grouped so a province's hundred communes and
    their agencies stay findable by typing."""
    homes = home_units(user)
    if user.is_superuser:
        root = unit_province(current) or current
        homes = [root]
    else:
        root = next((h for h in homes if current.path.startswith(h.path)), current)
    tree = list(
        Unit.objects.filter(path__startswith=root.path, kind__in=PICKER_KINDS)
        .exclude(pk__in=[h.pk for h in homes])
        .order_by("depth", "name")[:PICKER_LIMIT]
    )
    if not any(u.pk == current.pk for u in [*homes, *tree]):
        homes = [*homes, current]
    territories = [u for u in tree if u.kind in (UnitKind.PROVINCE, UnitKind.COMMUNE)]
    agencies = [u for u in tree if u.kind not in (UnitKind.PROVINCE, UnitKind.COMMUNE)]
    return [("homes", homes), ("territories", territories), ("agencies", agencies)]


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
