"""The home page (what citizens come for first) and the public statistics page (`/thong-ke/`), issue 17.

Views stay thin: the figures come from `public_stats` (cached daily, aggregates only), the life events from the
catalogue selectors, the hotline and contact block from settings (`MOTCUA_HOTLINE`, `MOTCUA_CONTACT_EMAIL`,
`MOTCUA_CONTACT_ADDRESS`, `MOTCUA_CONTACT_HOURS`, one installation each).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog import selectors as catalog_selectors
from motcua.core.replica import reading_from_replica

from .. import public_stats

LIFE_EVENTS_ON_HOME = 8


def contact() -> dict[str, str]:
    return {
        "hotline": getattr(settings, "MOTCUA_HOTLINE", ""),
        "email": getattr(settings, "MOTCUA_CONTACT_EMAIL", ""),
        "address": getattr(settings, "MOTCUA_CONTACT_ADDRESS", ""),
        "hours": getattr(settings, "MOTCUA_CONTACT_HOURS", ""),
    }


def home(request: HttpRequest) -> HttpResponse:
    procedures, measured = public_stats.most_used_procedures()
    events = sorted(
        (e for e in catalog_selectors.life_event_list() if e.procedure_count),
        key=lambda e: (-e.procedure_count, e.name),
    )[:LIFE_EVENTS_ON_HOME]
    return render(
        request,
        "portal/home.html",
        {"procedures": procedures, "measured": measured, "events": events, "contact": contact()},
    )


def statistics(request: HttpRequest) -> HttpResponse:
    province = public_stats.installation_province()
    if province is None:
        return render(request, "portal/statistics.html", {"no_province": True})
    units = public_stats.public_units(province)
    chosen = request.GET.get("don-vi", "")
    unit = next((u for u in units if str(u.pk) == chosen), None)
    bad_choice = bool(chosen) and unit is None
    unit = unit or province
    with reading_from_replica():  # aggregate figures: a few seconds old is fine (motcua.core.replica)
        stats = public_stats.public_statistics(unit=unit)
    return render(
        request,
        "portal/statistics.html",
        {
            "units": units,
            "unit": unit,
            "stats": stats,
            "bad_choice": bad_choice,
            "linkable": {u.pk for u in units},
        },
    )
