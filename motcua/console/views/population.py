"""Counter officers look a citizen up in the national population database and prefill the intake form.

The answer is held in the officer's session only (keyed by the look-up's request id, never in a URL or a log)
until the intake form takes it; the look-up itself is registered by `integrations.dancu.services`.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import officer_required
from motcua.integrations.dancu.conf import dancu_settings
from motcua.integrations.dancu.services import PopulationLookupError, population_lookup

from ..forms.population import PopulationLookupForm
from .intake import PREFILL_SESSION_KEY as SESSION_KEY
from .intake import _counter_units, _procedure


@never_cache
@officer_required
@require_http_methods(["GET", "POST"])
def population_lookup_page(request):
    units = _counter_units(request.user)
    if not units:
        return render(request, "console/forbidden.html", {"no_counter": True}, status=403)
    source = request.POST if request.method == "POST" else request.GET
    procedure = _procedure(source.get("procedure"))
    context = {"procedure": procedure, "enabled": dancu_settings().configured, "citizen": None, "not_found": False}
    if request.method == "POST":
        form = PopulationLookupForm(request.POST)
        if form.is_valid() and context["enabled"]:
            data = form.cleaned_data
            try:
                result = population_lookup(
                    officer=request.user,
                    id_number=data["id_number"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    purpose=data["purpose"],
                    consent_method=data["consent_method"],
                )
            except PopulationLookupError as error:
                form.add_error(None, str(error.message))
            else:
                if result.citizen is None:
                    context["not_found"] = True
                else:
                    held = request.session.get(SESSION_KEY) or {}
                    held = dict(list(held.items())[-4:])  # a few at most: the counter serves one person at a time
                    held[str(result.lookup.request_id)] = {
                        "id_number": result.citizen.id_number,
                        "full_name": result.citizen.full_name,
                        "permanent_address": result.citizen.permanent_address,
                    }
                    request.session[SESSION_KEY] = held
                    context["citizen"] = result.citizen
                    context["request_id"] = str(result.lookup.request_id)
    else:
        form = PopulationLookupForm()
    context["form"] = form
    status = 400 if form.errors else 200
    return render(request, "console/population_lookup.html", context, status=status)
