"""Password sign-in throttling: after N failures for one user name from one address (or 4N for one user name
from anywhere), further attempts are refused for a cool-down period, whatever the password.

Counters live in Django's cache through `motcua.core.ratelimit` (keyed hashes: user names and addresses are not
stored in clear). Settings: `MOTCUA_LOGIN_ATTEMPTS` (default 5) and `MOTCUA_LOGIN_LOCKOUT_SECONDS` (default 900).
The backend guards every password entry point (sign-in page, admin); the form only shows why. Django's plain
`ModelBackend` stays listed after it so sessions opened by one-time codes and SSO (which name that backend)
stay valid; a failed password stops at the throttled backend and is never checked twice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.core import ratelimit

from .models import User


def login_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    attempts = int(getattr(settings, "MOTCUA_LOGIN_ATTEMPTS", 5))
    seconds = int(getattr(settings, "MOTCUA_LOGIN_LOCKOUT_SECONDS", 900))
    return ratelimit.Limit(attempts, seconds), ratelimit.Limit(attempts * 4, seconds)


def _keys(request: HttpRequest | None, username: str) -> tuple[str, str]:
    name = (username or "").strip().casefold()
    address = ratelimit.client_ip(request) if request is not None else "unknown"
    return f"{name}|{address}", name


def is_locked(request: HttpRequest | None, username: str) -> bool:
    pair, name = _keys(request, username)
    per_address, per_name = login_limits()
    return ratelimit.is_limited("login", pair, limit=per_address) or ratelimit.is_limited(
        "login-name", name, limit=per_name
    )


class ThrottledModelBackend(ModelBackend):
    """Django's model backend with the failure counters above; a locked pair is refused before the password is
    checked (so a correct password during the lock-out does not reveal itself either)."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None:
            username = kwargs.get(self.user_model_field_name(), "")
        if is_locked(request, username or ""):
            raise PermissionDenied("sign-in locked")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        pair, name = _keys(request, username or "")
        per_address, per_name = login_limits()
        if user is None:
            ratelimit.record_attempt("login", pair, limit=per_address)
            ratelimit.record_attempt("login-name", name, limit=per_name)
            raise PermissionDenied("wrong credentials")  # stop here: the plain ModelBackend below must not retry
        else:
            ratelimit.reset("login", pair)
        return user

    @staticmethod
    def user_model_field_name() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form, saying plainly when the account is locked for a while."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and is_locked(self.request, username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": max(1, login_limits()[0].window_seconds // 60)},
            )
        return super().clean()
