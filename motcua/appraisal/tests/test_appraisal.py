"""Officer evaluation: figures read off the dossier history, the TT 01/2018 art 15 score and band, the append-only
yearly grading, access (the officer, their unit's leader, the centre manager; everyone else 404), index 5."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.appraisal import selectors, services
from motcua.appraisal.choices import TaskBand
from motcua.appraisal.index5 import full_process_score
from motcua.appraisal.models import OfficerGrading
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Action, Outcome
from motcua.dossiers.tests.factories import DepartmentFactory, ProcedureFactory, officer_in, vn
from motcua.metrics.evaluation import evaluation_for_unit

from .conftest import MARCH

pytestmark = pytest.mark.django_db
IN_2026 = vn(2026, 12, 20, 9, 0)


def acts(figures) -> dict:
    return {action: count for action, _label, count in figures.acts}


def test_counter_officer_figures_come_from_the_history(world):
    figures = selectors.officer_figures(subject=world.subject(world.counter), start=MARCH[0], end=MARCH[1])
    assert acts(figures) == {Action.RECEIVE: 3, Action.FORWARD: 3, Action.DELIVER: 1}
    assert figures.dossiers_acted == 3
    # d1 finished early on 2 March, d3 late on 20 March (5 working days from 4 March); d2 is not finished
    assert figures.resolved == {Outcome.EARLY: 1, Outcome.ON_TIME: 0, Outcome.LATE: 1}
    assert figures.on_time_percent == 50.0
    assert figures.supplements == 0
    assert figures.ratings == 1


def test_specialist_figures_count_the_supplement_request_they_made(world):
    figures = selectors.officer_figures(subject=world.subject(world.specialist), start=MARCH[0], end=MARCH[1])
    assert acts(figures) == {Action.REQUEST_SUPPLEMENT: 1, Action.APPRAISE: 2}
    assert figures.supplements == 1
    # a period without acts: nothing
    empty = selectors.officer_figures(
        subject=world.subject(world.specialist), start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30)
    )
    assert (empty.acts_total, empty.resolved_total, empty.score, empty.band) == (0, 0, None, "")


def test_score_sums_indices_1_2_3_4_7_of_the_dossiers_handled(world):
    """TT 01/2018 art 15.1(a): indices 1, 2, 3, 4, 7; art 15.2(a): mean over the dossiers, one decimal. Counter
    officer: d1 early (2), d3 late (0) → index 1 = 1.0; no supplement on either → index 3 = 2.0; d1's rating:
    one place 5 → 2.0, attitude 4 → 1.5."""
    figures = selectors.officer_figures(subject=world.subject(world.counter), start=MARCH[0], end=MARCH[1])
    scores = {i.number: i.score for i in figures.indices}
    assert set(scores) == {1, 2, 3, 4, 7}
    assert (scores[1], scores[3], scores[4], scores[7]) == (1.0, 2.0, 2.0, 1.5)
    assert figures.score == round(sum(s for s in scores.values() if s is not None), 1)
    assert figures.band == selectors.band_for(figures.score)


@pytest.mark.parametrize(
    ("total", "band"),
    [(10, TaskBand.FULL), (5, TaskBand.FULL), (4.9, TaskBand.PARTIAL), (3.5, TaskBand.PARTIAL), (3.4, TaskBand.LOW)],
)
def test_bands_follow_article_15_3_a(total, band):
    """ "hoàn thành 100% nhiệm vụ khi có số điểm tối thiểu đánh giá từ 5 trở lên; hoàn thành từ 70% đến dưới 100%
    nhiệm vụ khi có số điểm đánh giá từ 3,5 đến dưới 5 điểm; hoàn thành dưới 70% nhiệm vụ khi số điểm đánh giá
    dưới 3,5 điểm" (TT 01/2018/TT-VPCP art 15.3(a))."""
    assert selectors.band_for(total) == band


def test_min_dossiers_setting_withholds_the_band(world, settings):
    settings.MOTCUA_APPRAISAL_MIN_DOSSIERS = 3
    figures = selectors.officer_figures(subject=world.subject(world.counter), start=MARCH[0], end=MARCH[1])
    assert figures.score is not None and figures.band == ""


