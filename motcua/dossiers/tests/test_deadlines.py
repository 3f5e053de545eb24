"""Clock rules with frozen time (ND 61/2018 arts 18, 19.3–19.7); the test process runs in Los Angeles time."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus, Outcome, StepKind
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.selectors import dossier_late_units
from motcua.dossiers.tests.factories import DepartmentFactory, officer_in, process_step, vn

S = DossierStatus


def test_received_before_tet_is_due_after_the_holiday(world):
    dossier = world.receive(at=vn(2026, 2, 13, 10, 0))  # Friday before Tết Bính Ngọ (off 14–22/2)
    assert dossier.clock_started_at == vn(2026, 2, 13, 10, 0)
    assert dossier.legal_due_at == dossier.due_at == vn(2026, 2, 27, 10, 0)


def test_received_after_15h_starts_the_next_working_day(world):
    dossier = world.receive(at=vn(2026, 3, 2, 15, 30))
    assert dossier.clock_started_at == vn(2026, 3, 3, 7, 30)
    assert dossier.due_at == vn(2026, 3, 9, 17, 0)
    assert dossier.transfer_due_at == vn(2026, 3, 3, 8, 30)


def test_forward_after_the_transfer_deadline_is_recorded_as_late(world):
    dossier = world.receive(at=vn(2026, 3, 2, 10, 0))
    forwarded = world.act(
        services.dossier_forward, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, to_units=[world.department]
    )
    assert forwarded.events.get(seq=2).data["transfer_late"] is True


def test_forward_the_same_day_is_on_time(world):
    dossier = world.receive(at=vn(2026, 3, 2, 10, 0))
    forwarded = world.act(
        services.dossier_forward, dossier, at=vn(2026, 3, 2, 16, 0), officer=world.counter, to_units=[world.department]
    )
    assert forwarded.events.get(seq=2).data["transfer_late"] is False


def test_supplement_after_appraisal_began_restarts_the_clock_from_zero(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # received Mon 2/3 09:00, due Mon 9/3 09:00
    waiting = world.act(
        services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 4, 9, 0),
        officer=world.specialist,
        items=["Bản sao CCCD của người đi khai"],
    )
    assert waiting.status == S.AWAITING_SUPPLEMENT
    back = world.act(services.dossier_supplement_received, waiting, at=vn(2026, 3, 10, 14, 0), officer=world.counter)
    assert back.status == S.IN_PROGRESS
    assert back.clock_started_at == vn(2026, 3, 10, 14, 0)
    assert back.legal_due_at == back.due_at == vn(2026, 3, 17, 14, 0)
    assert back.waiting_time == dt.timedelta(hours=35.5)  # 4/3 09:00 → 10/3 14:00 in working time


def test_supplement_more_than_three_working_days_into_appraisal_is_refused(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # forwarded Mon 2/3 10:00
    with pytest.raises(TransitionNotAllowed) as error:
        world.act(
            services.dossier_request_supplement,
            dossier,
            at=vn(2026, 3, 5, 10, 30),
            officer=world.specialist,
            items=["Tờ khai"],
        )
    assert error.value.code == "supplement_too_late"


def test_supplement_at_reception_does_not_start_the_clock(world):
    dossier = world.dossier_in(S.SUBMITTED)
    waiting = world.act(
        services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 2, 10, 0),
        officer=world.counter,
        items=["Tờ khai", "Giấy chứng sinh"],
    )
    back = world.act(services.dossier_supplement_received, waiting, at=vn(2026, 3, 6, 10, 0), officer=world.counter)
    assert (back.status, back.clock_started_at) == (S.SUBMITTED, None)
    received = world.act(
        services.dossier_receive,
        back,
        at=vn(2026, 3, 6, 10, 0),
        officer=world.counter,
        presented_document_ids=world.all_documents(),
    )
    assert received.due_at == vn(2026, 3, 13, 10, 0)


def test_suspension_pauses_the_clock_and_moves_due_dates(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3 09:00
    step_due = dossier.steps.get(kind=StepKind.PROCESSING).due_at
    paused = world.act(
        services.dossier_suspend,
        dossier,
        at=vn(2026, 3, 3, 9, 0),
        officer=world.leader,
        reason="Công dân đề nghị tạm dừng",
    )
    resumed = world.act(services.dossier_resume, paused, at=vn(2026, 3, 5, 9, 0), officer=world.leader)
    assert resumed.status == S.IN_PROGRESS
    assert resumed.due_at == vn(2026, 3, 11, 9, 0)
    assert resumed.legal_due_at == vn(2026, 3, 9, 9, 0)
    assert resumed.waiting_time == dt.timedelta(hours=16)
    assert resumed.steps.get(kind=StepKind.PROCESSING).due_at == step_due + dt.timedelta(days=2)


def test_extension_once_moves_the_effective_due_date_only(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3 09:00
    extended = world.act(
        services.dossier_extend,
        dossier,
        at=vn(2026, 3, 6, 16, 0),
        officer=world.leader,
        new_due_at=vn(2026, 3, 12, 17, 0),
        apology="Xin lỗi vì cần xác minh thêm",
    )
    assert (extended.due_at, extended.legal_due_at) == (vn(2026, 3, 12, 17, 0), vn(2026, 3, 9, 9, 0))
    with pytest.raises(TransitionNotAllowed) as error:
        world.act(
            services.dossier_extend,
            extended,
            at=vn(2026, 3, 9, 9, 0),
            officer=world.leader,
            new_due_at=vn(2026, 3, 20, 17, 0),
            apology="Xin lỗi lần nữa",
        )
    assert error.value.code == "extension_used"


def test_extension_asked_on_the_due_day_is_refused(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3: the last day to ask is Fri 6/3
    with pytest.raises(TransitionNotAllowed) as error:
        world.act(
            services.dossier_extend,
            dossier,
            at=vn(2026, 3, 7, 10, 0),
            officer=world.leader,
            new_due_at=vn(2026, 3, 12, 17, 0),
            apology="Xin lỗi",
        )
    assert error.value.code == "extension_too_late"
    assert "06/03/2026" in str(error.value.message)


def _finish(world, dossier, at):
    dossier = world.act(services.dossier_appraise, dossier, at=at, officer=world.specialist)
    dossier = world.act(services.dossier_approve, dossier, at=at, officer=world.leader)
    return world.act(services.dossier_sign, dossier, at=at, officer=world.leader)


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (vn(2026, 3, 6, 16, 0), Outcome.EARLY),
        (vn(2026, 3, 9, 8, 30), Outcome.ON_TIME),
        (vn(2026, 3, 9, 9, 30), Outcome.LATE),
    ],
)
def test_outcome_against_the_effective_due_date(world, finished, expected):
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3 09:00
    signed = _finish(world, dossier, finished)
    assert (signed.status, signed.outcome, signed.finished_at) == (S.RESULT_READY, expected, finished)


def test_waiting_for_the_applicant_is_not_counted_against_the_agency(world):
    dossier = world.dossier_in(S.IN_PROGRESS)  # due Mon 9/3 09:00
    paused = world.act(
        services.dossier_request_payment,
        dossier,
        at=vn(2026, 3, 3, 9, 0),
        officer=world.specialist,
        amount=Decimal(8000),
    )
    paid = world.act(
        services.dossier_record_payment, paused, at=vn(2026, 3, 6, 9, 0), officer=world.counter, method="cash"
    )
    signed = _finish(world, paid, vn(2026, 3, 11, 16, 0))  # after the legal date, before the moved one
    assert signed.due_at == vn(2026, 3, 12, 9, 0)
    assert signed.outcome == Outcome.EARLY


def test_lien_thong_chain_gives_each_unit_its_budget_and_names_the_late_unit(world):
    tax, land = DepartmentFactory(name="Chi cục Thuế"), DepartmentFactory(name="Văn phòng Đăng ký đất đai")
    tax_officer = officer_in(tax, Role.SPECIALIST)
    process_step(world.procedure, order=1, name="Thẩm định", days="2")
    process_step(world.procedure, order=2, name="Xác định nghĩa vụ tài chính", days="1", group="p")
    process_step(world.procedure, order=3, name="Xác minh đất", days="1", group="p")
    dossier = world.receive(at=vn(2026, 3, 2, 8, 0))  # due Mon 9/3 08:00
    dossier = world.act(
        services.dossier_forward, dossier, at=vn(2026, 3, 2, 8, 0), officer=world.counter, to_units=[world.department]
    )
    assert dossier.steps.get(unit=world.department).due_at == vn(2026, 3, 4, 8, 0)
    dossier = world.act(
        services.dossier_forward, dossier, at=vn(2026, 3, 3, 8, 0), officer=world.specialist, to_units=[land, tax]
    )
    land_step, tax_step = dossier.steps.get(unit=land), dossier.steps.get(unit=tax)
    assert (land_step.is_lead, tax_step.is_lead) == (True, False)
    assert land_step.due_at == tax_step.due_at == vn(2026, 3, 4, 8, 0)
    land_officer = officer_in(land, Role.SPECIALIST, Role.UNIT_LEADER)
    with pytest.raises(TransitionNotAllowed) as error:
        world.act(services.dossier_appraise, dossier, at=vn(2026, 3, 3, 9, 0), officer=land_officer)
    assert error.value.code == "units_pending"
    dossier = world.act(services.dossier_finish_part, dossier, at=vn(2026, 3, 5, 8, 0), officer=tax_officer)
    dossier = world.act(services.dossier_appraise, dossier, at=vn(2026, 3, 5, 9, 0), officer=land_officer)
    dossier = world.act(services.dossier_approve, dossier, at=vn(2026, 3, 5, 10, 0), officer=land_officer)
    dossier = world.act(services.dossier_sign, dossier, at=vn(2026, 3, 5, 11, 0), officer=land_officer)
    assert dossier.outcome == Outcome.EARLY
    assert dossier.current_unit == world.one_stop
    late = dossier_late_units(dossier=dossier)
    assert [step.unit.name for step in late] == ["Văn phòng Đăng ký đất đai", "Chi cục Thuế"]
    assert dossier.steps.get(unit=world.department).outcome == Outcome.EARLY
    assert dossier.steps.get(unit=tax).working_time == dt.timedelta(hours=16)


def test_consultation_has_its_own_deadline_and_blocks_appraisal_until_answered(world):
    other = DepartmentFactory(name="Phòng Tư pháp")
    other_officer = officer_in(other, Role.SPECIALIST)
    dossier = world.dossier_in(S.IN_PROGRESS)
    dossier = world.act(
        services.dossier_consult,
        dossier,
        at=vn(2026, 3, 2, 11, 0),
        officer=world.specialist,
        unit=other,
        question="Xin ý kiến về hồ sơ",
        budget_days=Decimal(1),
    )
    assert dossier.steps.get(unit=other).due_at == vn(2026, 3, 3, 11, 0)
    with pytest.raises(TransitionNotAllowed):
        world.act(services.dossier_appraise, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.specialist)
    dossier = world.act(
        services.dossier_consult_reply, dossier, at=vn(2026, 3, 3, 14, 0), officer=other_officer, answer="Đồng ý"
    )
    assert dossier.steps.get(unit=other).outcome == Outcome.LATE
    assert (
        world.act(services.dossier_appraise, dossier, at=vn(2026, 3, 3, 15, 0), officer=world.specialist).status
        == S.AWAITING_APPROVAL
    )


def test_early_return_notice_only_before_the_due_day(world):
    ready = world.dossier_in(S.RESULT_READY)
    noticed = world.act(services.dossier_notify_early_return, ready, at=vn(2026, 3, 3, 9, 0), officer=world.counter)
    assert noticed.events.last().action == "notify_early_return"
    with pytest.raises(TransitionNotAllowed):
        world.act(services.dossier_notify_early_return, noticed, at=vn(2026, 3, 9, 10, 0), officer=world.counter)


def test_withdrawal_then_stop_closes_without_outcome(world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    requested = world.act(
        services.dossier_request_withdrawal,
        dossier,
        at=vn(2026, 3, 3, 9, 0),
        officer=world.counter,
        reason="Công dân xin rút hồ sơ",
    )
    assert requested.national_status == 7
    stopped = world.act(
        services.dossier_stop,
        requested,
        at=vn(2026, 3, 3, 10, 0),
        officer=world.counter,
        reason="Dừng theo đề nghị rút hồ sơ",
    )
    assert (stopped.status, stopped.national_status, stopped.outcome) == (S.STOPPED, 8, "")
    assert not stopped.steps.filter(finished_at=None).exists()
