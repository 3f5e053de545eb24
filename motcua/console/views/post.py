"""Send the result by post through VNPost from the officer dossier page (motcua.integrations.post): the order is
built from the dossier, the tracking number comes back from VNPost, and the result is recorded as returned when
VNPost reports it delivered. Without the link, the "Return the result" action keeps the manual fallback."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.dossiers.errors import DossierError, DossierPermissionDenied
from motcua.integrations.post.models import Shipment
from motcua.integrations.post.services import shipment_create, shipment_offered


def post_context(dossier) -> dict:
    return {
        "can_ship": shipment_offered(dossier=dossier),
        "shipments": list(Shipment.objects.filter(dossier=dossier).order_by("created_at")),
    }


@officer_required
@require_POST
def dossier_ship(request, code: str):
    from .dossier import _get, _render

    dossier = _get(request, code)
    try:
        shipment = shipment_create(officer=request.user, dossier=dossier)
    except DossierPermissionDenied:
        messages.error(request, _("You may not send this dossier's result."))
        return _render(request, dossier, status=403)
    except DossierError:
        messages.error(request, _("The postal service did not accept the shipment. Try again later."))
        return _render(request, dossier, status=400)
    messages.success(request, _("Shipment created; tracking number %(number)s.") % {"number": shipment.tracking_number})
    return redirect("console:dossier", code=dossier.code)
