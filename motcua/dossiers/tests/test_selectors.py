import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus, OfficerTab, StepKind
from motcua.dossiers.errors import DossierNotFound
from motcua.dossiers.models import DossierStep
from motcua.dossiers.selectors import (
    COUNTED_TABS,
    dossier_get_for_officer,
    dossier_get_public,
    dossier_list_for_officer,
    dossier_queue_for_officer,
    dossier_search_for_officer,
)
from motcua.dossiers.tests.factories import DepartmentFactory, officer_in, vn

S = DossierStatus


def test_tabs_give_each_officer_their_queue_with_counts(world):
    new = world.dossier_in(S.SUBMITTED)
    appraise = world.dossier_in(S.IN_PROGRESS)
    approve = world.dossier_in(S.AWAITING_APPROVAL)
    with time_machine.travel(vn(2026, 3, 2, 14, 0), tick=False):
        counter_rows, counter_counts = dossier_list_for_officer(officer=world.counter, tab=OfficerTab.NEW)
        specialist_rows, _counts = dossier_list_for_officer(officer=world.specialist, tab=OfficerTab.TO_APPRAISE)
        leader_rows, leader_counts = dossier_list_for_officer(officer=world.leader, tab=OfficerTab.TO_APPROVE)
    assert list(counter_rows) == [new]
    assert list(specialist_rows) == [appraise]
    assert list(leader_rows) == [approve]
    assert counter_counts[OfficerTab.NEW] == 1 and leader_counts[OfficerTab.TO_APPROVE] == 1


