"""Counter intake (ND 61/2018 art 17): pick the procedure, check the documents, receive or issue form 02/03.

Keyboard-first: the procedure search answers live (htmx) and Enter takes the highlighted result; without
JavaScript the same search is a plain GET form whose results are links.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_units
from motcua.catalog.selectors import procedure_current_queryset, procedure_search
from motcua.dossiers.choices import Channel
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_missing_documents
from motcua.dossiers.services import (
    Upload,
    dossier_receive_at_counter,
    dossier_refuse_at_counter,
    dossier_request_supplement_at_counter,
)
from motcua.integrations.dancu.conf import dancu_settings
from motcua.integrations.dancu.services import population_lookup_attach
from motcua.units.choices import UnitKind
from motcua.units.models import Unit

from ..forms import IntakeForm

COUNTER_ROLES = [Role.COUNTER_OFFICER, Role.ONE_STOP_MANAGER]
RESULTS_LIMIT = 12
PREFILL_SESSION_KEY = "motcua_dancu_prefill"


def prefill_from_session(request, request_id: str) -> dict:
    """Intake initial values from a population look-up this officer made in this session (views.population), or {}."""
    found = (request.session.get(PREFILL_SESSION_KEY) or {}).get(request_id or "")
    if not found:
        return {}
    return {
        "applicant_name": found["full_name"],
        "applicant_id_number": found["id_number"],
        "applicant_address": found["permanent_address"],
    }


def prefill_forget(request, request_id: str) -> None:
    held = request.session.get(PREFILL_SESSION_KEY) or {}
    if held.pop(request_id or "", None) is not None:
        request.session[PREFILL_SESSION_KEY] = held


def _counter_units(officer) -> list[Unit]:
    return list(officer_units(officer=officer, roles=COUNTER_ROLES))


def _unit_levels(units: list[Unit]) -> dict[int, str]:
    """ "commune" for a one-stop unit inside a commune's tree, "province" otherwise (one query)."""
    codes = {code for unit in units for code in unit.ancestor_codes}
    communes = set(Unit.objects.filter(code__in=codes, kind=UnitKind.COMMUNE).values_list("code", flat=True))
    return {unit.pk: "commune" if communes & set(unit.ancestor_codes) else "province" for unit in units}


