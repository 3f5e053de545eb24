"""The forms of the dossier actions offered on the console and the service each one calls.

Which actions an officer may take now is `motcua.dossiers.selectors.dossier_actions_for_officer` (the same
permission check the services run); this module only translates form input into service arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from motcua.accounts.choices import Role
from motcua.accounts.selectors import membership_list_for_unit
from motcua.dossiers import services
from motcua.dossiers.choices import Action
from motcua.dossiers.documents import Upload
from motcua.units.choices import AGENCY_KINDS
from motcua.units.selectors import agency_list, unit_province

from . import forms

A = Action

# Actions shown as the main (primary) step of the state.
PRIMARY = {A.RECEIVE, A.FORWARD, A.APPRAISE, A.APPROVE, A.SIGN, A.DELIVER, A.SUPPLEMENT_RECEIVED, A.RESUME}


def _agencies_near(dossier):
    province = unit_province(dossier.receiving_unit)
    return list(agency_list(within=province, kinds=AGENCY_KINDS).exclude(pk=dossier.current_unit_id))


@dataclass
class Spec:
    form: type
    call: Callable  # (officer, dossier, version, form) -> Dossier
    kwargs: Callable | None = None  # (dossier, unit_id) -> form kwargs
    files: bool = False


def _upload(form, field="file") -> list[Upload]:
    file = form.cleaned_data.get(field)
    return [Upload(file=file, name=file.name)] if file else []


def _people(dossier, unit_id):
    members = membership_list_for_unit(unit_id=unit_id)
    seen, people = set(), []
    for m in members:
        if m.role in (Role.SPECIALIST, Role.UNIT_LEADER) and m.user_id not in seen:
            seen.add(m.user_id)
            people.append(m.user)
    return {"people": people}


def _documents(dossier, unit_id):
    return {"documents": list(dossier.procedure.documents.order_by("order"))}


def _units(dossier, unit_id):
    return {"units": _agencies_near(dossier)}


S = services
SPECS: dict[str, Spec] = {
    A.RECEIVE: Spec(
        forms.ReceiveForm,
        lambda o, d, v, f: S.dossier_receive(
            officer=o,
            dossier=d,
            expected_version=v,
            presented_document_ids=[int(x) for x in f.cleaned_data["presented"]],
        ),
        _documents,
    ),
    A.REFUSE_RECEPTION: Spec(
        forms.ReasonForm,
        lambda o, d, v, f: S.dossier_refuse_reception(
            officer=o, dossier=d, expected_version=v, reason=f.cleaned_data["reason"]
        ),
    ),
    A.REQUEST_SUPPLEMENT: Spec(
        forms.SupplementForm,
        lambda o, d, v, f: S.dossier_request_supplement(
            officer=o, dossier=d, expected_version=v, items=f.cleaned_data["items"], reason=f.cleaned_data["reason"]
        ),
    ),
    A.SUPPLEMENT_RECEIVED: Spec(
        forms.FileForm,
        lambda o, d, v, f: S.dossier_supplement_received(
            officer=o, dossier=d, expected_version=v, documents=_upload(f)
        ),
        files=True,
    ),
    A.FORWARD: Spec(
        forms.ForwardForm,
        lambda o, d, v, f: S.dossier_forward(
            officer=o, dossier=d, expected_version=v, to_units=f.targets(), note=f.cleaned_data["note"]
        ),
        _units,
    ),
    A.FINISH_PART: Spec(
        forms.NoteForm,
        lambda o, d, v, f: S.dossier_finish_part(officer=o, dossier=d, expected_version=v, note=f.cleaned_data["note"]),
    ),
    A.ASSIGN: Spec(
        forms.AssignForm,
        lambda o, d, v, f: S.dossier_assign(
            officer=o, dossier=d, expected_version=v, specialist=f._people[f.cleaned_data["specialist"]]
        ),
        _people,
    ),
    A.CONSULT: Spec(
        forms.ConsultForm,
        lambda o, d, v, f: S.dossier_consult(
            officer=o,
            dossier=d,
            expected_version=v,
            unit=f.unit_of(f.cleaned_data["unit"]),
            question=f.cleaned_data["question"],
            budget_days=f.cleaned_data["budget_days"],
        ),
        _units,
    ),
    A.CONSULT_REPLY: Spec(
        forms.AnswerForm,
        lambda o, d, v, f: S.dossier_consult_reply(
            officer=o, dossier=d, expected_version=v, answer=f.cleaned_data["answer"]
        ),
    ),
    A.APPRAISE: Spec(
        forms.AppraiseForm,
        lambda o, d, v, f: S.dossier_appraise(
            officer=o, dossier=d, expected_version=v, opinion=f.cleaned_data["opinion"]
        ),
    ),
    A.RETURN_FOR_REWORK: Spec(
        forms.ReasonForm,
        lambda o, d, v, f: S.dossier_return_for_rework(
            officer=o, dossier=d, expected_version=v, reason=f.cleaned_data["reason"]
        ),
    ),
    A.APPROVE: Spec(
        forms.NoteForm,
        lambda o, d, v, f: S.dossier_approve(officer=o, dossier=d, expected_version=v, note=f.cleaned_data["note"]),
    ),
    A.SIGN: Spec(
        forms.FileForm,
        lambda o, d, v, f: S.dossier_sign(officer=o, dossier=d, expected_version=v, results=_upload(f)),
        files=True,
    ),
    A.REJECT: Spec(
        forms.ReasonForm,
        lambda o, d, v, f: S.dossier_reject(officer=o, dossier=d, expected_version=v, reason=f.cleaned_data["reason"]),
    ),
    A.REQUEST_PAYMENT: Spec(
        forms.AmountForm,
        lambda o, d, v, f: S.dossier_request_payment(
            officer=o, dossier=d, expected_version=v, amount=f.cleaned_data["amount"]
        ),
    ),
    A.RECORD_PAYMENT: Spec(
        forms.PaymentForm,
        lambda o, d, v, f: S.dossier_record_payment(
            officer=o,
            dossier=d,
            expected_version=v,
            method=f.cleaned_data["method"],
            exempt=f.cleaned_data["exempt"],
        ),
    ),
    A.SUSPEND: Spec(
        forms.ReasonForm,
        lambda o, d, v, f: S.dossier_suspend(officer=o, dossier=d, expected_version=v, reason=f.cleaned_data["reason"]),
    ),
    A.RESUME: Spec(
        forms.NoteForm,
        lambda o, d, v, f: S.dossier_resume(officer=o, dossier=d, expected_version=v, note=f.cleaned_data["note"]),
    ),
    A.EXTEND: Spec(
        forms.ExtendForm,
        lambda o, d, v, f: S.dossier_extend(
            officer=o, dossier=d, expected_version=v, new_due_at=f.new_due_at(), apology=f.cleaned_data["apology"]
        ),
    ),
    A.REQUEST_WITHDRAWAL: Spec(
        forms.NoteForm,
        lambda o, d, v, f: S.dossier_request_withdrawal(
            officer=o, dossier=d, expected_version=v, reason=f.cleaned_data["note"]
        ),
    ),
    A.STOP: Spec(
        forms.ReasonForm,
        lambda o, d, v, f: S.dossier_stop(officer=o, dossier=d, expected_version=v, reason=f.cleaned_data["reason"]),
    ),
    A.NOTIFY_EARLY_RETURN: Spec(
        forms.NoteForm,
        lambda o, d, v, f: S.dossier_notify_early_return(
            officer=o, dossier=d, expected_version=v, note=f.cleaned_data["note"]
        ),
    ),
    A.DELIVER: Spec(
        forms.DeliverForm,
        lambda o, d, v, f: S.dossier_deliver(
            officer=o,
            dossier=d,
            expected_version=v,
            method=f.cleaned_data["method"],
            tracking_number=f.cleaned_data["tracking_number"],
        ),
    ),
}


def build_form(action: str, *, dossier, unit_id: int | None, data=None, files=None):
    spec = SPECS[action]
    kwargs = spec.kwargs(dossier, unit_id) if spec.kwargs else {}
    return spec.form(data=data, files=files, prefix=action, **kwargs)
