"""One dossier for an officer: status, due dates, steps, timeline, documents, fees and the allowed actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.access import officer_required
from motcua.dossiers.choices import Action, FeeStatus
from motcua.dossiers.errors import DossierError, DossierNotFound
from motcua.dossiers.selectors import (
    dossier_acting_unit_for_officer,
    dossier_actions_for_officer,
    dossier_due_provisional_years,
    dossier_get_for_officer,
    dossier_history,
    dossier_late_units,
)
from motcua.dossiers.services import file_response

from .. import actions
from ..presenters import STATUS_TONE, due_soon_limit, due_state
from .eresult import eresult_context
from .post import post_context

# Forms printable from the dossier page, and the event that makes each one relevant (None: always; RECEIVED: once
# the dossier was received — an online dossier still waiting for reception, or one refused at the counter, has no
# receipt and form 01 of it is a 404, the every-page crawl found such a link on simulated dossiers).
RECEIVED = "received"
FORMS = [
    ("01", gettext_lazy("Form 01 — receipt and appointment"), RECEIVED),
    ("02", gettext_lazy("Form 02 — supplement request"), Action.REQUEST_SUPPLEMENT),
    ("03", gettext_lazy("Form 03 — refusal"), (Action.REFUSE_RECEPTION, Action.REJECT)),
    ("04", gettext_lazy("Form 04 — apology and extension"), Action.EXTEND),
    ("05", gettext_lazy("Form 05 — stop notice"), Action.STOP),
    ("06", gettext_lazy("Form 06 — process control sheet"), None),
]


def _printable(needs, *, dossier, done: set) -> bool:
    if needs is None:
        return True
    if needs == RECEIVED:
        return dossier.received_at is not None
    return bool(done & ({needs} if isinstance(needs, str) else set(needs)))


def _get(request, code: str):
    try:
        return dossier_get_for_officer(officer=request.user, code=code)
    except DossierNotFound:
        raise Http404 from None


def _render(request, dossier, *, bound: dict | None = None, status: int = 200, eresult_form=None):
    events = list(dossier_history(dossier=dossier))
    steps = list(dossier.steps.select_related("unit", "officer").order_by("seq"))
    now = timezone.now()
    available = dossier_actions_for_officer(officer=request.user, dossier=dossier)
    forms = []
    for action, unit_id in available:
        form = (bound or {}).get(action) or actions.build_form(action, dossier=dossier, unit_id=unit_id)
        forms.append(
            {
                "action": action,
                "label": Action(action).label,
                "form": form,
                "primary": action in actions.PRIMARY,
                "multipart": actions.SPECS[action].files,
            }
        )
    forms.sort(key=lambda item: actions.action_rank(item["action"]))  # the officer's next step first, opened
    for index, item in enumerate(forms):
        item["open"] = item["form"].is_bound or (index == 0 and item["primary"])
    done = {event.action for event in events}
    printable = [(number, label) for number, label, needs in FORMS if _printable(needs, dossier=dossier, done=done)]
    context = {
        "dossier": dossier,
        "events": events,
        "steps": steps,
        "late_steps": {s.pk for s in dossier_late_units(dossier=dossier)},
        "documents": list(dossier.documents.select_related("required_document").order_by("id")),
        "action_forms": forms,
        "printable": printable,
        "due_state": due_state(dossier, now=now, soon=due_soon_limit(now)),
        "status_tone": STATUS_TONE.get(dossier.status, "info"),
        "fee_due": dossier.fee_status == FeeStatus.DUE,
        "provisional_years": dossier_due_provisional_years(dossier=dossier),
        "just_received": request.GET.get("moi") == "1",
        **eresult_context(request, dossier),
        **post_context(dossier),
    }
    if eresult_form is not None:
        context["eresult_form"] = eresult_form
    return render(request, "console/dossier.html", context, status=status)


@officer_required
def dossier_detail(request, code: str):
    return _render(request, _get(request, code))


@officer_required
@require_POST
def dossier_action(request, code: str, action: str):
    """Run one action through its service; a refusal or a concurrent update comes back as the service's message."""
    dossier = _get(request, code)
    if action not in actions.SPECS:
        raise Http404
    try:
        version = int(request.POST.get("expected_version", ""))
    except ValueError:
        messages.error(request, _("The form is out of date. Reload the page and try again."))
        return redirect("console:dossier", code=dossier.code)
    unit_id = dossier_acting_unit_for_officer(officer=request.user, dossier=dossier, action=action)
    form = actions.build_form(action, dossier=dossier, unit_id=unit_id, data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            actions.SPECS[action].call(request.user, dossier, version, form)
        except ValidationError as error:  # rejected upload
            form.add_error(None, error)
        except DossierError as error:
            messages.error(request, str(error.message))
            dossier.refresh_from_db()
            return _render(request, dossier, bound={action: form}, status=409 if error.code == "stale" else 400)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
            return redirect("console:dossier", code=dossier.code)
    messages.error(request, _("Please correct the errors below."))
    return _render(request, dossier, bound={action: form}, status=400)


@officer_required
def document_download(request, code: str, document_id: int):
    """Files are served only through this scoped view, never from a public media URL."""
    dossier = _get(request, code)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404
    return file_response(document, stem=f"{dossier.code}-{document.pk}")
