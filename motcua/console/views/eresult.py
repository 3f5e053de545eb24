"""Issue a signed electronic result (PDF, PAdES) from the officer dossier page — ND 45/2020/NĐ-CP art 14.

Who may issue is decided by `motcua.esign` (`eresult_can_issue` for the page, `eresult_issue` on submit): an
active leader of the unit that signed the result off, with a signing credential configured for that unit.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.dossiers.errors import DossierError, DossierPermissionDenied
from motcua.esign.selectors import eresult_can_issue, eresult_next_number, signed_result_codes
from motcua.esign.services import eresult_issue

from ..forms.eresult import EResultForm


def eresult_context(request, dossier) -> dict:
    """Context for the dossier page: the issue form (only for whoever may issue now) and the signed codes."""
    form = None
    if eresult_can_issue(officer=request.user, dossier=dossier):
        form = EResultForm(initial={"result_no": eresult_next_number(dossier=dossier)})
    return {"eresult_form": form, "signed_codes": signed_result_codes(dossier=dossier)}


@officer_required
@require_POST
def dossier_eresult(request, code: str):
    from .dossier import _get, _render

    dossier = _get(request, code)
    form = EResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _render(request, dossier, status=400, eresult_form=form)
    try:
        signed = eresult_issue(
            dossier=dossier,
            result_no=form.cleaned_data["result_no"],
            actor=request.user,
            decision=form.cleaned_data["decision"].strip(),
            site_url=request.build_absolute_uri("/"),
        )
    except DossierError as error:
        messages.error(request, str(error.message))
        dossier.refresh_from_db()
        return _render(request, dossier, status=403 if isinstance(error, DossierPermissionDenied) else 400)
    messages.success(request, _("Electronic result %(code)s issued and signed.") % {"code": signed.result_code})
    return redirect("console:dossier", code=dossier.code)
