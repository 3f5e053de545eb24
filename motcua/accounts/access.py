"""Who counts as an officer, and the view decorator that keeps everyone else out of officer pages.

One rule for every officer screen (console, reform, scorecard): a signed-in, active account of kind officer, or a
superuser. Citizens get a friendly 403, anonymous visitors the login. Scoping of each dossier or record is done by
the selectors of its app (`dossier_get_for_officer`, `officer_units`); this only keeps non-officers out.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .choices import UserKind

FORBIDDEN_TEMPLATE = "console/forbidden.html"


def is_officer(user) -> bool:
    """The one "active officer" rule."""
    return bool(user.is_authenticated and user.is_active and (user.kind == UserKind.OFFICER or user.is_superuser))


def officer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(request.user):
            return render(request, FORBIDDEN_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return wrapper
