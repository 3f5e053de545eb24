"""Rating the service: the applicant online after the result is returned, and the counter's tablet (kiosk).

The kiosk page needs no sign-in and is rate-limited per client address (`portal.ratelimit`); ratings keep no
rater (ND 61/2018 art 27), so these pages never show who rated what.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core import ratelimit
from motcua.feedback import selectors as feedback_selectors
from motcua.feedback import services as feedback_services
from motcua.feedback.services import RatingError
from motcua.units.models import Unit

from .. import selectors
from ..forms.rating import KioskForm, RatingForm
from .citizen import citizen_required

KIOSK_COOKIE = "motcua_kiosk"


def kiosk_limit() -> ratelimit.Limit:
    attempts, seconds = getattr(settings, "MOTCUA_KIOSK_LIMIT", (60, 3600))
    return ratelimit.Limit(attempts, seconds)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def rate_dossier(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    if feedback_selectors.dossier_is_rated(dossier=dossier):
        return render(request, "portal/rate.html", {"dossier": dossier, "done": True})
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.rating_submit_by_applicant(
                user=request.user, dossier=dossier, answers=form.answers(), comment=form.cleaned_data["comment"]
            )
        except RatingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you for rating the service."))
            return redirect("citizen:dossier_detail", code=dossier.code)
    status = 400 if form.errors else 200
    return render(request, "portal/rate.html", {"dossier": dossier, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise Http404
    token = request.GET.get("thiet-bi", "")
    if token:  # set up once on the tablet: the registration link carries the token, the tablet keeps a cookie
        response = redirect(request.path)
        if feedback_services.kiosk_device_for_token(token=token) is not None:
            response.set_cookie(
                KIOSK_COOKIE,
                token,
                max_age=5 * 365 * 86400,
                httponly=True,
                samesite="Strict",
                secure=request.is_secure(),
            )
        return response
    form = KioskForm(request.POST or None)
    context = {"unit": unit, "form": form, "thanks": request.GET.get("cam-on") == "1"}
    if request.method == "POST":
        client = ratelimit.client_ip(request)
        if ratelimit.is_limited("kiosk", client, limit=kiosk_limit()):
            context["limited"] = True
            return render(request, "portal/kiosk.html", context, status=429)
        ratelimit.record_attempt("kiosk", client, limit=kiosk_limit())
        if form.is_valid():
            try:
                feedback_services.rating_submit_at_kiosk(
                    unit=unit,
                    device_token=request.COOKIES.get(KIOSK_COOKIE, ""),
                    answers=form.answers(),
                    dossier_code=form.cleaned_data["code"],
                    comment=form.cleaned_data["comment"],
                )
            except RatingError as error:
                form.add_error("code", error.message)
            else:
                return redirect(request.path + "?cam-on=1")
    return render(request, "portal/kiosk.html", context, status=400 if form.errors else 200)
