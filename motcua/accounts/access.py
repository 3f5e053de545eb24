"""Who counts as an officer, and the view decorator that keeps everyone else out of officer pages.

One rule for every officer screen (console, reform, scorecard): a signed-in, active account of kind officer, or a
superuser. Citizens get a friendly 403, anonymous visitors the login. Scoping of each dossier or record is done by
the selectors of its app (`dossier_get_for_officer`, `officer_units`); this only keeps non-officers out.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .choices import UserKind
from .models import User

FORBIDDEN_TEMPLATE = "console/forbidden.html"


def is_officer(user: User | AnonymousUser) -> bool:
    """The one "active officer" rule."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    return bool(user.is_active and (user.kind == UserKind.OFFICER or user.is_superuser))


View = Callable[..., HttpResponse]


def officer_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(request.user):
            return render(request, FORBIDDEN_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return wrapper
