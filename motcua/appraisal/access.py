"""Who sees an officer's evaluation: the officer themself, a unit leader of the unit, and the one-stop centre
manager of the unit (TT 01/2018/TT-VPCP art 15.4(c): the one-stop unit grades its officers; ND 61/2018 art 32.2:
the results bear on the officer's and the head's responsibility). Everyone else, superusers included, is told
nothing exists (404). Only the centre manager records a grading, never their own.

The subject of an evaluation is an officer in a unit: one active membership (its pk is in the URL).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.accounts.access import is_officer
from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.accounts.selectors import officer_unit_ids

OVERSEEING_ROLES = (Role.UNIT_LEADER, Role.ONE_STOP_MANAGER)
GRADING_ROLES = (Role.ONE_STOP_MANAGER,)


def subjects_for_viewer(viewer) -> QuerySet[Membership]:
    """The memberships whose evaluation `viewer` may see: their own and every one in the units they lead or
    manage."""
    if not is_officer(viewer):
        return Membership.objects.none()
    overseen = officer_unit_ids(officer=viewer, roles=OVERSEEING_ROLES)
    return Membership.objects.filter(is_active=True, user__is_active=True).filter(
        Q(user=viewer) | Q(unit_id__in=overseen)
    )


def subject_get_for_viewer(viewer, pk: int) -> Membership:
    """One subject the viewer may see; `Membership.DoesNotExist` otherwise (the views answer 404)."""
    return subjects_for_viewer(viewer).select_related("user", "unit").get(pk=pk)


def can_grade(viewer, subject: Membership) -> bool:
    return (
        is_officer(viewer)
        and viewer.pk != subject.user_id
        and subject.unit_id in officer_unit_ids(officer=viewer, roles=GRADING_ROLES)
    )
