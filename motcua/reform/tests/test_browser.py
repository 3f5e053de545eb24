"""The main reform screens in Chromium: a plan with an overdue task and a progress report, the survey results
and the public questionnaire (also on a phone), contest judging and the public results. Screenshots in
var/screenshots/reform-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.tests.factories import OfficerFactory
from motcua.reform import services
from motcua.reform.choices import RoundStatus
from motcua.reform.models import SurveyResponse

from .factories import question_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def sign_in(browser, live_server):
    contexts = []

    def go(user, path):
        user.set_password(PASSWORD)
        user.save()
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={path}")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"**{path}")
        return page

    yield go
    for context in contexts:
        context.close()


def test_plan_shows_overdue_task_and_lead_unit_reports_progress(world, sign_in, screenshot):
    plan = world.plan(document_number="15/KH-UBND")
    late = world.task(plan, number="I.1", title="Rà soát quy trình nội bộ", due_date=dt.date(2020, 3, 31))
    late.cooperating_units.add(world.commune_b)
    world.task(
        plan, number="I.2", title="Số hóa hồ sơ hộ tịch", due_date=dt.date(2099, 6, 30), lead_unit=world.commune_b
    )

    page = sign_in(world.officer_a, f"/ke-hoach-cchc/{plan.pk}/")
    assert page.locator("tr[data-overdue]").count() == 1
    screenshot(page, "reform-plan")

    page.click("text=Rà soát quy trình nội bộ")
    page.fill("input[name=progress]", "70")
    page.fill("textarea[name=note]", "Đã rà soát 7/10 quy trình")
    page.click("button:has-text('Lưu báo cáo'), form[enctype] button[type=submit]")
    page.wait_for_selector(".message")
    late.refresh_from_db()
    assert late.progress == 70
    screenshot(page, "reform-task")


def test_survey_results_and_public_questionnaire(world, sign_in, live_server, phone_page, screenshot):
    survey = world.survey()
    ids = question_ids(survey)
    for values in ({"TC1": 5, "TC2": 4, "TT1": 3, "YT1": 4}, {"TC1": 4, "TC2": 2, "TT1": 5, "YT1": 5}):
        services.survey_response_enter(
            actor=world.manager, survey=survey, unit=world.commune_a, answers={ids[c]: v for c, v in values.items()}
        )

    phone_page.goto(f"{live_server.url}/ke-hoach-cchc/phieu/{world.target_a.open_token}/")
    phone_page.check(f"input[name=q{ids['TC1']}][value='5']")
    phone_page.check(f"input[name=q{ids['TT1']}][value='2']")
    screenshot(phone_page, "reform-survey-public-phone")
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_selector(".hero")
    assert SurveyResponse.objects.count() == 3

    page = sign_in(world.manager, f"/ke-hoach-cchc/khao-sat/{survey.pk}/")
    assert page.locator(".survey-table").first.locator("tbody tr").count() == 3  # two units + total
    screenshot(page, "reform-survey-results")


def test_judge_scores_and_results_are_published(world, sign_in, live_server, page, screenshot):
    contest = world.contest()
    judge = OfficerFactory(full_name="Giám khảo Một")
    contest.judges.add(judge)
    initiative = services.initiative_submit(
        actor=world.officer_a,
        contest_round=contest,
        unit=world.commune_a,
        title="Trả kết quả TTHC tại nhà cho người cao tuổi",
        authors="Trần Thị Bình",
        summary="Bưu điện xã trả kết quả miễn phí cho người trên 75 tuổi.",
    )
    services.initiative_screen(actor=world.leader_a, initiative=initiative, accept=True)
    contest.status = RoundStatus.JUDGING
    contest.save()

    judge_page = sign_in(judge, f"/ke-hoach-cchc/sang-kien/cham/{initiative.pk}/")
    first, second = contest.criteria.all()
    judge_page.fill(f"#c{first.pk}", "35")
    judge_page.fill(f"#c{second.pk}", "52,5")
    screenshot(judge_page, "reform-judge-sheet")
    judge_page.click("main button[type=submit]")
    judge_page.wait_for_selector("table.ranking")
    assert "87.50" in judge_page.locator("table.ranking").inner_text().replace(",", ".")

    services.initiative_award(actor=world.manager, initiative=initiative, prize=contest.prizes.get(rank=1))
    services.round_advance(actor=world.manager, contest_round=contest)
    page.goto(f"{live_server.url}/ke-hoach-cchc/cong-bo/{contest.slug}/")
    assert page.locator(".winner").count() == 1
    screenshot(page, "reform-published")
