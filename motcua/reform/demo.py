"""Demo data of the reform app for the demo province (setting MOTCUA_DEMO_PROVINCE), docs/demo.md:

- the Department of Home Affairs officer `motcua.sonoivu` (password `motcua-demo`): specialist of Sở Nội vụ, in
  the "Sở Nội vụ — thẩm định CCHC" group that holds `scorecard.appraise_assessment`;
- this year's reform plan of the province with tasks for departments and communes, a few of them overdue, one
  with a working-day deadline, progress on some, and an inspection visit with an open follow-up;
- a SIPAS-style survey (default questionnaire) with a handful of paper forms for three units;
- a draft initiative contest.

The demo units of the round and `motcua.sonoivu` come from `motcua.scorecard.demo` (the scorecard's demo, loaded
first, needs them for its assessment round). Everything goes through the services (permissions, working calendar, append-only logs). Idempotent: what
exists is left alone.
"""

from __future__ import annotations

import datetime
import random

from motcua.scorecard.demo import demo_reform_units, department_officer
from motcua.units.selectors import today_in_vietnam

from . import services
from .choices import FindingSeverity, PlanStatus, SurveyStatus, TaskStatus
from .models import ContestRound, ReformPlan, Survey, SurveyQuestion

# number, task, lead (key, index), due offset in days from today (negative = past), progress, status
TASKS = (
    ("I.1", "Ban hành kế hoạch CCHC năm và kế hoạch tuyên truyền CCHC", ("home", 0), -90, 100, TaskStatus.DONE),
    ("I.2", "Kiểm tra công tác CCHC tại các sở, ngành và UBND cấp xã", ("home", 0), 120, 30, TaskStatus.IN_PROGRESS),
    ("II.1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh", ("dept", 0), -20, 60, TaskStatus.IN_PROGRESS),
    (
        "III.1",
        "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực xây dựng",
        ("dept", 1),
        -45,
        20,
        TaskStatus.IN_PROGRESS,
    ),
    ("III.2", "Số hóa hồ sơ, kết quả giải quyết TTHC còn hiệu lực", ("commune", 0), -10, 0, TaskStatus.NOT_STARTED),
    ("III.3", "Công khai TTHC tại bộ phận một cửa cấp xã", ("commune", 1), 60, 50, TaskStatus.IN_PROGRESS),
    (
        "IV.1",
        "Sắp xếp, kiện toàn tổ chức bộ máy các đơn vị sự nghiệp y tế",
        ("dept", 2),
        150,
        10,
        TaskStatus.IN_PROGRESS,
    ),
    ("VI.1", "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập", ("dept", 3), 200, 0, TaskStatus.NOT_STARTED),
)


