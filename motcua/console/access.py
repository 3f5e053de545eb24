"""Who may use the officer console: signed-in officers (citizens get a friendly 403, anonymous users the login).

Scoping of each dossier is done by the dossier selectors (`dossier_get_for_officer`); this only keeps citizens
and anonymous visitors out of the console as a whole.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from motcua.accounts.choices import UserKind


def is_officer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.kind == UserKind.OFFICER or user.is_superuser))


def officer_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(request.user):
            return render(request, "console/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
