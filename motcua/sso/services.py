"""Sign-in through an OpenID Connect provider: find or create the account linked to (issuer, subject)."""

from __future__ import annotations

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import Provider
from .models import ExternalIdentity

logger = logging.getLogger("motcua.sso")


class SsoError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _profile(provider: Provider, claims: dict) -> dict[str, str]:
    values = {}
    for field, claim in provider.claims.items():
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            values[field] = value.strip()
    return values


def identity_sign_in(*, provider: Provider, issuer: str, claims: dict):
    """The account of (issuer, sub): created on first sign-in (when the provider allows it), profile refreshed.

    Never matched by e-mail or phone: those claims only fill the profile (OIDC Core §5.7)."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SsoError(_("The identity provider did not say who you are."))
    profile = _profile(provider, claims)
    User = get_user_model()
    with transaction.atomic():
        identity = ExternalIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        if identity is None:
            if not provider.create_users:
                raise SsoError(_("This account is not registered here. Ask the administrator to link it."))
            digest = hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()[:24]
            user = User(username=f"oidc-{digest}", kind=provider.kind_for(claims))
            user.set_unusable_password()
            user.save()
            try:
                with transaction.atomic():
                    identity = ExternalIdentity.objects.create(
                        user=user, provider=provider.key, issuer=issuer, subject=subject
                    )
            except IntegrityError:  # a concurrent first sign-in linked it first
                user.delete()
                identity = ExternalIdentity.objects.select_related("user").get(issuer=issuer, subject=subject)
            logger.info("sso.account_created", extra={"provider": provider.key, "user_id": identity.user_id})
        user = identity.user
        if not user.is_active:
            raise SsoError(_("This account is disabled."))
        changed = []
        for attribute, column in (("name", "full_name"), ("email", "email"), ("phone", "phone")):
            if attribute in profile and getattr(user, column) != profile[attribute][:200]:
                setattr(user, column, profile[attribute][:200])
                changed.append(column)
        if changed:
            user.save(update_fields=changed)
        identity.last_login_at = timezone.now()
        identity.save(update_fields=["last_login_at"])
    return user
