"""Pages of bundled procedures: the citizen applies once and follows each agency's part; the officer sees the
bundles of their units with each part's holder, time used against its budget, the total due and overdue flags.
Thin: parse, call one service or selector, render. Every read is scoped by `selectors`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import officer_required
from motcua.accounts.choices import Role, UserKind
from motcua.accounts.selectors import officer_units
from motcua.catalog.selectors import procedure_get_current
from motcua.dossiers.services import Upload
from motcua.units.choices import UnitKind
from motcua.units.selectors import agency_list

from . import selectors, services
from .choices import AgencyRole
from .forms import KEY_FIELD, ApplyForm, CounterIntakeForm, VerificationForm, submission_fingerprint
from .models import Bundle

citizen_required = login_required(login_url="accounts:citizen_signin")
COUNTER_ROLES = [Role.COUNTER_OFFICER, Role.ONE_STOP_MANAGER]  # who receives at the counter (as console intake)
# which form field a refusal of the service belongs to
ERROR_FIELDS = {
    "subject_date": "subject_date",
    "subject_required": "subject_name",
    "applicant_required": "applicant_name",
    "contact": "applicant_phone",
    "no_route": "receiving_unit",
    "forbidden": "receiving_unit",
}


def definition_list(request: HttpRequest) -> HttpResponse:
    return render(request, "bundles/list.html", {"definitions": selectors.definition_list()})


def _initial(user) -> dict:
    return {
        "applicant_name": user.full_name,
        "applicant_id_number": user.id_number,
        "applicant_phone": user.phone,
        "applicant_email": user.email,
        "applicant_address": user.address,
    }


def _file(request: HttpRequest, form: ApplyForm, definition, *, filed: str, **sender) -> Bundle | None:
    """The one form handler of the portal's application and the counter intake: a valid form → the bundle, once
    per form key (`services.bundle_apply_once`; `sender`: `applicant_user=` or `officer=`), with the `filed`
    message, or "already sent" for a replay. A refusal goes on the form (a refused key: with a fresh key) and
    gives None."""
    data = form.cleaned_data
    try:
        bundle, replayed = services.bundle_apply_once(
            key=data[KEY_FIELD],
            request_hash=submission_fingerprint(
                definition_code=definition.code, data=request.POST, files=request.FILES
            ),
            definition=definition,
            receiving_unit=data["receiving_unit"],
            applicant_name=data["applicant_name"],
            applicant_id_number=data["applicant_id_number"],
            applicant_phone=data["applicant_phone"],
            applicant_email=data["applicant_email"],
            applicant_address=data["applicant_address"],
            subject_name=data["subject_name"],
            subject_date=data["subject_date"],
            documents={
                component.order: [Upload(file=f, name=f.name) for f in data.get(name) or []]
                for name, component in form.component_fields
            },
            presented={component.order: data.get(name) or [] for name, component in form.presented_fields},
            **sender,
        )
    except services.BundleError as error:
        form.add_error(ERROR_FIELDS.get(error.code), error.message)
        if error.code in services.KEY_ERRORS:
            form.renew_key()
        return None
    if replayed:
        messages.info(
            request, _("This form had already been sent: bundle %(code)s was filed once.") % {"code": bundle.code}
        )
    else:
        messages.success(request, filed % {"code": bundle.code})
    return bundle


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    definition = selectors.definition_get(code)
    if request.user.kind != UserKind.CITIZEN:
        messages.error(request, _("Only a citizen's account can file a bundle."))
        return redirect("bundles:list")
    # the commune one-stop centres (commune → People's Committee → centre): liên thông is filed at the commune
    units = agency_list(kinds=[UnitKind.ONE_STOP]).filter(parent__parent__kind=UnitKind.COMMUNE)
    form = ApplyForm(
        request.POST or None, request.FILES or None, definition=definition, units=units, initial=_initial(request.user)
    )
    if request.method == "POST" and form.is_valid():
        filed = _("Your bundle %(code)s has been submitted.")
        bundle = _file(request, form, definition, filed=filed, applicant_user=request.user)
        if bundle is not None:
            return redirect("bundles:my_detail", code=bundle.code)
    context = {"definition": definition, "form": form}
    return render(request, "bundles/apply.html", context, status=400 if form.errors else 200)


@citizen_required
def my_list(request: HttpRequest) -> HttpResponse:
    bundles = [selectors.bundle_view(b) for b in selectors.bundle_list_for_applicant(user=request.user)[:100]]
    return render(request, "bundles/my_list.html", {"views": bundles})


@never_cache
@citizen_required
def my_detail(request: HttpRequest, code: str) -> HttpResponse:
    bundle = selectors.bundle_get_for_applicant(user=request.user, code=code)
    return render(request, "bundles/my_detail.html", {"view": selectors.bundle_view(bundle)})


@officer_required
def officer_list(request: HttpRequest) -> HttpResponse:
    bundles = [selectors.bundle_view(b) for b in selectors.bundle_list_for_officer(officer=request.user)[:200]]
    return render(request, "bundles/officer_list.html", {"views": bundles})


@never_cache
@officer_required
@require_http_methods(["GET", "POST"])
def officer_detail(request: HttpRequest, code: str) -> HttpResponse:
    bundle = selectors.bundle_get_for_officer(officer=request.user, code=code)
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bundle_mark_verification(officer=request.user, bundle=bundle, reason=form.cleaned_data["reason"])
        except services.BundleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Verification recorded: the total due date has moved."))
            return redirect("bundles:officer_detail", code=bundle.code)
    can_verify = not bundle.needs_verification and selectors.bundle_may_record_verification(
        officer=request.user, bundle=bundle
    )
    context = {"view": selectors.bundle_view(bundle), "form": form, "can_verify": can_verify}
    return render(request, "bundles/officer_detail.html", context, status=400 if form.errors else 200)


# --- counter intake (ND 61/2018 art 17): the officer receives a bundle for the citizen ----------------------------


def _counter_units(officer):
    return officer_units(officer=officer, roles=COUNTER_ROLES)


@never_cache
@officer_required
def counter_choose(request: HttpRequest) -> HttpResponse:
    if not _counter_units(request.user).exists():
        return render(request, "console/forbidden.html", {"no_counter": True}, status=403)
    return render(request, "bundles/counter_choose.html", {"definitions": selectors.definition_list()})


def _checklists(definition):
    """(component, its catalogue documents) for each part the receiving unit decides itself: the parts received
    at the counter there and then; the other agencies check their own part when they receive it."""
    rows = []
    for component in definition.components.filter(role=AgencyRole.RECEIVING).order_by("order"):
        procedure = procedure_get_current(component.procedure_code)
        if procedure is not None:
            rows.append((component, list(procedure.documents.order_by("order"))))
    return rows


@never_cache
@officer_required
@require_http_methods(["GET", "POST"])
def counter_intake(request: HttpRequest, code: str) -> HttpResponse:
    definition = selectors.definition_get(code)
    units = _counter_units(request.user)
    if not units.exists():
        return render(request, "console/forbidden.html", {"no_counter": True}, status=403)
    form = CounterIntakeForm(
        request.POST or None,
        request.FILES or None,
        definition=definition,
        units=units,
        checklists=_checklists(definition),
        initial={"receiving_unit": units.first()},
    )
    if request.method == "POST" and form.is_valid():
        bundle = _file(request, form, definition, filed=_("Bundle %(code)s received."), officer=request.user)
        if bundle is not None:
            return redirect("bundles:receipt", code=bundle.code)
    context = {"definition": definition, "form": form}
    return render(request, "bundles/counter_intake.html", context, status=400 if form.errors else 200)


@never_cache
@officer_required
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The bundle's receipt and appointment (form 01 of TT 01/2018 for the whole bundle): its code, the parts with
    their agencies and dossier codes, and the one total appointment."""
    bundle = selectors.bundle_get_for_officer(officer=request.user, code=code)
    return render(request, "bundles/receipt.html", {"view": selectors.bundle_view(bundle)})
