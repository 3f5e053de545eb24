"""Writes to accounts. Every caller (views, admin, commands, tests) goes through these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .choices import UserKind
from .models import Membership, User

if TYPE_CHECKING:  # accounts sits beside units: the name is only needed for the checker
    from motcua.units.models import Unit


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    kind: str = UserKind.OFFICER,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        kind=kind,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: str) -> Membership:
    """Give `user` the `role` in `unit` (idempotent: re-activates a revoked membership)."""
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def membership_revoke(*, user: User, unit: Unit, role: str) -> None:
    Membership.objects.filter(user=user, unit=unit, role=role).update(is_active=False)


@transaction.atomic
def user_profile_update(*, user: User, full_name: str, id_number: str = "", phone: str = "", address: str = "") -> User:
    """A citizen edits their own profile (name, ID number, phone, address); the next online form starts from it."""
    user.full_name = " ".join(full_name.split())
    user.id_number = id_number
    user.phone = phone
    user.address = " ".join(address.split())
    user.full_clean()
    user.save(update_fields=["full_name", "id_number", "phone", "address"])
    return user