def test_due_soon_and_overdue_tabs(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3 09:00
    with time_machine.travel(vn(2026, 3, 6, 10, 0), tick=False):
        _rows, counts = dossier_list_for_officer(officer=world.specialist)
    assert (counts[OfficerTab.DUE_SOON], counts[OfficerTab.OVERDUE]) == (1, 0)
    with time_machine.travel(vn(2026, 3, 9, 10, 0), tick=False):
        rows, counts = dossier_list_for_officer(officer=world.specialist, tab=OfficerTab.OVERDUE)
    assert list(rows) == [dossier] and counts[OfficerTab.DUE_SOON] == 0


def test_waiting_tab_lists_dossiers_waiting_for_the_applicant(world):
    dossier = world.dossier_in(S.SUBMITTED)
    world.act(
        services.dossier_request_supplement, dossier, at=vn(2026, 3, 2, 10), officer=world.counter, items=["Tờ khai"]
    )
    rows, _counts = dossier_list_for_officer(officer=world.counter, tab=OfficerTab.WAITING)
    assert list(rows) == [dossier]


def test_officer_outside_the_units_sees_nothing(world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    stranger = officer_in(DepartmentFactory(), Role.UNIT_LEADER, Role.SPECIALIST)
    rows, counts = dossier_list_for_officer(officer=stranger)
    assert list(rows) == [] and not any(counts.values())
    with pytest.raises(DossierNotFound):
        dossier_get_for_officer(officer=stranger, code=dossier.code)
    assert list(dossier_search_for_officer(officer=stranger, q=dossier.code)) == []


def test_units_that_handled_a_dossier_keep_seeing_it(world):
    dossier = world.dossier_in(S.RESULT_READY)
    assert dossier_get_for_officer(officer=world.specialist, code=dossier.code.lower()) == dossier


def test_search_by_name_without_accents_phone_and_procedure(world):
    dossier = world.dossier_in(S.RECEIVED)
    for q in ("nguyen van an", "0912345678", world.procedure.code, dossier.code):
        assert list(dossier_search_for_officer(officer=world.counter, q=q)) == [dossier]
    assert list(dossier_search_for_officer(officer=world.counter, q="")) == []


def test_public_lookup_needs_the_code_and_the_phone_last_four_digits(world):
    dossier = world.dossier_in(S.RECEIVED)
    assert dossier_get_public(code=dossier.code, phone_last4="5678") == dossier
    assert dossier_get_public(code=dossier.code, phone_last4="0000") is None
    assert dossier_get_public(code=dossier.code, phone_last4="") is None
    assert dossier_get_public(code="H22-260302-9999", phone_last4="5678") is None


def test_summary_counts_on_the_app_config(world):
    from django.apps import apps

    world.dossier_in(S.SUBMITTED)
    world.dossier_in(S.IN_PROGRESS)
    world.dossier_in(S.DELIVERED)
    assert list(apps.get_app_config("dossiers").summary_counts().values()) == [2, 1]


def test_tab_counts_match_each_queue(world):
    world.dossier_in(S.SUBMITTED)
    world.dossier_in(S.IN_PROGRESS)
    world.dossier_in(S.AWAITING_APPROVAL)
    from motcua.dossiers.selectors import dossier_queue_for_officer, dossier_tab_counts_for_officer

    officers = (world.counter, world.specialist, world.leader)
    with time_machine.travel(vn(2026, 3, 6, 10, 0), tick=False):
        counted = [dossier_tab_counts_for_officer(officer=officer) for officer in officers]
        listed = [
            {tab: dossier_queue_for_officer(officer=o, tab=tab).count() for tab in COUNTED_TABS} for o in officers
        ]
    assert counted == listed


def test_tab_counts_take_one_query_for_every_tab(world, django_assert_num_queries):
    from motcua.dossiers.selectors import dossier_tab_counts_for_officer

    world.dossier_in(S.IN_PROGRESS)
    dossier_tab_counts_for_officer(officer=world.counter)  # warm the calendar cache
    with django_assert_num_queries(2):  # the memberships once, and one statement for all six capped counts
        counts = dossier_tab_counts_for_officer(officer=world.counter)
    assert set(counts) == set(COUNTED_TABS)  # "all" is the register, not a work queue: never counted


def test_a_unit_that_passed_a_dossier_on_keeps_it_in_all_but_not_in_its_work_queues(world):
    """The work queues (waiting, due soon, overdue) hold what the officer's units received or hold now; a dossier
    that only passed through a unit stays visible in its "all" tab (DESIGN.md §6.2) but is no longer its work."""
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3 09:00, held by the department
    other = DepartmentFactory()
    passed = officer_in(other, Role.SPECIALIST)
    DossierStep.objects.create(
        dossier=dossier,
        seq=99,
        kind=StepKind.PROCESSING,
        unit=other,
        started_at=dossier.received_at,
        finished_at=dossier.received_at,
    )
    with time_machine.travel(vn(2026, 3, 9, 10, 0), tick=False):
        overdue, counts = dossier_list_for_officer(officer=passed, tab=OfficerTab.OVERDUE)
        everything = dossier_queue_for_officer(officer=passed, tab=OfficerTab.ALL)
        held, held_counts = dossier_list_for_officer(officer=world.specialist, tab=OfficerTab.OVERDUE)
        received, received_counts = dossier_list_for_officer(officer=world.counter, tab=OfficerTab.OVERDUE)
    assert list(overdue) == [] and counts[OfficerTab.OVERDUE] == 0
    assert list(everything) == [dossier]
    assert list(held) == [dossier] and held_counts[OfficerTab.OVERDUE] == 1
    assert list(received) == [dossier] and received_counts[OfficerTab.OVERDUE] == 1


def test_register_lists_the_unit_year_in_register_order_within_scope(world):
    from motcua.dossiers.selectors import dossier_register_for_officer

    first, second = world.dossier_in(S.RECEIVED), world.dossier_in(S.IN_PROGRESS)
    world.dossier_in(S.SUBMITTED)  # not received: no register number
    rows = list(dossier_register_for_officer(officer=world.counter, unit=world.one_stop, year=2026))
    stranger = officer_in(DepartmentFactory(), Role.SPECIALIST)
    assert [d.pk for d in rows] == [first.pk, second.pk]
    assert [s.unit for s in rows[1].lead_steps] == [world.department]
    assert not dossier_register_for_officer(officer=stranger, unit=world.one_stop, year=2026).exists()
    assert not dossier_register_for_officer(officer=world.counter, unit=world.one_stop, year=2025).exists()
