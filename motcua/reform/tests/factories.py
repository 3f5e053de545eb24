"""Factories for reform tests: a province with its Department of Home Affairs, communes, officers, a survey
with two indices, a plan and a contest round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.reform import models
from motcua.reform.choices import RoundStatus, SurveyStatus
from motcua.units.tests.factories import AgencyFactory, ProvinceFactory, UnitFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Survey

    code = factory.Sequence(lambda n: f"sipas-{n}")
    title = factory.Sequence(lambda n: f"Khảo sát mức độ hài lòng {n}")
    year = 2026
    status = SurveyStatus.OPEN
    min_sample = 2


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReformPlan

    year = 2026
    title = factory.Sequence(lambda n: f"Kế hoạch CCHC năm 2026 số {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReformTask

    number = factory.Sequence(lambda n: f"I.{n}")
    title = factory.Sequence(lambda n: f"Rà soát, đơn giản hóa TTHC đợt {n}")
    expected_output = "Báo cáo kết quả rà soát"
    due_date = dt.date(2026, 6, 30)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ContestRound

    title = factory.Sequence(lambda n: f"Hội thi sáng kiến CCHC {n}")
    slug = factory.Sequence(lambda n: f"hoi-thi-{n}")
    year = 2026
    status = RoundStatus.OPEN


class ReformWorld:
    """A province, its Department of Home Affairs (manages plans, surveys, contests), two communes each with a
    leader and a specialist, and a survey with two indices (service 2 elements, policy 1 element)."""

    def __init__(self) -> None:
        self.province = ProvinceFactory()
        self.home_affairs = AgencyFactory(name="Sở Nội vụ", parent=self.province)
        self.commune_a = UnitFactory(name="Xã An Bình", parent=self.province)
        self.commune_b = UnitFactory(name="Xã Bình Minh", parent=self.province)
        self.manager = officer_in(self.home_affairs, Role.SPECIALIST)
        self.leader_a = officer_in(self.commune_a, Role.UNIT_LEADER)
        self.officer_a = officer_in(self.commune_a, Role.SPECIALIST)
        self.leader_b = officer_in(self.commune_b, Role.UNIT_LEADER)
        self.officer_b = officer_in(self.commune_b, Role.SPECIALIST)

    def survey(self, **kwargs) -> models.Survey:
        from motcua.reform.services import survey_target_add

        survey = SurveyFactory(organizer=self.home_affairs, **kwargs)
        service = models.SurveyIndex.objects.create(survey=survey, code="DV", name="Dịch vụ hành chính công", order=1)
        policy = models.SurveyIndex.objects.create(survey=survey, code="CS", name="Thực thi chính sách", order=2)
        access = models.SurveyElement.objects.create(survey=survey, index=service, code="TC", name="Tiếp cận dịch vụ")
        procedure = models.SurveyElement.objects.create(
            survey=survey, index=service, code="TT", name="Thủ tục hành chính", order=1
        )
        health = models.SurveyElement.objects.create(
            survey=survey, index=policy, code="YT", name="Khám chữa bệnh", order=2
        )
        for element, codes in ((access, ["TC1", "TC2"]), (procedure, ["TT1"]), (health, ["YT1"])):
            for order, code in enumerate(codes):
                models.SurveyQuestion.objects.create(element=element, code=code, text=f"Câu hỏi {code}?", order=order)
        self.target_a = survey_target_add(survey=survey, unit=self.commune_a, open_link=True)
        self.target_b = survey_target_add(survey=survey, unit=self.commune_b)
        return survey

    def plan(self, **kwargs) -> models.ReformPlan:
        return PlanFactory(unit=self.province, managing_unit=self.home_affairs, **kwargs)

    def task(self, plan, *, lead_unit=None, **kwargs) -> models.ReformTask:
        return TaskFactory(plan=plan, lead_unit=lead_unit or self.commune_a, **kwargs)

    def contest(self, **kwargs) -> models.ContestRound:
        contest = RoundFactory(organizer=self.home_affairs, **kwargs)
        models.ContestCriterion.objects.create(round=contest, name="Tính mới", max_score=Decimal(40), order=1)
        models.ContestCriterion.objects.create(round=contest, name="Hiệu quả", max_score=Decimal(60), order=2)
        models.Prize.objects.create(round=contest, name="Giải Nhất", rank=1, quantity=1)
        models.Prize.objects.create(round=contest, name="Giải Nhì", rank=2, quantity=2)
        return contest


def question_ids(survey) -> dict[str, int]:
    return dict(models.SurveyQuestion.objects.filter(element__survey=survey).values_list("code", "pk"))
