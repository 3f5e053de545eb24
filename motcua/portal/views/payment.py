"""Paying a dossier's fees online: the pay button and the return page.

The pay button (POST, the signed-in applicant's own dossier) creates a payment request and sends the browser to
the payment platform. The return page shows what the platform's signed IPN (`motcua.integrations.views`)
recorded — it never marks anything paid itself.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers.errors import DossierError
from motcua.integrations.payment import services as payment_services
from motcua.integrations.payment.models import PaymentStatus

from .. import selectors
from .citizen import citizen_required

logger = logging.getLogger("motcua.portal.payment")


@citizen_required
@require_POST
def pay(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    return_url = request.build_absolute_uri(reverse("citizen:payment_return", args=[dossier.code]))
    try:
        _payment, url = payment_services.payment_start(
            dossier=dossier, return_url=return_url, ip_address=request.META.get("REMOTE_ADDR", "")
        )
    except DossierError:
        messages.error(request, _("There is no fee to pay online for this dossier."))
        return redirect("citizen:dossier_detail", code=dossier.code)
    return redirect(url)


@citizen_required
@require_GET
@never_cache
def payment_return(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    params = {key: request.GET[key] for key in request.GET if key.startswith("vnp_")}
    payment = payment_services.payment_for_return(params=params, dossier=dossier)
    if payment is None:
        outcome = "invalid"
    elif payment.status == PaymentStatus.PAID:
        outcome = "paid"
    elif payment.status == PaymentStatus.FAILED:
        outcome = "failed"
    else:
        outcome = "pending"
    return render(
        request,
        "portal/payment_return.html",
        {"dossier": dossier, "payment": payment, "outcome": outcome},
        status=400 if outcome == "invalid" else 200,
    )