def test_grading_is_recorded_by_the_manager_with_evidence_and_never_changed(world):
    subject = world.subject(world.counter)
    with time_machine.travel(IN_2026, tick=False):
        first = services.grading_record(
            manager=world.manager,
            subject=subject,
            year=2026,
            band=selectors.officer_figures(subject=subject, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)).band,
        )
        other = TaskBand.LOW if first.band != TaskBand.LOW else TaskBand.FULL
        with pytest.raises(ValidationError) as error:
            services.grading_record(manager=world.manager, subject=subject, year=2026, band=other)
        assert "reason" in error.value.message_dict
        second = services.grading_record(
            manager=world.manager, subject=subject, year=2026, band=other, reason="Có phản ánh được xác minh."
        )
        for not_manager in (world.counter, world.leader, world.other_counter):
            with pytest.raises(PermissionDenied):
                services.grading_record(manager=not_manager, subject=subject, year=2026, band=first.band)
        with pytest.raises(ValidationError):
            services.grading_record(manager=world.manager, subject=subject, year=2027, band=first.band)
    assert first.evidence["acts"] == {Action.RECEIVE: 3, Action.FORWARD: 3, Action.DELIVER: 1}
    assert first.computed_band == first.band and second.computed_band == first.band
    assert list(selectors.gradings(subject=subject)) == [second, first]
    first.reason = "sửa"
    with pytest.raises(ValueError, match="append-only"):
        first.save()
    with pytest.raises(ValueError, match="append-only"):
        first.delete()
    assert OfficerGrading.objects.count() == 2


def test_manager_cannot_grade_themself(world):
    with time_machine.travel(IN_2026, tick=False), pytest.raises(PermissionDenied):
        services.grading_record(
            manager=world.manager, subject=world.subject(world.manager), year=2026, band=TaskBand.FULL
        )


def citizen():
    return User.objects.create_user(username="congdan", password="x", kind=UserKind.CITIZEN)


