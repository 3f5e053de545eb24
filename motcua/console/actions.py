"""The forms of the dossier actions offered on the console and the service each one calls.

Which actions an officer may take now is `motcua.dossiers.selectors.dossier_actions_for_officer` (the same
permission check the services run); this module only translates form input into service arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

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


Arg = str | Callable  # a form field name (its cleaned value) or a function of the bound form


@dataclass(frozen=True)
class Spec:
    """One action: its form, the service it calls, how each service argument is read from the form, the extra
    form arguments (choices that depend on the dossier) and whether the form takes files."""

    form: type
    service: Callable  # services.dossier_…(officer=…, dossier=…, expected_version=…, **args)
    args: dict[str, Arg] = field(default_factory=dict)
    kwargs: Callable | None = None  # (dossier, unit_id) -> form kwargs
    files: bool = False

    def call(self, officer, dossier, version, form):
        values = {name: arg(form) if callable(arg) else form.cleaned_data[arg] for name, arg in self.args.items()}
        return self.service(officer=officer, dossier=dossier, expected_version=version, **values)


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


S, F = services, forms
REASON = {"reason": "reason"}
NOTE = {"note": "note"}
SPECS: dict[str, Spec] = {
    A.RECEIVE: Spec(
        F.ReceiveForm,
        S.dossier_receive,
        {"presented_document_ids": lambda f: [int(x) for x in f.cleaned_data["presented"]]},
        _documents,
    ),
    A.REFUSE_RECEPTION: Spec(F.ReasonForm, S.dossier_refuse_reception, REASON),
    A.REQUEST_SUPPLEMENT: Spec(F.SupplementForm, S.dossier_request_supplement, {"items": "items", **REASON}),
    A.SUPPLEMENT_RECEIVED: Spec(F.FileForm, S.dossier_supplement_received, {"documents": _upload}, files=True),
    A.FORWARD: Spec(F.ForwardForm, S.dossier_forward, {"to_units": lambda f: f.targets(), **NOTE}, _units),
    A.FINISH_PART: Spec(F.NoteForm, S.dossier_finish_part, NOTE),
    A.ASSIGN: Spec(
        F.AssignForm, S.dossier_assign, {"specialist": lambda f: f._people[f.cleaned_data["specialist"]]}, _people
    ),
    A.CONSULT: Spec(
        F.ConsultForm,
        S.dossier_consult,
        {"unit": lambda f: f.unit_of(f.cleaned_data["unit"]), "question": "question", "budget_days": "budget_days"},
        _units,
    ),
    A.CONSULT_REPLY: Spec(F.AnswerForm, S.dossier_consult_reply, {"answer": "answer"}),
    A.APPRAISE: Spec(F.AppraiseForm, S.dossier_appraise, {"opinion": "opinion"}),
    A.RETURN_FOR_REWORK: Spec(F.ReasonForm, S.dossier_return_for_rework, REASON),
    A.APPROVE: Spec(F.NoteForm, S.dossier_approve, NOTE),
    A.SIGN: Spec(F.FileForm, S.dossier_sign, {"results": _upload}, files=True),
    A.REJECT: Spec(F.ReasonForm, S.dossier_reject, REASON),
    A.REQUEST_PAYMENT: Spec(
        F.AmountForm, S.dossier_request_payment, {"amount": lambda f: Decimal(f.cleaned_data["amount"])}
    ),
    A.RECORD_PAYMENT: Spec(F.PaymentForm, S.dossier_record_payment, {"method": "method", "exempt": "exempt"}),
    A.SUSPEND: Spec(F.ReasonForm, S.dossier_suspend, REASON),
    A.RESUME: Spec(F.NoteForm, S.dossier_resume, NOTE),
    A.EXTEND: Spec(F.ExtendForm, S.dossier_extend, {"new_due_at": lambda f: f.new_due_at(), "apology": "apology"}),
    A.REQUEST_WITHDRAWAL: Spec(F.NoteForm, S.dossier_request_withdrawal, {"reason": "note"}),
    A.STOP: Spec(F.ReasonForm, S.dossier_stop, REASON),
    A.NOTIFY_EARLY_RETURN: Spec(F.NoteForm, S.dossier_notify_early_return, NOTE),
    A.DELIVER: Spec(F.DeliverForm, S.dossier_deliver, {"method": "method", "tracking_number": "tracking_number"}),
}


def build_form(action: str, *, dossier, unit_id: int | None, data=None, files=None):
    spec = SPECS[action]
    kwargs = spec.kwargs(dossier, unit_id) if spec.kwargs else {}
    return spec.form(data=data, files=files, prefix=action, **kwargs)
