"""Deployment checks of the security app (`manage.py check --deploy`, run by operators before going live).

motcua.E001: an account still has a documented demo password (`motcua-demo`, docs/demo.md) — the demo seeds a
superuser `admin` with it, and `serve` used to load the demo into any empty database (issue 18, finding 5).
Checked for every superuser and staff account and the demo user names (`admin`, `motcua.*`; each check is one Argon2 hash, so
ordinary accounts, which cannot reach the admin, are not all hashed).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError
from django.db.models import Q

DEMO_PASSWORDS = ("motcua-demo",)


@register(Tags.security, deploy=True)
def check_demo_passwords(app_configs, **kwargs):
    user_model = get_user_model()
    try:
        candidates = list(
            user_model.objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(is_staff=True) | Q(username="admin") | Q(username__startswith="motcua."))
            .only("pk", "username", "password")
        )
    except (DatabaseError, RuntimeError):  # no database yet (before migrate), or none allowed (unit tests)
        return []
    weak = sorted(user.username for user in candidates if any(user.check_password(p) for p in DEMO_PASSWORDS))
    if not weak:
        return []
    return [
        Error(
            f"{len(weak)} account(s) still have the published demo password: {', '.join(weak)}.",
            hint="Change their passwords (manage.py changepassword NAME) or deactivate them; never run the demo "
            "against a province database (docs/operations.md).",
            id="motcua.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_demo_outbox(app_configs, **kwargs):
    """motcua.W010: the demo outbox (one-time codes shown on a page, motcua.core.demo_outbox) is switched on."""
    if not getattr(settings, "MOTCUA_DEMO_OUTBOX", False):
        return []
    return [
        Warning(
            "MOTCUA_DEMO_OUTBOX is on: in a demo, one-time sign-in codes are readable on /thu-nghiem/ma-xac-thuc/.",
            hint="Unset MOTCUA_DEMO_OUTBOX outside a demo (production settings never show the page, but say what "
            "you mean).",
            id="motcua.W010",
        )
    ]
