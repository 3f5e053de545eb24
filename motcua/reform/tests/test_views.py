import datetime as dt

import pytest
from django.urls import reverse

from motcua.reform import models, services
from motcua.reform.choices import RoundStatus, TaskStatus
from motcua.reform.models import SurveyResponse

from .factories import question_ids


@pytest.fixture
def plan(world):
    plan = world.plan()
    world.task(plan, number="1", title="Nhiệm vụ quá hạn", due_date=dt.date(2020, 1, 31))
    world.task(plan, number="2", title="Nhiệm vụ còn hạn", due_date=dt.date(2099, 12, 31), lead_unit=world.commune_b)
    return plan


def test_plan_page_flags_overdue_tasks(client, world, plan):
    client.force_login(world.officer_a)

    response = client.get(reverse("reform:plan_detail", args=[plan.pk]) + "?qua-han=1")

    assert response.status_code == 200
    assert [r["task"].number for r in response.context["rows"]] == ["1"]
    assert response.context["rows"][0]["overdue"] is True


def test_unit_not_involved_cannot_open_the_plan(client, world, plan):
    plan.tasks.filter(number="2").update(lead_unit=world.commune_a)
    client.force_login(world.officer_b)

    assert client.get(reverse("reform:plan_detail", args=[plan.pk])).status_code == 404


def test_cooperating_unit_sees_task_but_cannot_report_progress(client, world, plan):
    task = plan.tasks.get(number="1")
    task.cooperating_units.add(world.commune_b)
    client.force_login(world.officer_b)
    url = reverse("reform:task_detail", args=[task.pk])

    assert client.get(url).context["may_report"] is False
    assert client.post(url, {"progress": 50, "status": TaskStatus.IN_PROGRESS}).status_code == 403


def test_lead_unit_reports_progress_through_the_page(client, world, plan):
    task = plan.tasks.get(number="1")
    client.force_login(world.officer_a)

    response = client.post(
        reverse("reform:task_detail", args=[task.pk]),
        {"progress": 60, "status": TaskStatus.IN_PROGRESS, "note": "Đang làm"},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress == 60


def test_plan_excel_export_and_print(client, world, plan):
    client.force_login(world.manager)

    xlsx = client.get(reverse("reform:plan_xlsx", args=[plan.pk]))
    printed = client.get(reverse("reform:plan_print", args=[plan.pk]))

    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    assert len(printed.context["overdue_rows"]) == 1


def test_citizen_is_kept_out_of_reform_screens(client, world, plan):
    from motcua.accounts.choices import UserKind
    from motcua.dossiers.tests.factories import OfficerFactory

    citizen = OfficerFactory(kind=UserKind.CITIZEN)
    client.force_login(citizen)

    assert client.get(reverse("reform:plan_list")).status_code == 403


def test_survey_results_only_for_organising_unit(client, world):
    survey = world.survey()
    client.force_login(world.leader_a)
    assert client.get(reverse("reform:survey_results", args=[survey.pk])).status_code == 404

    client.force_login(world.manager)
    response = client.get(reverse("reform:survey_results", args=[survey.pk]))
    assert response.status_code == 200
    assert client.get(reverse("reform:survey_results", args=[survey.pk]) + "?xuat=xlsx").content[:2] == b"PK"


def test_public_survey_form_records_answer_and_rate_limits(client, world, settings):
    survey = world.survey()
    url = reverse("reform:survey_public", args=[world.target_a.open_token])
    field = f"q{question_ids(survey)['TC1']}"

    assert client.post(url, {field: "5"}).status_code == 200
    assert SurveyResponse.objects.get().unit == world.commune_a
    for _attempt in range(25):
        last = client.post(url, {field: "4"})
    assert last.status_code == 429


def test_unknown_survey_link_shows_not_valid_page(client, world):
    world.survey()
    assert client.get(reverse("reform:survey_public", args=["khong-ton-tai"])).status_code == 404


def test_csv_import_page_shows_the_validation_report(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    survey = world.survey()
    client.force_login(world.manager)
    data = f"unit,TC1\n{world.commune_a.code},9\n".encode()

    response = client.post(
        reverse("reform:survey_import", args=[survey.pk]), {"file": SimpleUploadedFile("phieu.csv", data)}
    )

    assert response.context["report"].errors[0][0] == 2
    assert SurveyResponse.objects.count() == 0


def test_published_contest_page_is_public_and_drafts_are_not(client, world):
    contest = world.contest(status=RoundStatus.JUDGING)
    assert client.get(reverse("reform:published_detail", args=[contest.slug])).status_code == 404

    services.round_advance(actor=world.manager, contest_round=contest)

    assert client.get(reverse("reform:published_detail", args=[contest.slug])).status_code == 200


def test_judge_sheet_refused_to_non_judge(client, world):
    contest = world.contest()
    initiative = services.initiative_submit(
        actor=world.officer_a, contest_round=contest, unit=world.commune_a, title="X", authors="Y", summary="Z"
    )
    client.force_login(world.manager)

    assert client.get(reverse("reform:judge_sheet", args=[initiative.pk])).status_code == 404


def test_the_task_log_and_the_published_date_read_in_vietnam_time(client, world, plan):
    """A report stored at 17:30 UTC on 31/03 was made at 00:30 on 01/04 in Vietnam: the progress log and a contest's
    publication date say so whatever the display zone (the test settings' is Los Angeles, where it is 31/03)."""
    task = plan.tasks.get(number="1")
    late_evening_utc = dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)
    models.TaskProgressEntry.objects.create(
        task=task, author=world.officer_a, at=late_evening_utc, progress=40, status=TaskStatus.IN_PROGRESS
    )
    client.force_login(world.officer_a)
    page = client.get(reverse("reform:task_detail", args=[task.pk])).content.decode()
    assert "01/04/2026 00:30" in page and "31/03/2026" not in page
    contest = world.contest(status=RoundStatus.JUDGING)
    services.round_advance(actor=world.manager, contest_round=contest)
    type(contest).objects.filter(pk=contest.pk).update(published_at=late_evening_utc)
    client.logout()
    for url in (reverse("reform:published_list"), reverse("reform:published_detail", args=[contest.slug])):
        page = client.get(url).content.decode()
        assert "01/04/2026" in page and "31/03/2026" not in page, url
