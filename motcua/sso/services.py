"""Sign-in through an OpenID Connect provider: find or create the account linked to (issuer, subject)."""

from __future__ import annotations

import hashlib
import logging
import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.certify.services import certified_copies_link

from .conf import Provider
from .models import ExternalIdentity

logger = logging.getLogger("motcua.sso")
ID_NUMBER = re.compile(r"^[0-9]{12}$")  # số định danh cá nhân: 12 digits (Decree 137/2015/NĐ-CP art. 13)


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


def assurance_check(*, provider: Provider, acr: str) -> str:
    """The level of assurance of this authentication, refused unless it is one the provider entry accepts.

    OIDC Core 1.0 §3.1.2.1: `acr_values` is a voluntary request, so the provider may answer with a lower level;
    the relying party must compare the ID token's `acr` claim itself (§2). For VNeID the levels are the
    electronic identification account levels of Decree 69/2024/NĐ-CP; a level-1 account (registered online)
    does not reach a service that requires level 2."""
    if not provider.acr_values:
        return acr
    if acr not in provider.acr_values:
        logger.info("sso.assurance_too_low", extra={"provider": provider.key})
        raise SsoError(
            _(
                "Your electronic identity account does not have the level of assurance this service requires. "
                "Upgrade your account to level 2 (at the police office or in the VNeID app) and sign in again."
            )
        )
    return acr


def identity_sign_in(*, provider: Provider, issuer: str, claims: dict, acr: str = ""):
    """The account of (issuer, sub): created on first sign-in (when the provider allows it), profile refreshed.

    Never matched by e-mail or phone: those claims only fill the profile (OIDC Core §5.7). `acr` is the ID
    token's level of assurance, checked against the provider's `acr_values` before anything is created. The
    personal identification number claim, when it has the 12 digits of Decree 137/2015/NĐ-CP art. 13, is kept
    on the identity (a malformed one is dropped, never stored half-right)."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SsoError(_("The identity provider did not say who you are."))
    acr = assurance_check(provider=provider, acr=acr)
    id_number = ""
    if provider.id_number_claim:
        id_number = str(claims.get(provider.id_number_claim) or "").strip()
        if id_number and not ID_NUMBER.match(id_number):
            logger.warning("sso.id_number_malformed", extra={"provider": provider.key})
            id_number = ""
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
        identity.acr = acr[:255]
        fields = ["last_login_at", "acr"]
        if id_number:
            identity.id_number = id_number
            fields.append("id_number")
        identity.save(update_fields=fields)
        if id_number:  # the one place an account gets a verified number: earlier certified copies join its store
            certified_copies_link(user=user, id_number=id_number)
    return user
