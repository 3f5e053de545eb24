"""Outreach sessions: planning, status, intake through the counter reception, idempotent replay, scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers.choices import Channel, DossierStatus
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.outreach import selectors, services
from motcua.outreach.choices import SessionStatus
from motcua.outreach.models import OutreachIntake

KEY = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b"


def intake(ow, session, *, key=KEY, officer=None, procedure=None, name="Lò Văn Páo", **extra):
    procedure = procedure or ow.birth
    fields = {"procedure": str(procedure.pk), "applicant_name": name} | {k: str(v) for k, v in extra.items()}
    return services.session_intake(
        officer=officer or ow.officer,
        session=session,
        key=key,
        request_hash=services.submission_fingerprint(fields),
        procedure=procedure,
        presented_document_ids=ow.docs(procedure),
        applicant_name=name,
        **extra,
    )


def test_plan_a_session(ow):
    session = ow.plan(note="Mang theo máy in")
    assert session.status == SessionStatus.PLANNED
    assert list(session.officers.all()) == [ow.officer]
    assert set(session.procedures.all()) == {ow.birth, ow.residence}
    assert session.place == "Thôn Đồng Tâm" and session.commune == ow.commune


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"place": "   "}, "place", "Nhập địa điểm"),
        ({"day": dt.date(2026, 3, 1)}, "day", "ngày đã qua"),
        ({"ends_at": dt.time(7, 0)}, "ends_at", "kết thúc phải sau"),
        ({"officers": []}, "officers", "ít nhất một cán bộ"),
        ({"procedures": []}, "procedures", "ít nhất một dịch vụ"),
    ],
)
def test_bad_plans_are_refused_in_vietnamese(ow, change, field, message):
    with pytest.raises(ValidationError) as error:
        ow.plan(**change)
    assert message in " ".join(error.value.message_dict[field])


def test_only_the_centres_officers_and_communes_of_its_province(ow):
    with pytest.raises(ValidationError) as error:
        ow.plan(officers=[ow.stranger], commune=ow.elsewhere)
    assert "officers" in error.value.message_dict and "commune" in error.value.message_dict


def test_a_counter_officer_or_another_centre_may_not_plan(ow):
    with pytest.raises(PermissionDenied):
        ow.plan(officer=ow.officer)
    with pytest.raises(PermissionDenied):
        ow.plan(officer=ow.stranger)


def test_status_moves_forward_only(ow):
    session = ow.plan()
    with pytest.raises(ValidationError):
        services.session_mark(officer=ow.manager, session=session, status=SessionStatus.CLOSED)
    session = services.session_mark(officer=ow.manager, session=session, status=SessionStatus.HELD)
    assert session.held_at is not None
    session = services.session_mark(officer=ow.manager, session=session, status=SessionStatus.CLOSED)
    assert session.closed_at is not None
    with pytest.raises(ValidationError):
        services.session_mark(officer=ow.manager, session=session, status=SessionStatus.HELD)


def test_intake_is_a_counter_reception_linked_to_the_session(ow):
    session = ow.plan()
    answer, replayed = intake(ow, session, applicant_phone="0912345678")
    assert not replayed
    dossier = Dossier.objects.get(pk=answer["id"])
    assert dossier.code == answer["code"]
    assert dossier.status == DossierStatus.RECEIVED and dossier.channel == Channel.COUNTER
    assert dossier.receiving_unit == ow.centre and dossier.due_at is not None
    assert dossier.outreach_intake.session == session
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1  # the engine's history, one event
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD  # the first dossier marks a planned session held


def test_same_key_twice_gives_one_dossier_and_the_same_answer(ow):
    session = ow.plan()
    first, replayed_first = intake(ow, session)
    second, replayed_second = intake(ow, session)
    assert (replayed_first, replayed_second) == (False, True)
    assert first == second
    assert Dossier.objects.count() == 1 and OutreachIntake.objects.count() == 1


def test_a_replay_is_answered_even_after_the_session_closed(ow):
    session = ow.plan()
    first, _ = intake(ow, session)  # marks the session held
    services.session_mark(officer=ow.manager, session=session, status=SessionStatus.CLOSED)
    again, replayed = intake(ow, session)
    assert replayed and again == first
    with pytest.raises(services.OutreachError) as error:
        intake(ow, session, key="0b7e3f5a-1111-4222-8333-944455556666")
    assert error.value.code == "session_closed"
    assert "đã kết thúc" in str(error.value.message)


def test_same_key_with_another_submission_is_a_conflict(ow):
    session = ow.plan()
    intake(ow, session)
    with pytest.raises(services.IntakeConflict):
        intake(ow, session, name="Người Khác")
    assert Dossier.objects.count() == 1


def test_a_refused_reception_does_not_claim_the_key(ow):
    session = ow.plan()
    fields = {"procedure": str(ow.birth.pk), "applicant_name": "Lò Văn Páo"}
    with pytest.raises(TransitionNotAllowed):
        services.session_intake(
            officer=ow.officer,
            session=session,
            key=KEY,
            request_hash=services.submission_fingerprint(fields),
            procedure=ow.birth,
            presented_document_ids=[],  # missing components: not received (ND 61/2018 art 17.1)
            applicant_name="Lò Văn Páo",
        )
    assert not OutreachIntake.objects.exists() and not Dossier.objects.exists()
    answer, replayed = intake(ow, session)  # the corrected submission may reuse the key
    assert not replayed and Dossier.objects.filter(pk=answer["id"]).exists()


def test_only_the_sessions_officers_and_services(ow):
    session = ow.plan()
    with pytest.raises(PermissionDenied):
        intake(ow, session, officer=ow.stay_home)
    other = ow.plan(procedures=[ow.birth])
    with pytest.raises(services.OutreachError):
        intake(ow, other, procedure=ow.residence)
    with pytest.raises(services.OutreachError):
        intake(ow, session, key="x")
    assert not Dossier.objects.exists()


def test_figures_by_procedure_and_queue(ow):
    session = ow.plan()
    intake(ow, session)
    services.session_intake(
        officer=ow.officer,
        session=session,
        key="2d1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b",
        request_hash="x" * 64,
        procedure=ow.residence,
        presented_document_ids=ow.docs(ow.residence),
        from_queue=True,
        applicant_name="Vàng Thị Mai",
    )
    figures = selectors.session_figures(session)
    assert (figures.received, figures.live, figures.from_queue) == (2, 1, 1)
    assert {p.name: p.count for p in figures.by_procedure} == {"Đăng ký khai sinh": 1, "Đăng ký thường trú": 1}
    rows = selectors.sessions_report(officer=ow.manager, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    assert [r.figures.received for r in rows] == [2]


def test_sessions_are_scoped_to_the_officers_units(ow):
    session = ow.plan()
    assert list(selectors.session_list_for_officer(officer=ow.officer)) == [session]
    assert list(selectors.session_list_for_officer(officer=ow.stay_home)) == [session]
    assert not selectors.session_list_for_officer(officer=ow.stranger).exists()
    assert selectors.sessions_report(officer=ow.stranger, date_from=session.day, date_to=session.day) == []


def test_the_list_counts_each_dossier_once_whatever_the_number_of_officers(ow):
    session = ow.plan(officers=[ow.officer, ow.stay_home, ow.manager])
    intake(ow, session)
    for viewer in (ow.manager, ow.officer):
        (row,) = selectors.session_list_for_officer(officer=viewer)
        assert row.received == 1


def test_the_same_key_and_fields_from_another_officer_or_session_is_a_conflict(ow):
    """The key belongs to one officer at one session (`run_once(owned=…)`): the same key and the same fields from
    another officer, or for another session, never get that dossier back."""
    session = ow.plan(officers=[ow.officer, ow.stay_home])
    second = ow.plan(place="Thôn Trung", officers=[ow.officer])
    intake(ow, session)
    with pytest.raises(services.IntakeConflict):
        intake(ow, session, officer=ow.stay_home)
    with pytest.raises(services.IntakeConflict):
        intake(ow, second)
    assert Dossier.objects.count() == 1
