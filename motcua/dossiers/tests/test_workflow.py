import datetime as dt

from motcua.dossiers import workflow
from motcua.dossiers.choices import NATIONAL_STATUS, STATUSLESS_ACTIONS, Action, DossierStatus, Outcome
from motcua.dossiers.tests.factories import vn

S, A = DossierStatus, Action
NOW = vn(2026, 3, 2, 9, 0)


def facts(status, **kwargs):
    return workflow.Facts(status=status, now=kwargs.pop("now", NOW), **kwargs)


def test_every_state_maps_to_a_national_status_code():
    assert set(NATIONAL_STATUS) == set(S.values)
    assert {int(code) for code in NATIONAL_STATUS.values()} == set(range(1, 11))


def test_every_action_has_roles_and_a_rule():
    assert set(workflow.ACTION_ROLES) == set(A.values) - STATUSLESS_ACTIONS
    assert {action for (_source, action) in workflow.TABLE} == set(A.values) - STATUSLESS_ACTIONS


def test_delivering_before_signature_is_not_allowed_with_a_reason():
    decision = workflow.check(A.DELIVER, facts(S.IN_PROGRESS))
    assert not decision.allowed
    assert decision.refusal.code == "not_allowed"


def test_closed_dossiers_accept_no_action_but_delivery_of_a_refusal():
    assert workflow.allowed_actions(S.DELIVERED) == []
    assert workflow.allowed_actions(S.STOPPED) == []
    assert workflow.allowed_actions(S.REJECTED) == [A.DELIVER]


def test_reception_requires_every_mandatory_document():
    decision = workflow.check(A.RECEIVE, facts(S.SUBMITTED, missing_documents=("Tờ khai",)))
    assert decision.refusal.code == "incomplete"
    assert "Tờ khai" in str(decision.refusal.message)


def test_supplement_request_must_list_items():
    assert workflow.check(A.REQUEST_SUPPLEMENT, facts(S.SUBMITTED)).refusal.code == "items_required"


def test_supplement_after_three_working_days_of_appraisal_is_refused():
    decision = workflow.check(
        A.REQUEST_SUPPLEMENT,
        facts(S.IN_PROGRESS, supplement_items=("x",), supplement_deadline=NOW - dt.timedelta(minutes=1)),
    )
    assert decision.refusal.code == "supplement_too_late"


def test_second_extension_is_refused():
    decision = workflow.check(
        A.EXTEND, facts(S.IN_PROGRESS, extension_count=1, reason="Xin lỗi", due_at=NOW, new_due_at=NOW)
    )
    assert decision.refusal.code == "extension_used"


def test_extension_on_the_last_working_day_is_refused():
    decision = workflow.check(
        A.EXTEND,
        facts(
            S.IN_PROGRESS,
            reason="Xin lỗi",
            extension_latest_day=dt.date(2026, 3, 1),
            due_at=NOW,
            new_due_at=NOW + dt.timedelta(days=3),
        ),
    )
    assert decision.refusal.code == "extension_too_late"


def test_extension_needs_an_apology_and_a_later_date():
    base = {"extension_latest_day": dt.date(2026, 3, 5), "due_at": NOW + dt.timedelta(days=5)}
    assert workflow.check(
        A.EXTEND, facts(S.IN_PROGRESS, new_due_at=NOW + dt.timedelta(days=9), **base)
    ).refusal.code == ("apology_required")
    assert workflow.check(A.EXTEND, facts(S.IN_PROGRESS, reason="Xin lỗi", new_due_at=NOW, **base)).refusal.code == (
        "new_due_required"
    )


def test_resume_returns_to_the_state_before_the_pause():
    decision = workflow.check(A.RESUME, facts(S.SUSPENDED), return_status=S.AWAITING_APPROVAL)
    assert decision.target == S.AWAITING_APPROVAL


def test_stop_requires_a_reason():
    assert workflow.check(A.STOP, facts(S.WITHDRAW_REQUESTED)).refusal.code == "reason_required"


def test_outcome_early_before_the_due_day():
    assert workflow.outcome(finished_at=vn(2026, 3, 5, 16, 0), due_at=vn(2026, 3, 6, 9, 0)) == Outcome.EARLY


def test_outcome_on_time_on_the_due_day_until_the_due_moment():
    assert workflow.outcome(finished_at=vn(2026, 3, 6, 8, 0), due_at=vn(2026, 3, 6, 9, 0)) == Outcome.ON_TIME
    assert workflow.outcome(finished_at=vn(2026, 3, 6, 9, 0), due_at=vn(2026, 3, 6, 9, 0)) == Outcome.ON_TIME


def test_outcome_late_after_the_due_moment_even_the_same_day():
    assert workflow.outcome(finished_at=vn(2026, 3, 6, 9, 1), due_at=vn(2026, 3, 6, 9, 0)) == Outcome.LATE


def test_outcome_uses_vietnamese_days_not_the_process_time_zone():
    # 23:30 UTC on the 5th is 06:30 on the 6th in Vietnam: the due day, so on time, not early.
    finished = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)
    assert workflow.outcome(finished_at=finished, due_at=vn(2026, 3, 6, 9, 0)) == Outcome.ON_TIME
