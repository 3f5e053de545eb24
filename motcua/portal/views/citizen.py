"""A signed-in citizen's pages: submit online, my dossiers, one dossier with its receipt and results.

Every read goes through `selectors.*_for_applicant`, so another citizen's dossier answers 404 exactly like a
missing one. No personal data goes into URLs: dossiers are addressed by code, files by their row id.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.services import user_profile_update
from motcua.catalog.models import RequiredDocument
from motcua.datastore.selectors import stored_choices_for
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.choices import DocumentKind
from motcua.dossiers.errors import DossierError
from motcua.dossiers.public import public_view
from motcua.dossiers.services import Upload, file_response
from motcua.feedback import selectors as feedback_selectors
from motcua.feedback import services as feedback_services
from motcua.integrations.payment import selectors as payment_selectors
from motcua.integrations.payment import services as payment_services
from motcua.sso import selectors as sso_selectors

from .. import selectors, services
from ..forms.applicant import action_forms
from ..forms.submit import SubmitForm
from ..payment_csp import allow_platform_form_action

logger = logging.getLogger("motcua.portal.citizen")
citizen_required = login_required(login_url="accounts:citizen_signin")


def _initial(request, procedure) -> dict:
    draft = services.application_draft_for(user=request.user, procedure=procedure)
    if draft is not None:
        values = {name: getattr(draft, name) for name in services.FIELDS}
        values["receiving_unit"] = draft.receiving_unit_id
        return values
    user = request.user
    return {  # the citizen's profile (accounts:profile); a saved draft wins
        "applicant_name": user.full_name,
        # the profile's number, else the one the identity provider (VNeID) vouched for at sign-in
        "applicant_id_number": user.id_number or sso_selectors.identity_number_for(user=user),
        "applicant_phone": user.phone,
        "applicant_email": user.email,
        "applicant_address": user.address,
    }


def _profile_from_application(user, data) -> None:
    """Keep the applicant's name, ID, phone and address of a first dossier as the citizen's profile (a value the
    profile cannot hold, e.g. a malformed ID, is left out: the dossier itself was accepted)."""
    try:
        user_profile_update(
            user=user,
            full_name=data["applicant_name"],
            id_number=data.get("applicant_id_number") or "",
            phone=user.phone or data.get("applicant_phone") or "",
            address=data.get("applicant_address") or "",
        )
    except ValidationError:
        user.refresh_from_db()


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.procedure_for_online_submission(code)
    procedure = (
        type(procedure)
        .objects.prefetch_related(Prefetch("documents", queryset=RequiredDocument.objects.order_by("order")), "fees")
        .get(pk=procedure.pk)
    )
    units = selectors.reception_units()
    drafting = request.method == "POST" and "save_draft" in request.POST
    stored = stored_choices_for(user=request.user)
    if request.method == "POST":
        form = SubmitForm(
            request.POST, request.FILES, procedure=procedure, units=units, drafting=drafting, stored_choices=stored
        )
        if form.is_valid():
            data = form.cleaned_data
            if drafting:
                services.application_save_draft(user=request.user, procedure=procedure, data=data)
                messages.success(
                    request, _("Draft saved. Attached files are not kept: choose them again when you submit.")
                )
                return redirect("portal:submit", code=procedure.code)
            uploads = [
                Upload(file=data[name], name=data[name].name, required_document_id=document.pk)
                for name, document in form.document_fields
                if data.get(name)
            ]
            try:
                dossier = services.application_submit(
                    user=request.user,
                    procedure=procedure,
                    data=data,
                    documents=uploads,
                    stored=form.stored_selections(),
                )
            except DossierError as error:
                form.add_error(None, error.message)
            else:
                logger.info("portal.submitted", extra={"dossier_id": dossier.pk})
                if not request.user.full_name:  # a first dossier gives the account the applicant's name
                    _profile_from_application(request.user, data)
                return redirect(reverse("citizen:dossier_detail", args=[dossier.code]) + "?moi=1")
    else:
        form = SubmitForm(initial=_initial(request, procedure), procedure=procedure, units=units, stored_choices=stored)
    context = {"procedure": procedure, "form": form, "has_draft": "receiving_unit" in form.initial}
    return render(request, "portal/submit.html", context, status=400 if form.errors else 200)


@citizen_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    dossiers = list(selectors.dossier_list_for_applicant(user=request.user)[:200])
    rows = [(d, public_view(d, ())) for d in dossiers]
    return render(request, "portal/my_dossiers.html", {"rows": rows})


def _status_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("track:lookup") + "?" + urlencode({"ma": code}))


@never_cache
@citizen_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    view = public_view(dossier, dossier_selectors.dossier_history(dossier=dossier))
    documents = list(dossier.documents.order_by("id"))
    status_url = _status_url(request, dossier.code)
    context = {
        "dossier": dossier,
        "view": view,
        "components": [d for d in documents if d.kind in (DocumentKind.COMPONENT, DocumentKind.SUPPLEMENT)],
        "results": [d for d in documents if d.kind == DocumentKind.RESULT],
        "application": getattr(dossier, "online_application", None),
        "is_new": request.GET.get("moi") == "1",
        "status_url": status_url,
        "qr": segno.make(status_url, error="m").svg_inline(scale=3, border=2, dark="#000"),
    }
    context.update(action_forms(dossier, user=request.user))
    context["can_pay"] = payment_services.payment_offered(dossier=dossier)
    context["payments"] = payment_selectors.payments_for(dossier=dossier)
    context["shipments"] = list(dossier.shipments.order_by("created_at"))
    context["can_rate"] = dossier.status in feedback_services.RATEABLE and not feedback_selectors.dossier_is_rated(
        dossier=dossier
    )
    response = render(request, "portal/my_dossier.html", context)
    return allow_platform_form_action(response) if context["can_pay"] else response


@citizen_required
def document_download(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    document = selectors.document_get_for_applicant(user=request.user, code=code, document_id=document_id)
    return file_response(document, stem=f"{document.result_code or dossier_code_safe(code)}-{document.pk}")


def dossier_code_safe(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum() or ch in ".-")[:64]
