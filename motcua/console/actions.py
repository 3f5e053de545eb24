"""The forms of the dossier actions offered on the console and the service each one calls.

Which actions an officer may take now is `motcua.dossiers.selectors.dossier_actions_for_officer` (the same
permission check the services run); this module only translates form input into service arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy

from motcua.accounts.choices import Role
from motcua.accounts.selectors import membership_list_for_unit
from motcua.core.text import fold
from motcua.dossiers import services
from motcua.dossiers.choices import Action
from motcua.dossiers.services import Upload
from motcua.units.choices import AGENCY_KINDS, UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import agency_list, unit_ancestors, unit_province

from . import forms

A = Action

# Actions shown as the main (primary) step of the state, in the order the dossier page opens them: when one
# officer may take several (a specialist of the unit that holds the dossier may both forward it on and appraise
# it), the step of the process template that moves the dossier on — appraisal by the specialist, approval then
# signature by the leader — comes before handing it to someone else (ND 61/2018 art 18–19: the competent unit's
# specialist appraises; forwarding is the one-stop unit's step after reception).
PRIMARY_ORDER = [
    A.APPRAISE,
    A.APPROVE,
    A.SIGN,
    A.DELIVER,
    A.RECEIVE,
    A.SUPPLEMENT_RECEIVED,
    A.RESUME,
    A.FORWARD,
]
PRIMARY = set(PRIMARY_ORDER)


def action_rank(action: str) -> int:
    """Sort key of an action on the dossier page: primary steps in PRIMARY_ORDER, then the others."""
    return PRIMARY_ORDER.index(action) if action in PRIMARY else len(PRIMARY_ORDER)


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


def _forward_units(dossier, unit_id):
    """The forward list: the competent agency pre-selected and first, then the receiving commune's agencies, the
    province's, and the other communes' (a province has a hundred or more communes: grouped, not one long list).

    Other communes are offered only where the service accepts them (`dossiers.services.foreign_commune_units`):
    a boundary-free procedure (ND 118/2025) or a dossier received above the communes. A commune-level dossier
    received in a commune is decided there (ND 61/2018 art 19.5)."""
    units = _agencies_near(dossier)
    province = unit_province(dossier.receiving_unit)
    commune_paths = [
        c.path for c in Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province.path if province else "")
    ]
    home = _commune_of(dossier.receiving_unit)

    def communal(unit) -> bool:
        return any(unit.path.startswith(path) for path in commune_paths)

    if home is not None and not dossier.procedure.boundary_free:
        units = [u for u in units if not communal(u) or u.path.startswith(home.path)]
    competent = competent_unit(dossier, units)
    rest = [u for u in units if u != competent]

    groups = [
        (gettext_lazy("Competent agency in the catalogue"), [competent] if competent else []),
        (
            gettext_lazy("This commune"),
            [u for u in rest if home is not None and u.path.startswith(home.path)],
        ),
        (gettext_lazy("Province agencies"), [u for u in rest if not communal(u)]),
        (
            gettext_lazy("Other communes"),
            [u for u in rest if communal(u) and not (home is not None and u.path.startswith(home.path))],
        ),
    ]
    return {"units": units, "competent": competent, "groups": groups}


def _commune_of(unit):
    if unit.kind == UnitKind.COMMUNE:
        return unit
    return next((u for u in unit_ancestors(unit) if u.kind == UnitKind.COMMUNE), None)


def competent_unit(dossier, units):
    """The agency the catalogue names as competent for the dossier's procedure, among `units`, or None.

    The national catalogue gives the competent agency as text ("Ủy ban nhân dân cấp xã", "Sở Tài chính",
    "Công an cấp tỉnh"). A commune-level agency is looked for in the receiving unit's commune (its People's
    Committee when the named body is not a unit of its own); a provincial one by its name among the province's
    agencies. The officer still chooses: this only pre-selects the list.
    """
    text = fold(dossier.procedure.competent_agency or "")
    commune = _commune_of(dossier.receiving_unit)
    if commune is not None and ("cap xa" in text or dossier.procedure.levels == ["commune"]):
        local = [u for u in units if u.path.startswith(commune.path)]
        wanted = " ".join(text.replace("cap xa", "").split())
        named = [u for u in local if wanted and fold(u.name).startswith(wanted + " ")]
        committee = [u for u in local if u.kind == UnitKind.PEOPLES_COMMITTEE]
        return (named or committee or [None])[0]
    wanted = " ".join(text.replace("cap tinh", "").split())
    return next((u for u in units if wanted and fold(u.name).startswith(wanted + " ")), None)


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
    A.FORWARD: Spec(F.ForwardForm, S.dossier_forward, {"to_units": lambda f: f.targets(), **NOTE}, _forward_units),
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
    A.DELIVER: Spec(
        F.DeliverForm,
        S.dossier_deliver,
        {"method": "method", "tracking_number": "tracking_number", "reason": "reason"},
    ),
}


def build_form(action: str, *, dossier, unit_id: int | None, data=None, files=None):
    spec = SPECS[action]
    kwargs = spec.kwargs(dossier, unit_id) if spec.kwargs else {}
    return spec.form(data=data, files=files, prefix=action, **kwargs)
