"""`selectors.dossier_actions_for_officer` offers exactly the actions the services accept.

For every state in the table and every officer of the world, each action is tried through its service (inside a
savepoint that is rolled back): the set accepted must equal the set offered, and everything not offered raises.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from motcua.accounts.choices import Role
from motcua.dossiers import services
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import dossier_acting_unit_for_officer, dossier_actions_for_officer
from motcua.dossiers.tests.factories import DepartmentFactory, officer_in, vn

pytestmark = pytest.mark.django_db
A, S = Action, DossierStatus
TRY_AT = vn(2026, 3, 3, 9, 0)  # the day after reception; due Mon 9/3, appraisal began Mon 2/3


class Rollback(Exception):
    pass


def _attempts(world) -> dict:
    """Valid input for every officer action: (service, keyword arguments for the dossier)."""
    later = dt.timedelta(days=3)
    return {
        A.RECEIVE: (services.dossier_receive, lambda d: {"presented_document_ids": world.all_documents()}),
        A.REFUSE_RECEPTION: (services.dossier_refuse_reception, lambda d: {"reason": "Không thuộc thẩm quyền"}),
        A.REQUEST_SUPPLEMENT: (services.dossier_request_supplement, lambda d: {"items": ["Bản sao giấy tờ"]}),
        A.SUPPLEMENT_RECEIVED: (services.dossier_supplement_received, lambda d: {}),
        A.FORWARD: (services.dossier_forward, lambda d: {"to_units": [world.department]}),
        A.FINISH_PART: (services.dossier_finish_part, lambda d: {"note": "Xong"}),
        A.ASSIGN: (services.dossier_assign, lambda d: {"specialist": world.specialist}),
        A.CONSULT: (
            services.dossier_consult,
            lambda d: {"unit": world.consulted_unit, "question": "Ý kiến?", "budget_days": Decimal(2)},
        ),
        A.CONSULT_REPLY: (services.dossier_consult_reply, lambda d: {"answer": "Đồng ý"}),
        A.APPRAISE: (services.dossier_appraise, lambda d: {"opinion": "Đủ điều kiện"}),
        A.RETURN_FOR_REWORK: (services.dossier_return_for_rework, lambda d: {"reason": "Sửa lại"}),
        A.APPROVE: (services.dossier_approve, lambda d: {}),
        A.SIGN: (services.dossier_sign, lambda d: {}),
        A.REJECT: (services.dossier_reject, lambda d: {"reason": "Không đủ điều kiện"}),
        A.REQUEST_PAYMENT: (services.dossier_request_payment, lambda d: {"amount": Decimal(50000)}),
        A.RECORD_PAYMENT: (services.dossier_record_payment, lambda d: {"method": "cash"}),
        A.SUSPEND: (services.dossier_suspend, lambda d: {"reason": "Theo đề nghị"}),
        A.RESUME: (services.dossier_resume, lambda d: {}),
        A.EXTEND: (
            services.dossier_extend,
            lambda d: {"new_due_at": (d.due_at or TRY_AT) + later, "apology": "Xin lỗi vì chậm trễ"},
        ),
        A.REQUEST_WITHDRAWAL: (services.dossier_request_withdrawal, lambda d: {"reason": "Rút hồ sơ"}),
        A.STOP: (services.dossier_stop, lambda d: {"reason": "Công dân rút hồ sơ"}),
        A.NOTIFY_EARLY_RETURN: (services.dossier_notify_early_return, lambda d: {}),
        A.DELIVER: (services.dossier_deliver, lambda d: {"method": "counter"}),
    }


def _accepts(world, officer, dossier, action) -> bool:
    function, kwargs = _attempts(world)[action]
    dossier.refresh_from_db()
    try:
        with transaction.atomic():
            function(officer=officer, dossier=dossier, expected_version=dossier.version, **kwargs(dossier))
            raise Rollback
    except Rollback:
        return True
    except DossierError:
        return False


def _then(world, dossier, function, officer, **kwargs):
    return world.act(function, dossier, at=vn(2026, 3, 2, 16, 0), officer=officer, **kwargs)


def _paused(state):
    def build(world):
        dossier = world.dossier_in(S.IN_PROGRESS)
        steps = {
            S.AWAITING_SUPPLEMENT: (services.dossier_request_supplement, world.specialist, {"items": ["Bản sao"]}),
            S.AWAITING_PAYMENT: (services.dossier_request_payment, world.counter, {"amount": Decimal(50000)}),
            S.SUSPENDED: (services.dossier_suspend, world.counter, {"reason": "Theo đề nghị"}),
            S.WITHDRAW_REQUESTED: (services.dossier_request_withdrawal, world.counter, {}),
        }
        function, officer, kwargs = steps[state]
        return _then(world, dossier, function, officer, **kwargs)

    return build


def _refused(world):
    return _then(world, world.dossier_in(S.SUBMITTED), services.dossier_refuse_reception, world.counter, reason="X")


def _inter_agency(world):
    """In progress at the department (lead) with a parallel unit still working and a consultation open."""
    dossier = world.dossier_in(S.RECEIVED)
    dossier = _then(
        world, dossier, services.dossier_forward, world.counter, to_units=[world.department, world.parallel_unit]
    )
    return world.act(
        services.dossier_consult,
        dossier,
        at=vn(2026, 3, 2, 16, 30),
        officer=world.leader,
        unit=world.consulted_unit,
        question="Ý kiến?",
        budget_days=Decimal(2),
    )


BUILDERS = {
    "submitted": lambda world: world.dossier_in(S.SUBMITTED),
    "received": lambda world: world.dossier_in(S.RECEIVED),
    "in_progress": lambda world: world.dossier_in(S.IN_PROGRESS),
    "in_progress_inter_agency": _inter_agency,
    "awaiting_approval": lambda world: world.dossier_in(S.AWAITING_APPROVAL),
    "awaiting_signature": lambda world: world.dossier_in(S.AWAITING_SIGNATURE),
    "result_ready": lambda world: world.dossier_in(S.RESULT_READY),
    "delivered": lambda world: world.dossier_in(S.DELIVERED),
    "awaiting_supplement": _paused(S.AWAITING_SUPPLEMENT),
    "awaiting_payment": _paused(S.AWAITING_PAYMENT),
    "suspended": _paused(S.SUSPENDED),
    "withdraw_requested": _paused(S.WITHDRAW_REQUESTED),
    "refused": _refused,
}


@pytest.fixture
def staffed(world):
    world.parallel_unit = DepartmentFactory()
    world.consulted_unit = DepartmentFactory()
    world.parallel = officer_in(world.parallel_unit, Role.SPECIALIST, Role.UNIT_LEADER)
    world.consulted = officer_in(world.consulted_unit, Role.SPECIALIST)
    return world


OFFICERS = ("counter", "manager", "specialist", "leader", "parallel", "consulted")


@pytest.mark.parametrize("state", list(BUILDERS))
def test_actions_offered_are_exactly_the_actions_the_services_accept(staffed, state):
    world = staffed
    dossier = BUILDERS[state](world)
    with time_machine.travel(TRY_AT, tick=False):
        offered = {
            name: {
                action for action, _unit in dossier_actions_for_officer(officer=getattr(world, name), dossier=dossier)
            }
            for name in OFFICERS
        }
        accepted = {
            name: {action for action in _attempts(world) if _accepts(world, getattr(world, name), dossier, action)}
            for name in OFFICERS
        }
    assert offered == accepted


def test_the_parallel_unit_finishes_its_part_and_the_consulted_unit_replies(staffed):
    dossier = _inter_agency(staffed)
    with time_machine.travel(TRY_AT, tick=False):
        parallel = dossier_actions_for_officer(officer=staffed.parallel, dossier=dossier)
        consulted = dossier_actions_for_officer(officer=staffed.consulted, dossier=dossier)
    assert (A.FINISH_PART, staffed.parallel_unit.pk) in parallel
    assert consulted == [(A.CONSULT_REPLY, staffed.consulted_unit.pk)]


def test_the_applicant_submission_is_never_an_officer_action(world):
    assert (
        dossier_acting_unit_for_officer(officer=world.counter, dossier=world.dossier_in(S.SUBMITTED), action=A.SUBMIT)
        is None
    )
