"""Demo-only page (issue 17): the one-time sign-in codes sent to the demo's addresses, and the try-me dossiers to
look up at /tra-cuu/. A 404 unless the demo outbox is on (`motcua.core.demo_outbox.enabled`: never in production).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core import demo_outbox
from motcua.simulation import tryme


def demo_codes(request: HttpRequest) -> HttpResponse:
    if not demo_outbox.enabled():
        raise Http404
    return render(
        request,
        "portal/demo_codes.html",
        {
            "outbox": demo_outbox.read(tryme.DEMO_SIGNIN_ADDRESSES),
            "addresses": tryme.DEMO_SIGNIN_ADDRESSES,
            "dossiers": tryme.try_me_dossiers(),
        },
    )
