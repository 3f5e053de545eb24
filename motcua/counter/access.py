"""Who may do what with the queue: pure reads of memberships (services and views both call these).

Officers of the centre (counter officers, the centre manager, its administrator) call tickets at its counters and
check appointments in; the statistics that feed staffing are for the centre manager (ND 61/2018 art. 12: the
head of the one-stop unit organises its staff). A citizen sees only their own appointments; a ticket page is
reached by its unguessable token (whoever holds the ticket).
"""

from __future__ import annotations

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_unit_ids

SERVING_ROLES = (Role.COUNTER_OFFICER, Role.ONE_STOP_MANAGER, Role.ADMINISTRATOR)
MANAGING_ROLES = (Role.ONE_STOP_MANAGER, Role.ADMINISTRATOR)


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def serving_centre_ids(user) -> set[int]:
    if not _is_active(user):
        return set()
    return officer_unit_ids(officer=user, roles=SERVING_ROLES)


def managed_centre_ids(user) -> set[int]:
    if not _is_active(user):
        return set()
    return officer_unit_ids(officer=user, roles=MANAGING_ROLES)


def can_serve(user, centre_id: int) -> bool:
    return _is_active(user) and (user.is_superuser or centre_id in serving_centre_ids(user))


def can_manage(user, centre_id: int) -> bool:
    return _is_active(user) and (user.is_superuser or centre_id in managed_centre_ids(user))


def officer_required(view):
    """Signed-in officers only: anonymous visitors go to sign in, anyone else gets the 403 page. (The console's
    own decorator lives in a presentation app, which a domain app may not import: DESIGN §2.)"""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    from motcua.accounts.choices import UserKind

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and (user.kind == UserKind.OFFICER or user.is_superuser)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
