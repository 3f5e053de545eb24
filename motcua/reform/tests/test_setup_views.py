"""The Department's entry screens: plans, tasks, inspections, survey and contest rounds."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.choices import UserKind
from motcua.dossiers.tests.factories import OfficerFactory
from motcua.reform.choices import DeadlineKind, FollowUpStatus, RoundStatus, SurveyStatus
from motcua.reform.models import ContestRound, Inspection, ReformPlan, ReformTask, Survey, SurveyQuestion
from motcua.reform.services import FindingInput, inspection_record, working_days_deadline
from motcua.scorecard.tests.factories import par_framework


def _task_post(world, **overrides):
    data = {
        "number": "II.1",
        "title": "Rà soát quy trình nội bộ",
        "lead_unit": world.commune_a.pk,
        "expected_output": "Quyết định phê duyệt quy trình",
        "deadline_kind": "date",
        "due_date": "2026-09-30",
    }
    data.update(overrides)
    return data


def test_department_creates_a_plan(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:plan_create"),
        {
            "year": 2026,
            "managing_unit": world.home_affairs.pk,
            "unit": world.province.pk,
            "title": "Kế hoạch CCHC năm 2026",
            "document_number": "12/KH-UBND",
            "document_date": "2026-01-05",
            "status": "issued",
        },
    )

    plan = ReformPlan.objects.get()
    assert response.status_code == 302
    assert (plan.unit, plan.managing_unit, plan.status) == (world.province, world.home_affairs, "issued")


def test_plan_form_rejects_a_unit_the_officer_does_not_belong_to(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:plan_create"),
        {"year": 2026, "managing_unit": world.commune_a.pk, "unit": world.province.pk, "title": "X", "status": "draft"},
    )

    assert response.status_code == 200
    assert "managing_unit" in response.context["form"].errors
    assert not ReformPlan.objects.exists()


def test_plan_form_shows_field_errors_instead_of_failing(client, world):
    client.force_login(world.manager)

    response = client.post(reverse("reform:plan_create"), {"year": "abc", "document_date": "31/31/2026"})

    assert response.status_code == 200
    assert {"year", "title", "document_date"} <= set(response.context["form"].errors)


def test_second_plan_for_the_same_year_and_unit_is_a_form_error(client, world):
    world.plan(year=2026)
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:plan_create"),
        {
            "year": 2026,
            "managing_unit": world.home_affairs.pk,
            "unit": world.province.pk,
            "title": "Trùng",
            "status": "draft",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert ReformPlan.objects.count() == 1


def test_department_edits_the_plan(client, world):
    plan = world.plan()
    client.force_login(world.manager)

    client.post(
        reverse("reform:plan_edit", args=[plan.pk]),
        {"title": "Kế hoạch sửa đổi", "status": "issued", "document_number": "5/KH", "document_date": ""},
    )

    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.document_number) == ("Kế hoạch sửa đổi", "issued", "5/KH")


def test_task_with_a_working_day_deadline_links_criteria(client, world):
    plan = world.plan()
    framework = par_framework(2026)
    criterion = framework.nodes.filter(children__isnull=True).first()
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:task_create", args=[plan.pk]),
        _task_post(
            world,
            deadline_kind="working_days",
            due_date="",
            start_date="2026-04-27",
            working_days="5",
            criteria=[criterion.pk],
            cooperating_units=[world.commune_b.pk],
        ),
    )

    task = ReformTask.objects.get()
    assert response.status_code == 302
    assert task.deadline_kind == DeadlineKind.WORKING_DAYS
    assert task.due_date == working_days_deadline(dt.date(2026, 4, 27), 5)
    assert list(task.criteria.all()) == [criterion]
    assert list(task.cooperating_units.all()) == [world.commune_b]


def test_working_day_deadline_without_start_is_a_field_error(client, world):
    plan = world.plan()
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:task_create", args=[plan.pk]),
        _task_post(world, deadline_kind="working_days", working_days="10"),
    )

    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    assert not ReformTask.objects.exists()


def test_lead_unit_cannot_also_cooperate(client, world):
    plan = world.plan()
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:task_create", args=[plan.pk]), _task_post(world, cooperating_units=[world.commune_a.pk])
    )

    assert "cooperating_units" in response.context["form"].errors


def test_duplicate_task_number_is_a_form_error(client, world):
    plan = world.plan()
    world.task(plan, number="II.1")
    client.force_login(world.manager)

    response = client.post(reverse("reform:task_create", args=[plan.pk]), _task_post(world))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert plan.tasks.count() == 1


def test_department_moves_a_task_deadline(client, world):
    plan = world.plan()
    task = world.task(plan, number="I.1")
    client.force_login(world.manager)

    client.post(reverse("reform:task_edit", args=[task.pk]), _task_post(world, number="I.1", due_date="2026-12-15"))

    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 12, 15)


def test_lead_unit_cannot_open_the_task_editor(client, world):
    plan = world.plan()
    task = world.task(plan)
    client.force_login(world.officer_a)

    assert client.get(reverse("reform:task_edit", args=[task.pk])).status_code == 404
    assert client.get(reverse("reform:task_create", args=[plan.pk])).status_code == 404


def test_citizen_is_refused_the_entry_screens(client, world):
    client.force_login(OfficerFactory(kind=UserKind.CITIZEN))

    assert client.get(reverse("reform:plan_create")).status_code == 403


def test_inspection_visit_with_findings_opens_a_follow_up(client, world):
    plan = world.plan()
    client.force_login(world.manager)
    data = {
        "inspected_unit": world.commune_a.pk,
        "visit_date": "2026-03-10",
        "team": "Đoàn kiểm tra Sở Nội vụ",
        "conclusion_number": "15/TB-SNV",
        "summary": "",
        "findings-TOTAL_FORMS": "3",
        "findings-INITIAL_FORMS": "0",
        "findings-0-description": "Niêm yết TTHC chưa đầy đủ",
        "findings-0-severity": "minor",
        "findings-0-follow_up_due": "2026-04-10",
        "findings-1-description": "Bộ phận một cửa bố trí hợp lý",
        "findings-1-severity": "good",
        "findings-2-description": "",
        "findings-2-severity": "minor",
    }

    response = client.post(reverse("reform:inspection_create", args=[plan.pk]), data)

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert [f.follow_up_status for f in inspection.findings.all()] == [FollowUpStatus.OPEN, FollowUpStatus.NONE]


def test_inspection_in_the_future_is_refused(client, world):
    plan = world.plan()
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:inspection_create", args=[plan.pk]),
        {
            "inspected_unit": world.commune_a.pk,
            "visit_date": "2099-01-01",
            "findings-TOTAL_FORMS": "0",
            "findings-INITIAL_FORMS": "0",
        },
    )

    assert "visit_date" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_inspection_excel_lists_every_finding(client, world):
    plan = world.plan()
    inspection_record(
        actor=world.manager,
        plan=plan,
        inspected_unit=world.commune_b,
        visit_date=dt.date(2026, 2, 3),
        findings=[
            FindingInput(description="Chưa số hóa kết quả", severity="major", follow_up_due=dt.date(2026, 3, 1)),
            FindingInput(description="Tốt", severity="good"),
        ],
    )
    client.force_login(world.manager)

    response = client.get(reverse("reform:inspection_xlsx", args=[plan.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=r, column=5).value for r in (5, 6)] == ["Chưa số hóa kết quả", "Tốt"]


def test_department_creates_a_survey_with_the_default_questionnaire(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:survey_create"),
        {
            "organizer": world.home_affairs.pk,
            "year": 2026,
            "code": "sipas-2026",
            "title": "Khảo sát hài lòng 2026",
            "units": [world.commune_a.pk, world.commune_b.pk],
            "scale_max": 5,
            "satisfied_from": 4,
            "min_sample": 30,
        },
    )

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert survey.status == SurveyStatus.DRAFT
    assert SurveyQuestion.objects.filter(element__survey=survey).count() == 9
    assert survey.targets.count() == 2


def test_survey_round_copies_last_years_questionnaire(client, world):
    last_year = world.survey(code="sipas-2025", year=2025)
    client.force_login(world.manager)

    client.post(
        reverse("reform:survey_create"),
        {
            "organizer": world.home_affairs.pk,
            "year": 2026,
            "code": "sipas-2026",
            "title": "Khảo sát 2026",
            "copy_from": last_year.pk,
            "units": [world.commune_a.pk],
            "scale_max": 5,
            "satisfied_from": 4,
            "min_sample": 30,
        },
    )

    new = Survey.objects.get(code="sipas-2026")
    assert sorted(SurveyQuestion.objects.filter(element__survey=new).values_list("code", flat=True)) == [
        "TC1",
        "TC2",
        "TT1",
        "YT1",
    ]


def test_survey_code_already_used_and_threshold_off_scale_are_field_errors(client, world):
    world.survey(code="sipas-2026")
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:survey_create"),
        {
            "organizer": world.home_affairs.pk,
            "year": 2026,
            "code": "sipas-2026",
            "title": "Trùng mã",
            "units": [world.commune_a.pk],
            "scale_max": 5,
            "satisfied_from": 7,
            "min_sample": 30,
        },
    )

    assert response.status_code == 200
    assert "satisfied_from" in response.context["form"].errors


def test_organiser_opens_the_survey(client, world):
    survey = world.survey(status=SurveyStatus.DRAFT)
    client.force_login(world.manager)

    client.post(reverse("reform:survey_status", args=[survey.pk]), {"status": "open"})

    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN


def test_department_creates_a_contest_round(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:round_create"),
        {
            "organizer": world.home_affairs.pk,
            "year": 2026,
            "title": "Hội thi sáng kiến CCHC năm 2026",
            "criteria": "Tính mới | 30\nHiệu quả | 50\nKhả năng nhân rộng | 20",
            "prizes": "Giải Nhất | 1\nGiải Nhì | 2",
            "judges": [world.leader_a.pk],
        },
    )

    contest = ContestRound.objects.get()
    assert response.status_code == 302
    assert contest.status == RoundStatus.DRAFT
    assert contest.slug == "hoi-thi-sang-kien-cchc-nam-2026"
    assert [c.max_score for c in contest.criteria.all()] == [30, 50, 20]
    assert [(p.name, p.rank, p.quantity) for p in contest.prizes.all()] == [("Giải Nhất", 1, 1), ("Giải Nhì", 2, 2)]
    assert list(contest.judges.all()) == [world.leader_a]


def test_badly_written_criterion_line_is_a_field_error(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("reform:round_create"),
        {"organizer": world.home_affairs.pk, "year": 2026, "title": "Hội thi", "criteria": "Tính mới | nhiều"},
    )

    assert "criteria" in response.context["form"].errors
    assert not ContestRound.objects.exists()


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["reform:plan_list", "reform:survey_list", "reform:round_list"])
def test_list_pages_use_the_same_number_of_queries_for_many_rows(client, world, name):
    client.force_login(world.manager)
    world.plan(year=2025)
    world.survey(code="s-1")
    world.contest()
    url = reverse(name)
    few = _query_count(client, url)
    for year in (2026, 2027, 2028):
        plan = world.plan(year=year)
        world.task(plan, due_date=dt.date(2020, 1, 1))
        world.survey(code=f"s-{year}")
        world.contest()

    assert _query_count(client, url) == few


def test_inspection_page_uses_the_same_number_of_queries_for_many_visits(client, world):
    plan = world.plan()
    client.force_login(world.manager)

    def visit():
        inspection_record(
            actor=world.manager,
            plan=plan,
            inspected_unit=world.commune_a,
            visit_date=dt.date(2026, 2, 3),
            findings=[FindingInput(description="Nhận xét", severity="minor")],
        )

    visit()
    url = reverse("reform:inspection_list", args=[plan.pk])
    few = _query_count(client, url)
    visit()
    visit()

    assert _query_count(client, url) == few
