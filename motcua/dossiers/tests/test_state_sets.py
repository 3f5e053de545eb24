"""The state sets are read off the transition table (`workflow.TABLE`), not kept by hand (issue 14).

Each set is compared with what the law and the screens say it is, so a change to the table that moves a state
in or out of a set shows up here, and a set can no longer drift from the table it describes.
"""

from motcua.dossiers import choices, selectors, workflow
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.services import applicant
from motcua.metrics import rollup

S = DossierStatus


def test_paused_states_are_the_ones_left_by_returning_to_where_the_dossier_was():
    # ND 61/2018 art 19.3 (supplement), art 18 fees, art 19.5 suspension: the clock stops in these
    assert {S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.SUSPENDED} == workflow.PAUSED_STATES
    assert set(workflow.PAUSED) == workflow.PAUSED_STATES  # the shorthand the table is written with
    assert rollup.WAITING_STATUSES is workflow.PAUSED_STATES
    assert not workflow.PAUSED_STATES & choices.CLOCK_RUNNING


def test_terminal_states_are_those_from_which_no_action_starts_the_clock_again():
    assert {S.REFUSED, S.STOPPED, S.REJECTED, S.RESULT_READY, S.DELIVERED} == workflow.TERMINAL
    assert workflow.TERMINAL == choices.CLOSED  # the metrics' "closed" is the same set
    for status in workflow.TERMINAL:
        for action in workflow.allowed_actions(status):
            target = workflow.TABLE[(status, action)].target
            assert target not in choices.CLOCK_RUNNING, (status, action)


def test_withdrawal_can_be_asked_from_every_open_or_paused_state_and_waits_for_a_decision():
    assert {
        S.SUBMITTED,
        S.RECEIVED,
        S.IN_PROGRESS,
        S.AWAITING_APPROVAL,
        S.AWAITING_SIGNATURE,
        S.AWAITING_SUPPLEMENT,
        S.AWAITING_PAYMENT,
        S.SUSPENDED,
    } == workflow.WITHDRAWABLE_STATES
    assert applicant.WITHDRAWABLE_STATES is workflow.WITHDRAWABLE_STATES
    assert workflow.PAUSED_STATES | {S.WITHDRAW_REQUESTED} == workflow.WAITING
    assert selectors.WAITING is workflow.WAITING


def test_the_result_may_be_asked_for_by_post_while_it_may_still_be_issued_or_is_ready():
    assert workflow.WITHDRAWABLE_STATES | {S.RESULT_READY} == workflow.POSTAL_REQUEST_STATES
    assert applicant.POSTAL_REQUEST_STATES is workflow.POSTAL_REQUEST_STATES
    # a rejection or a withdrawal never ends in a result to post
    assert not {S.REJECTED, S.WITHDRAW_REQUESTED, S.DELIVERED} & workflow.POSTAL_REQUEST_STATES


def test_reachable_follows_return_back_to_where_the_dossier_came_from():
    # from "result ready", asking for fees and recording them comes back to "result ready", not to processing
    # (a RETURN to any state entering "awaiting payment" would wrongly lead back to "in progress")
    assert S.IN_PROGRESS not in workflow.reachable(S.RESULT_READY)
    assert S.IN_PROGRESS in workflow.reachable(S.AWAITING_PAYMENT)  # a paused start may return to processing
    assert workflow.reachable(S.DELIVERED) == frozenset()
    assert S.DELIVERED in workflow.reachable(S.SUBMITTED)
    assert workflow.TABLE[(S.RESULT_READY, Action.REQUEST_PAYMENT)].target == S.AWAITING_PAYMENT
