"""Public status look-up (`/tra-cuu/`): dossier code + last four digits of the applicant's phone.

TT 01/2018 art 19 and ND 61/2018 art 12: anyone holding the receipt can follow the dossier by its code. The
second factor keeps strangers from reading a dossier by guessing codes, and attempts are limited per client
address and per code; a wrong factor and an unknown code give the same answer, so the page never tells whether
a code exists. The look-up is a POST (with CSRF): the phone digits never appear in a URL or a server log.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core import ratelimit, replica
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.public import public_view

from ..forms.track import TrackForm

logger = logging.getLogger("motcua.portal.track")


def track_limit() -> ratelimit.Limit:
    attempts, window = getattr(settings, "MOTCUA_TRACK_LIMIT", (10, 600))
    return ratelimit.Limit(attempts=int(attempts), window_seconds=int(window))


def _find(code: str, digits: str) -> tuple[Dossier, list[DossierEvent]] | None:
    dossier = dossier_selectors.dossier_get_public(code=code, phone_last4=digits)
    if dossier is None:
        return None
    return dossier, list(dossier_selectors.dossier_history(dossier=dossier))


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    limit = track_limit()
    context: dict = {"limit_minutes": limit.window_seconds // 60}
    if request.method == "GET":
        initial = {"ma": (request.GET.get("ma") or "").strip()[:64]}
        form = TrackForm(initial=initial)
        if initial["ma"]:  # came from the receipt's QR code: only the digits are left to type
            form.fields["so"].widget.attrs["autofocus"] = True
        context["form"] = form
        return render(request, "portal/track.html", context)

    form = TrackForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "portal/track.html", context, status=400)
    code, digits = form.cleaned_data["ma"], form.cleaned_data["so"]
    ip = ratelimit.client_ip(request)
    if ratelimit.is_limited("track-ip", ip, limit=limit) or ratelimit.is_limited("track-code", code, limit=limit):
        logger.warning("portal.track.limited")
        context["limited"] = True
        return render(request, "portal/track.html", context, status=429)

    # from the read replica when there is one, from the primary when the replica does not have it (yet)
    found = replica.first_found(lambda: _find(code, digits))
    if found is None:
        ratelimit.record_attempt("track-ip", ip, limit=limit)
        ratelimit.record_attempt("track-code", code, limit=limit)
        logger.info("portal.track.miss")
        context["not_found"] = True
        return render(request, "portal/track.html", context, status=404)

    dossier, events = found
    context["view"] = public_view(dossier, events)
    context["form"] = TrackForm(initial={"ma": code})
    return render(request, "portal/track.html", context)
