"""Who may do what with outreach sessions: pure reads of memberships (services, selectors and views call these).

The head of the one-stop unit organises its staff and where they work (ND 61/2018 art 12), so the centre's
manager (or its administrator) plans a session, picks its officers and marks it held or closed. Every officer of
the centre sees its sessions. Only the officers picked for a session receive dossiers at it, and the dossier
service still checks their reception role in the centre (`dossiers.policy.acting_unit`).
"""

from __future__ import annotations

import base64

from django.utils.crypto import salted_hmac

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_unit_ids

PLANNING_ROLES = (Role.ONE_STOP_MANAGER, Role.ADMINISTRATOR)
# Officers who may be sent to a session: those who receive dossiers at the centre's counter.
SERVING_ROLES = (Role.COUNTER_OFFICER, Role.ONE_STOP_MANAGER)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def planning_unit_ids(user) -> set[int]:
    return officer_unit_ids(officer=user, roles=PLANNING_ROLES) if _active(user) else set()


def member_unit_ids(user) -> set[int]:
    return officer_unit_ids(officer=user) if _active(user) else set()


def can_plan(user, centre_id: int) -> bool:
    return _active(user) and (user.is_superuser or centre_id in planning_unit_ids(user))


def can_receive(user, session) -> bool:
    """Only the officers picked for the session receive dossiers at it."""
    return _active(user) and session.officers.filter(pk=user.pk).exists()


VAULT_KEY_SALT = "motcua.outreach.vault"  # the HMAC's key salt (salted_hmac), not a secret


def vault_secret(user) -> str:
    """The secret that opens an officer's offline queues on a laptop (base64, 32 bytes), given to the intake page
    only by the "who is signed in" answer (`GET /luu-dong/phien/`, never cached, never part of the page the
    service worker keeps). The page wraps each queue's key with it, so a copy of the page opened without that
    officer's sign-in cannot read the queue (docs/onestop.md, "Offline intake and sign-out"). Derived from the
    project's SECRET_KEY and the officer's id: rotating SECRET_KEY leaves waiting queues readable only with the
    officer's offline unlock code."""
    digest = salted_hmac(VAULT_KEY_SALT, f"officer:{user.pk}", algorithm="sha256").digest()
    return base64.b64encode(digest).decode("ascii")
