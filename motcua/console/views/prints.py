"""Printable official forms, TT 03/2025/TT-VPCP Appendix I (earlier TT 01/2018 art 9): 01–06 per dossier,
07 (Sổ theo dõi hồ sơ) per unit and year. Each form reads the dossier's own rows and history events; the
numbering, dates and results are the ones the dossier services stored.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.access import officer_required
from motcua.accounts.selectors import officer_units
from motcua.catalog.choices import TimeUnit
from motcua.dossiers import official_forms
from motcua.dossiers.choices import Action, DeliveryMethod, DocumentKind, StepKind
from motcua.dossiers.selectors import dossier_due_provisional_years, dossier_history, dossier_register_for_officer
from motcua.esign.form_sheets import E_SIGNATURE_NOTE, E_SIGNATURE_NOTE_OTHER
from motcua.workdays.calendar import VN_TZ

from .. import presenters
from .dossier import _get

TEMPLATES = {
    "01": "forms/01_receipt.html",
    "02": "forms/02_supplement.html",
    "03": "forms/03_refusal.html",
    "04": "forms/04_extension.html",
    "05": "forms/05_stop.html",
    "06": "forms/06_control.html",
}
REGISTER_PAGE = 100
# Forms issued as a signed A5 PDF (`views.form_pdf`).
PDF_FORMS = ("01", "02", "03")


def _moment(value):
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _presented_names(dossier, events) -> list[str]:
    received = presenters.last_event(events, Action.RECEIVE)
    ids = set((received.data or {}).get("presented", [])) if received else set()
    uploaded = [d for d in dossier.documents.all() if d.kind == DocumentKind.COMPONENT]
    ids |= {d.required_document_id for d in uploaded if d.required_document_id}
    names = [doc.name for doc in dossier.procedure.documents.order_by("order") if doc.pk in ids]
    names += [d.name for d in uploaded if not d.required_document_id]
    return names


def _applicant(dossier) -> dict:
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }


def _submitter(dossier) -> dict:
    """The authorised person / person submitting for the applicant (form 01 of TT 03/2025), or empty values."""
    return {
        "name": dossier.submitter_name,
        "id_number": dossier.submitter_id_number,
        "phone": dossier.submitter_phone,
        "authorisation": dossier.submitter_authorisation,
    }


def _collect_at(dossier) -> str:
    """Item 6 of form 01: where the applicant registered to collect the result (stored at reception)."""
    if dossier.result_delivery == DeliveryMethod.POST:
        return _("By post to: %(address)s") % {"address": dossier.result_address}
    if dossier.result_delivery == DeliveryMethod.ELECTRONIC:
        return _("Electronically (online account or email)")
    return dossier.receiving_unit.name


def form_context(request, dossier, number: str) -> dict:
    """What forms 01–06 print for `dossier` (Http404 when the dossier has no such form yet); shared by the HTML
    sheet and the signed PDF (`views.form_pdf`)."""
    events = list(dossier_history(dossier=dossier))
    context = {
        **presenters.header_context(dossier.receiving_unit),
        "dossier": dossier,
        "code": dossier.code,
        "procedure": dossier.procedure,
        "subject": dossier.subject or dossier.procedure.name,
        "applicant": _applicant(dossier),
        "officer": request.user,
        "today": timezone.now(),
        "submitter": _submitter(dossier),
        "authorised_heading": official_forms.AUTHORISED_HEADING,
        "e_signature_note": E_SIGNATURE_NOTE,
        "e_signature_note_other": E_SIGNATURE_NOTE_OTHER,
    }
    if number == "01":
        receive = presenters.last_event(events, Action.RECEIVE)
        if dossier.received_at is None:
            raise Http404
        context.update(
            documents=_presented_names(dossier, events),
            time_limit_unit=TimeUnit(dossier.time_limit_unit).label if dossier.time_limit_unit else "",
            receiver=receive.actor if receive else None,
            collect_at=_collect_at(dossier),
            qr=presenters.qr_svg(presenters.status_url(request, dossier.code)),
            status_url=presenters.status_url(request, dossier.code),
            today=dossier.received_at,
            provisional_years=dossier_due_provisional_years(dossier=dossier),
            commitment=official_forms.commitment_wording(dossier),
            commitment_label=official_forms.COMMITMENT_LABEL,
        )
    elif number == "02":
        event = presenters.last_event(events, Action.REQUEST_SUPPLEMENT)
        if event is None:
            raise Http404
        context.update(
            items=(event.data or {}).get("items", []),
            reason=event.reason,
            today=event.created_at,
            officer=event.actor,
            contact_phone=_contact_phone(event.actor),
            issuing_unit=event.unit or dossier.receiving_unit,
        )
    elif number == "03":
        event = presenters.last_event(events, Action.REFUSE_RECEPTION, Action.REJECT)
        if event is None:
            raise Http404
        if event.action == Action.REJECT and event.unit_id:  # issued by the agency that refused to settle it
            context.update(presenters.header_context(event.unit))
        context.update(
            reason=event.reason,
            today=event.created_at,
            officer=event.actor,
            refusal=official_forms.refusal_wording(
                action=event.action, unit_name=event.unit.name if event.unit_id else ""
            ),
            refusal_closing=official_forms.FORM_03_CLOSING,
            issuing_unit=event.unit or dossier.receiving_unit,
        )
    elif number == "04":
        event = presenters.last_event(events, Action.EXTEND)
        if event is None:
            raise Http404
        data = event.data or {}
        context.update(
            reason=event.reason,
            today=event.created_at,
            old_due_at=_moment(data.get("old_due_at")),
            new_due_at=_moment(data.get("new_due_at")),
            signer=event.actor,
        )
    elif number == "05":
        event = presenters.last_event(events, Action.STOP)
        if event is None:
            raise Http404
        context.update(reason=event.reason, today=event.created_at, officer=event.actor)
    else:
        steps = list(dossier.steps.select_related("unit", "officer").order_by("seq"))
        lead = [s for s in steps if s.kind == StepKind.PROCESSING and s.is_lead]
        coordinating = {s.unit.name for s in steps if s.kind != StepKind.RECEPTION and not s.is_lead}
        context.update(
            rows=presenters.control_rows(dossier, steps, events),
            lead_unit=lead[0].unit if lead else None,
            coordinating=sorted(coordinating),
        )
    return context


def _contact_phone(officer) -> str:
    """Form 02's "liên hệ với … số điện thoại …" (TT 03/2025 Mẫu số 02): the guiding officer's phone."""
    return (getattr(officer, "phone", "") or "").strip()


@officer_required
def dossier_form(request, code: str, number: str):
    if number not in TEMPLATES:
        raise Http404
    dossier = _get(request, code)
    context = form_context(request, dossier, number)
    context.update(pdf_available=number in PDF_FORMS, form_number=number)
    return render(request, TEMPLATES[number], context)


@officer_required
def register(request):
    """Form 07, Sổ theo dõi hồ sơ: per receiving unit and year, numbered continuously by the register counter."""
    units = list(officer_units(officer=request.user))
    if not units:
        return render(request, "console/forbidden.html", {"no_units": True}, status=403)
    by_id = {str(u.pk): u for u in units}
    unit = by_id.get(request.GET.get("don_vi", ""), units[0])
    this_year = timezone.now().astimezone(VN_TZ).year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    rows = dossier_register_for_officer(officer=request.user, unit=unit, year=year)
    page = Paginator(rows, REGISTER_PAGE).get_page(request.GET.get("page"))
    context = {
        **presenters.header_context(unit),
        "units": units,
        "unit": unit,
        "year": year,
        "years": list(range(this_year, this_year - 6, -1)),
        "page": page,
        "today": timezone.now(),
    }
    return render(request, "forms/07_register.html", context)
