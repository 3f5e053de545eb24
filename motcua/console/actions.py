"""The dossier actions offered on the console: which ones this officer may take now, their forms, and the
service each one calls. Decisions stay in `motcua.dossiers` (workflow table, roles, guards); this module only
asks them and translates form input into service arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from motcua.accounts.choices import Role
from motcua.accounts.selectors import membership_list_for_unit
from motcua.dossiers import engine, services, workflow
from motcua.dossiers.choices import Action, StepKind
from motcua.dossiers.documents import Upload
from motcua.dossiers.errors import DossierPermissionDenied
from motcua.units.choices import AGENCY_KINDS
from motcua.units.selectors import agency_list, unit_province

from . import forms

A = Action


def _holding_or_receiving(d) -> set[int]:
    return engine.holding_unit_ids(d) | {d.receiving_unit_id}


def _open_units(d, *, kind: str, lead: bool | None = None) -> set[int]:
    steps = d.steps.filter(finished_at__isnull=True, kind=kind)
    if lead is not None:
        steps = steps.filter(is_lead=lead)
    return set(steps.values_list("unit_id", flat=True))


# The unit in which each action is performed, as the services pass it to `engine.acting_unit` (None: the
# engine's default from `workflow.actor_unit_kind`). Mirrors `processing.py`/`services.py`.
ACTING_UNITS: dict[str, Callable] = {
    A.FORWARD: engine.holding_unit_ids,
    A.ASSIGN: engine.holding_unit_ids,
    A.CONSULT: engine.holding_unit_ids,
    A.FINISH_PART: lambda d: _open_units(d, kind=StepKind.PROCESSING, lead=False),
    A.CONSULT_REPLY: lambda d: _open_units(d, kind=StepKind.CONSULTATION),
    A.SUPPLEMENT_RECEIVED: _holding_or_receiving,
    A.REQUEST_PAYMENT: _holding_or_receiving,
    A.SUSPEND: _holding_or_receiving,
    A.RESUME: _holding_or_receiving,
    A.EXTEND: _holding_or_receiving,
    A.STOP: _holding_or_receiving,
}

# Actions taken from the console (SUBMIT is the applicant's).
OFFERED = [a for a in A.values if a != A.SUBMIT]
# Actions shown as the main (primary) step of the state.
PRIMARY = {A.RECEIVE, A.FORWARD, A.APPRAISE, A.APPROVE, A.SIGN, A.DELIVER, A.SUPPLEMENT_RECEIVED, A.RESUME}


def acting_unit_for(*, officer, dossier, action: str) -> int | None:
    """The unit where `officer` may perform `action` on `dossier` now, or None (asks the dossier engine)."""
    chooser = ACTING_UNITS.get(action)
    try:
        return engine.acting_unit(
            officer=officer, dossier=dossier, action=action, unit_ids=chooser(dossier) if chooser else None
        )
    except DossierPermissionDenied:
        return None


def actions_for(*, officer, dossier) -> list[tuple[str, int]]:
    """(action, acting unit id) for every action the workflow table allows from the dossier's state and the
    officer's roles permit. Guards (deadlines, completeness) are checked by the service when submitted."""
    result = []
    for action in workflow.allowed_actions(dossier.status):
        if action == A.SUBMIT:
            continue
        unit_id = acting_unit_for(officer=officer, dossier=dossier, action=action)
        if unit_id is not None:
            result.append((action, unit_id))
    return result


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
