"""Reads of linked identities, always for the signed-in person themself."""

from __future__ import annotations

from .models import ExternalIdentity


def identity_number_for(*, user) -> str:
    """The personal identification number a provider asserted for this account (most recent sign-in first), or "".

    Used to prefill the applicant's identity number on online forms (Decree 45/2020/NĐ-CP: data already
    held by the State is not asked again; the number came from the identity provider, not from the person)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    identity = (
        ExternalIdentity.objects.filter(user=user)
        .exclude(id_number="")
        .order_by("-last_login_at", "-pk")
        .values_list("id_number", flat=True)
        .first()
    )
    return identity or ""


def assured_identity_exists(*, user) -> bool:
    """Whether the account signed in through a provider with a verified level of assurance (766 indicator 4.5's
    "account authenticated with VNeID")."""
    return ExternalIdentity.objects.filter(user=user).exclude(acr="").exists()
