"""Who sees an officer's evaluation: the officer themself, a unit leader of the unit, and the one-stop centre
manager of the unit (TT 01/2018/TT-VPCP art 15.4(c): the one-stop unit grades its officers; ND 61/2018 art 32.2:
the results bear on the officer's and the head's responsibility). Everyone else, superusers included, is told
nothing exists (404). Only the centre manager records a grading, never their own.

"Their leader" is someone above them in the unit, by the person's highest role there: a unit leader oversees
everyone else of the unit, the centre manager everyone but the unit's leaders and the other managers. A fellow
manager or a fellow leader of the same unit is a colleague: they neither see nor grade each other's evaluation
(a deputy manager's grading would otherwise stand as the manager's current one), and no manager grades a leader.

The subject of an evaluation is an officer in a unit: one active membership (its pk is in the URL).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.access import is_officer
from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.accounts.selectors import officer_roles_by_unit

# The overseeing roles and their rank in a unit (TT 01/2018 art 15.4(c), ND 61/2018 art 32.2): who is above whom.
RANKS = {Role.UNIT_LEADER: 2, Role.ONE_STOP_MANAGER: 1}
OVERSEEING_ROLES = tuple(RANKS)
GRADING_ROLES = (Role.ONE_STOP_MANAGER,)


def _rank(roles) -> int:
    return max((RANKS.get(role, 0) for role in roles), default=0)


def _held_at_rank_or_above(rank: int) -> Exists:
    """The subject's person holds, in the subject's unit, an active role of `rank` or above."""
    roles = [role for role, value in RANKS.items() if value >= rank]
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("user_id"), unit_id=OuterRef("unit_id"), is_active=True, role__in=roles
        )
    )


def subjects_for_viewer(viewer) -> QuerySet[Membership]:
    """The memberships whose evaluation `viewer` may see: their own, and in each unit they lead or manage those
    of the people ranked below them there (never a fellow leader or manager, never their superior)."""
    if not is_officer(viewer):
        return Membership.objects.none()
    by_rank: dict[int, list[int]] = {}
    for unit_id, roles in officer_roles_by_unit(officer=viewer).items():
        rank = _rank(roles)
        if rank:
            by_rank.setdefault(rank, []).append(unit_id)
    visible = Q(user=viewer)
    for rank, unit_ids in by_rank.items():
        visible |= Q(unit_id__in=unit_ids) & ~_held_at_rank_or_above(rank)
    return Membership.objects.filter(is_active=True, user__is_active=True).filter(visible)


def subject_get_for_viewer(viewer, pk: int) -> Membership:
    """One subject the viewer may see; `Membership.DoesNotExist` otherwise (the views answer 404)."""
    return subjects_for_viewer(viewer).select_related("user", "unit").get(pk=pk)


def can_grade(viewer, subject: Membership) -> bool:
    """The centre manager of the subject's unit, ranked above the subject there, never for themself."""
    if not is_officer(viewer) or viewer.pk == subject.user_id:
        return False
    roles = officer_roles_by_unit(officer=viewer).get(subject.unit_id, frozenset())
    if not roles & set(GRADING_ROLES):
        return False
    return subjects_for_viewer(viewer).filter(pk=subject.pk).exists()
