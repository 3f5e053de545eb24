"""The citizen's own actions on a dossier page: withdraw, send requested documents, ask for the result by post.

POST only, each one calls one service of `motcua.dossiers.services` with the signed-in citizen as actor; the
dossier is looked up through `selectors.dossier_get_for_applicant`, so another citizen's dossier answers 404.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.datastore.selectors import stored_choices_for
from motcua.dossiers import services as dossier_services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.services import Upload

from .. import selectors, services
from ..forms.applicant import PostalForm, SupplementForm, WithdrawForm
from .citizen import citizen_required

logger = logging.getLogger("motcua.portal.applicant")


def _done(request, dossier, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("citizen:dossier_detail", code=dossier.code)


def _failed(request, dossier, form=None, error: DossierError | None = None) -> HttpResponse:
    if error is not None:
        messages.error(request, str(error.message))
    for field_errors in form.errors.values() if form is not None else ():
        for text in field_errors:
            messages.error(request, text)
    return redirect("citizen:dossier_detail", code=dossier.code)


@citizen_required
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    form = WithdrawForm(request.POST, prefix="rut")
    if not form.is_valid():
        return _failed(request, dossier, form)
    try:
        dossier_services.dossier_withdraw_by_applicant(
            applicant=request.user,
            dossier=dossier,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except DossierError as error:
        return _failed(request, dossier, error=error)
    return _done(request, dossier, _("Your withdrawal request has been sent to the one-stop centre."))


@citizen_required
@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    form = SupplementForm(
        request.POST, request.FILES, prefix="bs", stored_choices=stored_choices_for(user=request.user)
    )
    if not form.is_valid():
        return _failed(request, dossier, form)
    data = form.cleaned_data
    uploads = [Upload(file=f, name=f.name) for f in data["files"]]
    try:
        services.supplement_submit(
            user=request.user,
            dossier=dossier,
            expected_version=data["version"],
            uploads=uploads,
            stored_ids=[int(pk) for pk in data.get("stored") or ()],
            note=data["note"],
        )
    except DossierError as error:
        return _failed(request, dossier, error=error)
    return _done(request, dossier, _("The documents have been sent. Processing continues."))


@citizen_required
@require_POST
def postal(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request.user, code=code)
    form = PostalForm(request.POST, prefix="bd")
    if not form.is_valid():
        return _failed(request, dossier, form)
    try:
        services.postal_result_request(
            user=request.user,
            dossier=dossier,
            expected_version=form.cleaned_data["version"],
            address=form.cleaned_data["address"],
        )
    except DossierError as error:
        return _failed(request, dossier, error=error)
    return _done(request, dossier, _("The result will be sent to you by post."))