def _units_for(procedure, units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """The officer's counters split into (at the procedure's level, elsewhere), the first being the default.

    A procedure is received at the one-stop unit of the level that decides it (ND 61/2018 art 7; since 1/7/2025
    the commune centre receives commune-level procedures, ND 118/2025 art 7): a commune-only procedure defaults
    to the officer's commune centre, a province-only one to the provincial centre. Procedures of both levels
    (and boundary-free ones) leave the order as it is.
    """
    levels = set(procedure.levels) & {"commune", "province"} if procedure else set()
    if len(levels) != 1:
        return units, []
    level_of = _unit_levels(units)
    (wanted,) = levels
    matching = [u for u in units if level_of[u.pk] == wanted]
    return (matching, [u for u in units if level_of[u.pk] != wanted]) if matching else (units, [])


def _procedure(value):
    """The current procedure with this id, or None (ids come from the browser: never trust them)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    if pk <= 0 or pk > 2**62:
        return None
    return (
        procedure_current_queryset()
        .select_related("field")
        .prefetch_related("time_limits", "fees")
        .filter(pk=pk)
        .first()
    )


def _fee_default(procedure) -> int | None:
    """The catalogue's counter fees in whole đồng (the box shows and submits this number unchanged)."""
    amounts = [f.amount for f in procedure.fees.all() if f.amount is not None and f.channel in ("all", "counter")]
    return int(sum(amounts, Decimal(0))) if amounts else None


def _search(q: str):
    q = (q or "").strip()[:100]
    if not q:
        return []
    return list(procedure_search(q=q)[:RESULTS_LIMIT])


@officer_required
def procedure_results(request):
    """htmx partial: live results of the procedure search."""
    return render(
        request,
        "console/_procedure_results.html",
        {"results": _search(request.GET.get("q", "")), "q": request.GET.get("q", "")},
    )


def _uploads(request, documents, form) -> list[Upload]:
    digitised = set(form.cleaned_data.get("digitised") or [])
    uploads = []
    for doc in documents:
        file = request.FILES.get(f"file_{doc.pk}")
        if file:
            uploads.append(
                Upload(file=file, name=file.name, required_document_id=doc.pk, digitised=str(doc.pk) in digitised)
            )
    return uploads


def _presented(form, uploads) -> set[int]:
    return {int(x) for x in form.cleaned_data.get("presented") or []} | {
        u.required_document_id for u in uploads if u.required_document_id
    }


def _intake_kwargs(form, procedure) -> dict:
    data = form.cleaned_data
    return {
        "procedure": procedure,
        "applicant_name": data["applicant_name"],
        "applicant_phone": data["applicant_phone"],
        "applicant_email": data["applicant_email"],
        "applicant_address": data["applicant_address"],
        "applicant_id_number": data["applicant_id_number"],
        "submitter_name": data["submitter_name"],
        "submitter_id_number": data["submitter_id_number"],
        "submitter_phone": data["submitter_phone"],
        "submitter_authorisation": data["submitter_authorisation"],
        "subject": data["subject"] or procedure.name,
        "channel": data["channel"],
        "presented_document_ids": sorted(int(x) for x in data["presented"]),
    }


def _details(form) -> dict:
    data = form.cleaned_data
    return {
        "result_delivery": data["result_delivery"],
        "result_address": data["result_address"],
        "sets_count": data["sets_count"],
    }


@officer_required
def intake(request):
    units = _counter_units(request.user)
    if not units:
        return render(request, "console/forbidden.html", {"no_counter": True}, status=403)
    source = request.POST if request.method == "POST" else request.GET
    procedure = _procedure(source.get("procedure") or source.get("thu_tuc"))
    q = request.GET.get("q", "")
    documents = list(procedure.documents.order_by("order")) if procedure else []
    preferred, others = _units_for(procedure, units)
    units = preferred + others
    incomplete = None
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES, units=units, others=others, documents=documents)
        if form.is_valid() and procedure is None:
            form.add_error(None, _("Choose a procedure from the list."))
        if form.is_valid():
            uploads = _uploads(request, documents, form)
            unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
            try:
                dossier = dossier_receive_at_counter(
                    officer=request.user,
                    unit=unit,
                    **_intake_kwargs(form, procedure),
                    **_details(form),
                    documents=uploads,
                    fee_amount=Decimal(form.cleaned_data["fee_amount"] or 0),
                )
            except ValidationError as error:  # a rejected upload (type, size, content)
                form.add_error(None, error)
            except DossierError as error:
                form.add_error(None, str(error.message))
                if error.code == "incomplete":
                    incomplete = dossier_missing_documents(procedure, _presented(form, uploads))
            else:
                looked_up = request.POST.get("tra_cuu", "")
                if looked_up:  # the population look-up that filled this form now names its dossier
                    population_lookup_attach(officer=request.user, request_id=looked_up, dossier=dossier)
                    prefill_forget(request, looked_up)
                messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
                return redirect(reverse("console:dossier", args=[dossier.code]) + "?moi=1")
    else:
        initial = {"unit": str(units[0].pk), "channel": Channel.COUNTER}
        if procedure:
            initial.update(procedure=procedure.pk, fee_amount=_fee_default(procedure))
        initial.update(prefill_from_session(request, request.GET.get("tra_cuu", "")))
        form = IntakeForm(initial=initial, units=units, others=others, documents=documents)
    context = {
        "form": form,
        "procedure": procedure,
        "documents": documents,
        "q": q,
        "results": _search(q) if not procedure else [],
        "incomplete": incomplete,
        "fee_default": _fee_default(procedure) if procedure else None,
        "other_level_units": others,
        "bad_procedure": bool(source.get("thu_tuc") or source.get("procedure")) and procedure is None,
        "population_enabled": dancu_settings().configured,
        "looked_up": source.get("tra_cuu", "") if prefill_from_session(request, source.get("tra_cuu", "")) else "",
    }
    return render(request, "console/intake.html", context)


@officer_required
@require_POST
def intake_notice(request, number: str):
    """Form 02 (supplement request) or 03 (refusal) for a dossier presented at the counter and not received.

    ND 61/2018 art 17.1(b)–(c): the officer hands the applicant every missing item at once, or the reasons for
    refusing. The dossier is recorded with its code and history by the dossier services, and the printed form
    comes from what was stored; a supplement brought back continues the same dossier.
    """
    if number not in ("02", "03"):
        raise Http404
    units = _counter_units(request.user)
    procedure = _procedure(request.POST.get("procedure"))
    if procedure is None or not units:
        raise Http404
    documents = list(procedure.documents.order_by("order"))
    preferred, others = _units_for(procedure, units)
    form = IntakeForm(request.POST, units=preferred + others, others=others, documents=documents)
    context = {"form": form, "procedure": procedure, "documents": documents}
    if not form.is_valid():
        return render(request, "console/intake.html", context, status=400)
    if number == "03" and not form.cleaned_data["refuse_reason"].strip():
        form.add_error("refuse_reason", _("A reason is required for this action."))
        return render(request, "console/intake.html", context, status=400)
    unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
    try:
        if number == "02":
            dossier = dossier_request_supplement_at_counter(
                officer=request.user, unit=unit, **_intake_kwargs(form, procedure), **_details(form)
            )
        else:
            dossier = dossier_refuse_at_counter(
                officer=request.user,
                unit=unit,
                **_intake_kwargs(form, procedure),
                reason=form.cleaned_data["refuse_reason"],
            )
    except DossierError as error:
        form.add_error(None, str(error.message))
        return render(request, "console/intake.html", context, status=400)
    messages.success(request, _("Dossier %(code)s recorded, not received.") % {"code": dossier.code})
    return redirect("console:dossier_form", code=dossier.code, number=number)
