"""Writes to accounts. Every caller (views, admin, commands, tests) goes through these functions."""

from __future__ import annotations

from django.db import transaction

from .choices import UserKind
from .models import User


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