def _plan(units, officer) -> tuple[ReformPlan, bool]:
    today = today_in_vietnam()
    existing = ReformPlan.objects.filter(year=today.year, unit=units["province"]).first()
    if existing is not None:
        return existing, False
    plan = services.plan_create(
        actor=officer,
        year=today.year,
        unit=units["province"],
        managing_unit=units["home_affairs"],
        title=f"Kế hoạch cải cách hành chính năm {today.year}",
        document_number="15/KH-UBND (mẫu / demo)",
        document_date=datetime.date(today.year, 1, 8),
    )
    services.plan_update(
        actor=officer,
        plan=plan,
        title=plan.title,
        status=PlanStatus.ISSUED,
        document_number=plan.document_number,
        document_date=plan.document_date,
    )
    leads = {"home": [units["home_affairs"]], "dept": units["departments"], "commune": units["communes"]}
    from motcua.scorecard.models import Criterion

    criteria = list(
        Criterion.objects.filter(
            framework__code="par-index-province", framework__year=today.year, parent__isnull=False
        ).order_by("position")[:8]
    )
    for position, (number, title, (key, index), offset, progress, status) in enumerate(TASKS):
        lead = leads[key][index]
        task = services.task_create(
            actor=officer,
            plan=plan,
            number=number,
            title=title,
            lead_unit=lead,
            expected_output="Báo cáo kết quả thực hiện kèm văn bản minh chứng",
            due_date=today + datetime.timedelta(days=offset),
            cooperating_units=[units["home_affairs"]] if lead != units["home_affairs"] else [],
            criteria=criteria[position : position + 1],
        )
        if progress:
            services.task_report_progress(
                actor=officer,
                task=task,
                progress=progress,
                status=status,
                note="Số liệu mẫu",
            )
    services.task_create(
        actor=officer,
        plan=plan,
        number="VII.1",
        title="Triển khai Cổng dịch vụ công tích hợp trên ứng dụng di động",
        lead_unit=units["departments"][0],
        expected_output="Ứng dụng vận hành chính thức",
        start_date=today,
        working_days=45,
    )
    services.inspection_record(
        actor=officer,
        plan=plan,
        inspected_unit=units["communes"][0],
        visit_date=today - datetime.timedelta(days=30),
        team="Đoàn kiểm tra CCHC của Sở Nội vụ (mẫu / demo)",
        conclusion_number="21/TB-SNV (mẫu / demo)",
        summary="Kiểm tra việc thực hiện cơ chế một cửa, một cửa liên thông.",
        findings=[
            services.FindingInput(
                description="Bộ phận một cửa bố trí khu vực chờ thuận tiện", severity=FindingSeverity.GOOD
            ),
            services.FindingInput(
                description="Niêm yết TTHC chưa cập nhật theo quyết định công bố mới",
                severity=FindingSeverity.MINOR,
                recommendation="Cập nhật niêm yết trong 10 ngày làm việc",
                follow_up_due=today - datetime.timedelta(days=5),
            ),
        ],
    )
    return plan, True


def _survey(units, officer) -> tuple[Survey, int]:
    today = today_in_vietnam()
    code = f"sipas-demo-{today.year}"
    survey = Survey.objects.filter(code=code).first()
    if survey is not None:
        return survey, 0
    surveyed = [units["departments"][0], *units["communes"][:2]]
    survey = services.survey_create(
        actor=officer,
        organizer=units["home_affairs"],
        code=code,
        title=f"Khảo sát sự hài lòng của người dân, tổ chức năm {today.year} (mẫu / demo)",
        year=today.year,
        units=surveyed,
        min_sample=5,
        open_links=True,
    )
    services.survey_set_status(actor=officer, survey=survey, status=SurveyStatus.OPEN)
    questions = list(SurveyQuestion.objects.filter(element__survey=survey).values_list("pk", flat=True))
    rng = random.Random(2026)
    count = 0
    for unit_number, unit in enumerate(surveyed):
        for form in range(6):
            answers = {q: rng.choice((3, 4, 4, 5, 5) if unit_number != 2 else (2, 3, 4, 4, 5)) for q in questions}
            services.survey_response_enter(
                actor=officer, survey=survey, unit=unit, answers=answers, form_number=f"DEMO-{unit_number}-{form + 1}"
            )
            count += 1
    return survey, count


def _contest(units, officer) -> bool:
    year = today_in_vietnam().year
    if ContestRound.objects.filter(year=year, organizer=units["home_affairs"]).exists():
        return False
    services.round_create(
        actor=officer,
        organizer=units["home_affairs"],
        title=f"Hội thi sáng kiến cải cách hành chính năm {year}",
        year=year,
        criteria=[
            services.CriterionInput(name="Tính mới, sáng tạo", max_score=30),
            services.CriterionInput(name="Hiệu quả, lợi ích mang lại", max_score=50),
            services.CriterionInput(name="Khả năng nhân rộng", max_score=20),
        ],
        prizes=[services.PrizeInput(name="Giải Nhất", quantity=1), services.PrizeInput(name="Giải Nhì", quantity=2)],
        submissions_close=datetime.date(year, 10, 31),
        judges=[officer],
    )
    return True


def load_reform_demo() -> dict[str, int]:
    units = demo_reform_units()
    officer = department_officer(units["home_affairs"])
    _plan_obj, plan_created = _plan(units, officer)
    _survey_obj, responses = _survey(units, officer)
    contest_created = _contest(units, officer)
    return {"plan": int(plan_created), "responses": responses, "contest": int(contest_created)}
