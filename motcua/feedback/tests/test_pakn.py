"""PAKN: deadlines from the working calendar at each step, on-time flags, unit scoping, history, reactions,
and the Decision 766 indicators 5.1–5.3."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import DepartmentFactory, OneStopFactory, World, officer_in, vn
from motcua.feedback import services
from motcua.feedback.choices import FeedbackStatus, FeedbackSubject, FeedbackVerb
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.feedback.selectors import pakn
from motcua.feedback.services import FeedbackError

from .factories import CitizenFactory, send_feedback

pytestmark = pytest.mark.django_db
FS = FeedbackStatus
MONDAY = vn(2026, 3, 2, 9, 0)


@pytest.fixture
def unit():
    return OneStopFactory()


@pytest.fixture
def officer(unit):
    return officer_in(unit, Role.ONE_STOP_MANAGER)


def test_deadlines_are_counted_in_working_days_from_reception(unit):
    # Received Friday 9:00 → reject by Tuesday, ask for more by Friday, answer three weeks later.
    feedback = send_feedback(unit=unit, at=vn(2026, 3, 6, 9, 0))

    assert feedback.reject_due_at.astimezone(MONDAY.tzinfo).date() == dt.date(2026, 3, 10)
    assert feedback.info_due_at.astimezone(MONDAY.tzinfo).date() == dt.date(2026, 3, 13)
    assert feedback.answer_due_at.astimezone(MONDAY.tzinfo).date() == dt.date(2026, 3, 27)
    assert feedback.next_due_at == feedback.reject_due_at


def test_deadlines_skip_the_lunar_new_year_holiday(unit):
    # Tết 2026: Mon 16 – Fri 20 February are days off; received Fri 13 → reject due Tue 24.
    feedback = send_feedback(unit=unit, at=vn(2026, 2, 13, 9, 0))

    assert feedback.reject_due_at.astimezone(MONDAY.tzinfo).date() == dt.date(2026, 2, 24)


def test_full_handling_on_time_keeps_an_append_only_history(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY)
    services.feedback_accept(officer=officer, feedback=feedback, now=MONDAY + dt.timedelta(hours=2))
    services.feedback_answer(officer=officer, feedback=feedback, answer="Đã bổ sung quầy.", now=vn(2026, 3, 10, 9))
    published = services.feedback_publish(officer=officer, feedback=feedback, now=vn(2026, 3, 11, 9))

    verbs = list(published.events.values_list("verb", "on_time"))
    assert verbs == [
        (FeedbackVerb.SUBMIT, None),
        (FeedbackVerb.ACCEPT, None),
        (FeedbackVerb.ANSWER, True),
        (FeedbackVerb.PUBLISH, True),
    ]
    assert (published.status, published.late, published.next_due_at) == (FS.PUBLISHED, False, None)
    event = published.events.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_rejecting_after_two_working_days_is_late(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY)

    rejected = services.feedback_reject(
        officer=officer, feedback=feedback, reason="Không thuộc thẩm quyền", now=vn(2026, 3, 5, 9)
    )

    assert (rejected.status, rejected.late) == (FS.REJECTED, True)
    assert rejected.events.get(verb=FeedbackVerb.REJECT).on_time is False


def test_rejecting_needs_a_reason(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY)

    with pytest.raises(FeedbackError):
        services.feedback_reject(officer=officer, feedback=feedback, reason="  ", now=MONDAY)


def test_answer_limit_restarts_when_the_sender_sends_more_information(unit, officer):
    citizen = CitizenFactory()
    feedback = send_feedback(unit=unit, at=MONDAY, sender=citizen)
    services.feedback_request_info(officer=officer, feedback=feedback, question="Ngày nào?", now=vn(2026, 3, 4, 9))

    updated = services.feedback_provide_info(
        user=citizen, feedback=feedback, content="Ngày 2/3", now=vn(2026, 3, 20, 9)
    )

    assert updated.status == FS.ACCEPTED
    assert updated.answer_due_at.astimezone(MONDAY.tzinfo).date() == dt.date(2026, 4, 10)


def test_only_the_sender_can_add_information(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY, sender=CitizenFactory())
    services.feedback_request_info(officer=officer, feedback=feedback, question="Ngày nào?", now=MONDAY)

    with pytest.raises(FeedbackError):
        services.feedback_provide_info(user=CitizenFactory(), feedback=feedback, content="x", now=MONDAY)


def test_officer_of_another_unit_cannot_handle_the_feedback(unit):
    feedback = send_feedback(unit=unit, at=MONDAY)
    outsider = officer_in(DepartmentFactory(), Role.UNIT_LEADER)

    with pytest.raises(FeedbackError):
        services.feedback_accept(officer=outsider, feedback=feedback, now=MONDAY)
    assert pakn.feedback_queue_for_officer(officer=outsider, queue=pakn.QUEUE_OPEN).count() == 0


def test_an_answer_the_sender_did_not_allow_to_publish_is_never_published(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY, publish_allowed=False)
    services.feedback_answer(officer=officer, feedback=feedback, answer="Trả lời", now=MONDAY)

    with pytest.raises(FeedbackError):
        services.feedback_publish(officer=officer, feedback=feedback, now=MONDAY)
    assert pakn.feedback_list_published().count() == 0


def test_only_the_applicant_sends_feedback_about_a_dossier_and_its_unit_answers():
    world = World()
    owner, stranger = CitizenFactory(), CitizenFactory()
    dossier = world.dossier_in(DossierStatus.RECEIVED)
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_user=owner)
    dossier.refresh_from_db()

    with pytest.raises(FeedbackError):
        send_feedback(unit=None, at=MONDAY, sender=stranger, subject=FeedbackSubject.DOSSIER, dossier=dossier)
    feedback = send_feedback(unit=None, at=MONDAY, sender=owner, subject=FeedbackSubject.DOSSIER, dossier=dossier)

    assert feedback.unit == world.one_stop


def test_anonymous_feedback_keeps_only_the_contact_given(unit, caplog):
    feedback = send_feedback(unit=unit, at=MONDAY, contact_name="Lê Văn C", contact="0911222333")

    assert (feedback.sender, feedback.contact) == (None, "0911222333")
    assert "0911222333" not in caplog.text and "Lê Văn C" not in caplog.text


def test_reactions_are_one_per_user_or_session_and_can_change(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY)
    services.feedback_answer(officer=officer, feedback=feedback, answer="Trả lời", now=MONDAY)
    services.feedback_publish(officer=officer, feedback=feedback, now=MONDAY)
    citizen = CitizenFactory()

    services.feedback_react(feedback=feedback, value="like", user=citizen)
    services.feedback_react(feedback=feedback, value="like", user=citizen)
    services.feedback_react(feedback=feedback, value="like", session_key="abc")
    row = services.feedback_react(feedback=feedback, value="dislike", session_key="abc")

    assert (row.likes, row.dislikes) == (1, 1)


def test_reacting_to_an_unpublished_answer_is_refused(unit):
    feedback = send_feedback(unit=unit, at=MONDAY)

    with pytest.raises(FeedbackError):
        services.feedback_react(feedback=feedback, value="like", session_key="abc")


def test_inbox_queues_due_soon_and_overdue(unit, officer):
    fresh = send_feedback(unit=unit, at=vn(2026, 3, 10, 9))
    old = send_feedback(unit=unit, at=MONDAY)
    now = vn(2026, 3, 11, 10)

    assert list(pakn.feedback_queue_for_officer(officer=officer, queue=pakn.QUEUE_OVERDUE, now=now)) == [old]
    assert list(pakn.feedback_queue_for_officer(officer=officer, queue=pakn.QUEUE_DUE_SOON, now=now)) == [fresh]


def test_indicators_5_1_to_5_3(unit, officer):
    citizen = CitizenFactory()
    good = send_feedback(unit=unit, at=MONDAY, sender=citizen)
    services.feedback_answer(officer=officer, feedback=good, answer="A", now=MONDAY + dt.timedelta(hours=1))
    services.feedback_publish(officer=officer, feedback=good, now=MONDAY + dt.timedelta(hours=2))
    disliked = send_feedback(unit=unit, at=MONDAY)
    services.feedback_answer(officer=officer, feedback=disliked, answer="B", now=MONDAY + dt.timedelta(hours=1))
    services.feedback_publish(officer=officer, feedback=disliked, now=MONDAY + dt.timedelta(hours=2))
    services.feedback_react(feedback=disliked, value="dislike", session_key="s1")
    late = send_feedback(unit=unit, at=MONDAY)
    services.feedback_reject(officer=officer, feedback=late, reason="Trùng", now=vn(2026, 3, 9, 9))
    unclassified = send_feedback(unit=unit, at=vn(2026, 3, 30, 9))
    repeated = send_feedback(unit=unit, at=MONDAY, sender=citizen)
    services.feedback_answer(officer=officer, feedback=repeated, answer="C", now=MONDAY + dt.timedelta(hours=1))
    services.feedback_publish(officer=officer, feedback=repeated, now=MONDAY + dt.timedelta(hours=2))
    send_feedback(unit=unit, at=vn(2026, 3, 31, 9), sender=citizen, repeat_of=repeated)
    period = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31), "unit_ids": [unit.pk]}

    assert Feedback.objects.get(pk=unclassified.pk).status == FS.RECEIVED
    assert pakn.classified_rate(**period).numerator == 4
    assert (pakn.classified_rate(**period).denominator, pakn.on_time_rate(**period).numerator) == (6, 5)
    satisfaction = pakn.satisfaction_rate(**period)
    # good and unclassified (still within its limit) count; disliked, late and repeated do not.
    assert (satisfaction.numerator, satisfaction.denominator) == (2, 5)


def test_history_rows_are_never_updated_in_bulk_by_services(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY)
    services.feedback_accept(officer=officer, feedback=feedback, now=MONDAY)

    assert FeedbackEvent.objects.filter(feedback=feedback).count() == 2


def test_an_answer_left_unpublished_past_its_limit_counts_as_late(unit, officer):
    feedback = send_feedback(unit=unit, at=MONDAY)
    services.feedback_answer(officer=officer, feedback=feedback, answer="A", now=MONDAY)
    period = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31), "unit_ids": [unit.pk]}

    assert (pakn.on_time_rate(**period).numerator, pakn.on_time_rate(**period).denominator) == (0, 1)