@pytest.mark.parametrize(
    ("viewer", "officer", "status"),
    [
        ("counter", "counter", 200),  # the officer themself
        ("manager", "counter", 200),  # the centre manager of their unit
        ("leader", "specialist", 200),  # the unit leader of their unit
        ("specialist", "specialist", 200),
        ("other_counter", "counter", 404),  # a colleague
        ("leader", "counter", 404),  # a leader of another unit
        ("manager", "specialist", 404),  # the manager of another unit
        ("counter", "manager", 404),
        ("admin", "counter", 404),  # superusers are not the officer's hierarchy
        ("citizen", "counter", 404),
    ],
)
def test_each_actor_sees_or_gets_404(world, client, viewer, officer, status):
    users = {
        "counter": world.counter,
        "manager": world.manager,
        "leader": world.leader,
        "specialist": world.specialist,
        "other_counter": world.other_counter,
        "admin": User.objects.create_superuser(username="quantri", password="x"),
        "citizen": citizen(),
    }
    client.force_login(users[viewer])
    pk = world.subject(users[officer]).pk
    with time_machine.travel(IN_2026, tick=False):
        for name in ("appraisal:detail", "appraisal:dossiers"):
            response = client.get(reverse(name, args=[pk]), {"ky": "2026-03", "so-lieu": "resolved"})
            assert response.status_code == status, name
        grade = client.get(reverse("appraisal:grade", args=[pk]))
    assert grade.status_code == (200 if (viewer, officer) == ("manager", "counter") else 404)


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("appraisal:detail", args=[world.subject(world.counter).pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_list_shows_own_line_or_the_whole_unit_sorted(world, client):
    with time_machine.travel(IN_2026, tick=False):
        client.force_login(world.counter)
        own = client.get(reverse("appraisal:list"), {"nam": 2026})
        assert [r.subject.user for r in own.context["rows"]] == [world.counter]
        client.force_login(world.manager)
        rows = client.get(reverse("appraisal:list"), {"nam": 2026, "sap-xep": "ho-so"}).context["rows"]
    assert {r.subject.user for r in rows} == {world.counter, world.manager, world.other_counter}
    assert rows[0].subject.user == world.counter  # most dossiers handled first
    client.force_login(citizen())
    assert client.get(reverse("appraisal:list")).status_code == 403


def test_drilldown_lists_the_dossiers_behind_a_figure(world, client):
    client.force_login(world.manager)
    url = reverse("appraisal:dossiers", args=[world.subject(world.counter).pk])
    late = client.get(url, {"ky": "2026-03", "so-lieu": Outcome.LATE})
    assert [d.code for d in late.context["dossiers"]] == [world.d3.code]
    received = client.get(url, {"ky": "2026-03", "so-lieu": "act:receive"})
    assert {d.code for d in received.context["dossiers"]} == {world.d1.code, world.d2.code, world.d3.code}
    assert client.get(url, {"ky": "2026-03", "so-lieu": "xyz"}).status_code == 404
    assert client.get(url, {"ky": "2026-13", "so-lieu": "late"}).status_code == 404


def test_grading_form_keeps_the_input_on_error_and_records(world, client):
    client.force_login(world.manager)
    subject = world.subject(world.counter)
    url = reverse("appraisal:grade", args=[subject.pk])
    with time_machine.travel(IN_2026, tick=False):
        computed = client.get(url, {"nam": 2026}).context["figures"].band
        other = TaskBand.LOW if computed != TaskBand.LOW else TaskBand.FULL
        bad = client.post(url, {"year": 2026, "band": other, "reason": ""})
        assert bad.status_code == 400
        page = bad.content.decode()
        assert f'value="{other}"' in page and "checked" in page and 'value="2026"' in page
        assert "viết lý do" in page.lower() or "lý do" in page.lower()
        ok = client.post(url, {"year": 2026, "band": other, "reason": "Phản ánh đã xác minh"})
    assert ok.status_code == 302
    assert OfficerGrading.objects.get().reason == "Phản ánh đã xác minh"


def test_index5_from_who_acted(world):
    """TT 01/2018 art 13.5: the World's dossiers are appraised and approved by a department (not handled fully at
    the one-stop unit) but received and returned there → 1 point. A second procedure appraised and approved by
    officers of the one-stop centre itself: 1 of 2 procedures ≥ 20 % (a provincial centre) → 2 points."""
    assert full_process_score(unit=world.one_stop, start=MARCH[0], end=MARCH[1])[0] == 1
    assert {i.number: i.score for i in evaluation_for_unit(unit=world.one_stop, start=MARCH[0], end=MARCH[1]).indices}[
        5
    ] == 1
    procedure = ProcedureFactory()
    appraiser = officer_in(world.one_stop, Role.SPECIALIST)
    head = officer_in(world.one_stop, Role.UNIT_LEADER)
    with time_machine.travel(vn(2026, 3, 9, 9, 0), tick=False):
        dossier = dossier_services.dossier_receive_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=procedure,
            applicant_name="Lê Thị Cúc",
            applicant_phone="0911111111",
            presented_document_ids=list(procedure.documents.values_list("pk", flat=True)),
        )
    moment = vn(2026, 3, 9, 10, 0)
    for function, officer, kwargs in (
        (dossier_services.dossier_forward, world.counter, {"to_units": [world.one_stop]}),
        (dossier_services.dossier_appraise, appraiser, {"opinion": "Đủ"}),
        (dossier_services.dossier_approve, head, {}),
        (dossier_services.dossier_sign, head, {}),
    ):
        dossier = world.act(function, dossier, at=moment, officer=officer, **kwargs)
        moment += dt.timedelta(hours=1)
    score, basis, _reason = full_process_score(unit=world.one_stop, start=MARCH[0], end=MARCH[1])
    assert score == 2 and basis.startswith("1/2")
    other = DepartmentFactory()
    assert full_process_score(unit=other, start=MARCH[0], end=MARCH[1])[0] is None


def test_pages_query_counts_stay_bounded(world, client, django_assert_max_num_queries):
    """The officer's page runs a fixed number of queries; the list a fixed number per officer (3 here)."""
    client.force_login(world.manager)
    with time_machine.travel(IN_2026, tick=False):
        with django_assert_max_num_queries(15):
            assert client.get(reverse("appraisal:detail", args=[world.subject(world.counter).pk])).status_code == 200
        with django_assert_max_num_queries(3 * 8 + 4):
            assert client.get(reverse("appraisal:list"), {"nam": 2026}).status_code == 200


def test_an_officer_in_two_units_is_one_line_summed_over_the_units_the_viewer_may_see(world, client):
    """TT 01/2018 art 15.4(c): an officer is graded once a year as a person. The specialist of the department also
    serves at the centre's counter: one line, both units listed, the figures of both added, for a viewer who may see
    both; the department's leader and the centre's manager each see only their own unit's share (access.RANKS)."""
    Membership.objects.create(user=world.specialist, unit=world.one_stop, role=Role.COUNTER_OFFICER)
    procedure = world.procedure
    with time_machine.travel(vn(2026, 3, 10, 9, 0), tick=False):
        dossier_services.dossier_receive_at_counter(
            officer=world.specialist,
            unit=world.one_stop,
            procedure=procedure,
            applicant_name="Trần Văn Bình",
            applicant_phone="0911111112",
            presented_document_ids=list(procedure.documents.values_list("pk", flat=True)),
        )
    both = User.objects.create(username="truong-ca-hai", kind=UserKind.OFFICER, full_name="Đỗ Văn Hai")
    Membership.objects.create(user=both, unit=world.department, role=Role.UNIT_LEADER)
    Membership.objects.create(user=both, unit=world.one_stop, role=Role.ONE_STOP_MANAGER)
    in_department = selectors.person_figures(
        officer_id=world.specialist.pk, unit_ids=[world.department.pk], start=dt.date(2026, 1, 1), end=IN_2026.date()
    )
    assert in_department.acts_total >= 2  # the supplement request and the appraisal of March

    def line(viewer):
        client.force_login(viewer)
        with time_machine.travel(IN_2026, tick=False):
            rows = client.get(reverse("appraisal:list"), {"nam": 2026}).context["rows"]
        mine = [row for row in rows if row.subject.user == world.specialist]
        assert len(mine) == 1
        return mine[0]

    for viewer in (both, world.specialist):
        row = line(viewer)
        assert {s.unit for s in row.subjects} == {world.department, world.one_stop}
        assert row.figures.acts_total == in_department.acts_total + 1
        assert acts(row.figures)[Action.RECEIVE] == 1
        assert row.figures.dossiers_acted == in_department.dossiers_acted + 1
    leader_row = line(world.leader)
    assert [s.unit for s in leader_row.subjects] == [world.department]
    assert leader_row.figures.acts_total == in_department.acts_total and Action.RECEIVE not in acts(leader_row.figures)
    manager_row = line(world.manager)
    assert [s.unit for s in manager_row.subjects] == [world.one_stop]
    assert manager_row.figures.acts_total == 1 and acts(manager_row.figures) == {Action.RECEIVE: 1}
    client.force_login(both)
    page = client.get(reverse("appraisal:list"), {"nam": 2026}).content.decode()
    assert page.count(world.specialist.full_name) == 1
    for subject in Membership.objects.filter(user=world.specialist):
        assert reverse("appraisal:detail", args=[subject.pk]) in page


def test_grading_time_is_shown_in_vietnam_time_whatever_the_display_zone(world, client):
    """The test settings' display zone is not Vietnam's: the page still shows the moment as users in Vietnam read
    it (09:00 on 18/11, not 17/11 18:00 in Los Angeles)."""
    subject = world.subject(world.counter)
    client.force_login(world.manager)
    with time_machine.travel(IN_2026, tick=False):
        services.grading_record(
            manager=world.manager,
            subject=subject,
            year=2026,
            band=TaskBand.LOW,
            reason="Thử",
            now=vn(2026, 11, 18, 9, 0),
        )
        page = client.get(reverse("appraisal:detail", args=[subject.pk])).content.decode()
    assert "18/11/2026 09:00" in page
