"""Writes behind the Department's entry screens: edit a plan and its tasks, create a survey round with its
questionnaire, create a contest round with its criteria and prizes.

Task deadlines in working days are recomputed with the working calendar whenever the start or the count
changes and stored (DESIGN.md §2). The default questionnaire follows the five service elements of the SIPAS
method (Decision 1001/QĐ-BNV of 11/12/2023); its wording and weights are defaults, not the official annex.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.text import fold

from ..access import can_manage_plan, is_member
from ..choices import DeadlineKind, PlanStatus, RoundStatus, SurveyStatus
from ..models import (
    ContestCriterion,
    ContestRound,
    Prize,
    ReformPlan,
    ReformTask,
    Survey,
    SurveyElement,
    SurveyIndex,
    SurveyQuestion,
)
from .plans import working_days_deadline
from .survey import survey_target_add

# (index code, index name, [(element code, element name, [(question code, text), …]), …])
DEFAULT_QUESTIONNAIRE: tuple = (
    (
        "DV",
        "Cung ứng dịch vụ hành chính công",
        (
            (
                "TC",
                "Tiếp cận dịch vụ",
                (
                    ("TC1", "Nơi ngồi chờ, trang thiết bị phục vụ tại nơi tiếp nhận hồ sơ đầy đủ, tiện nghi"),
                    ("TC2", "Thông tin hướng dẫn về thủ tục dễ tìm, dễ hiểu"),
                ),
            ),
            (
                "TT",
                "Thủ tục hành chính",
                (
                    ("TT1", "Thủ tục hành chính được niêm yết công khai đầy đủ, chính xác"),
                    ("TT2", "Thành phần hồ sơ, phí, lệ phí đúng như niêm yết"),
                ),
            ),
            (
                "CC",
                "Công chức trực tiếp giải quyết công việc",
                (
                    ("CC1", "Công chức có thái độ giao tiếp lịch sự, tôn trọng"),
                    ("CC2", "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu"),
                ),
            ),
            (
                "KQ",
                "Kết quả giải quyết thủ tục hành chính",
                (
                    ("KQ1", "Kết quả đúng quy định, thông tin chính xác"),
                    ("KQ2", "Kết quả được trả đúng hạn"),
                ),
            ),
            (
                "PA",
                "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                (("PA1", "Góp ý, phản ánh, kiến nghị được tiếp nhận và trả lời kịp thời"),),
            ),
        ),
    ),
)


def _check_manager(actor, unit) -> None:
    if not is_member(actor, getattr(unit, "pk", None)):
        raise PermissionDenied


@transaction.atomic
def plan_update(
    *,
    actor,
    plan: ReformPlan,
    title: str,
    status: str,
    document_number: str = "",
    document_date: datetime.date | None = None,
) -> ReformPlan:
    """Change a plan's title, issuing document and status (managing unit only)."""
    if not can_manage_plan(actor, plan):
        raise PermissionDenied
    if status not in PlanStatus.values:
        raise ValidationError(_("Unknown status."))
    plan.title = title.strip()
    plan.status = status
    plan.document_number = document_number.strip()
    plan.document_date = document_date
    plan.full_clean()
    plan.save(update_fields=["title", "status", "document_number", "document_date"])
    return plan


@transaction.atomic
def task_update(
    *,
    actor,
    task: ReformTask,
    number: str,
    title: str,
    lead_unit,
    expected_output: str,
    due_date: datetime.date | None = None,
    start_date: datetime.date | None = None,
    working_days: int | None = None,
    cooperating_units: Iterable = (),
    criteria: Iterable = (),
) -> ReformTask:
    """Edit a task (managing unit only); a deadline in working days is recomputed and stored."""
    task = ReformTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if not can_manage_plan(actor, task.plan):
        raise PermissionDenied
    if working_days is not None:
        if start_date is None:
            raise ValidationError(_("A deadline in working days needs a start date."))
        task.deadline_kind = DeadlineKind.WORKING_DAYS
        task.due_date = working_days_deadline(start_date, working_days)
        task.start_date, task.working_days = start_date, working_days
    elif due_date is None:
        raise ValidationError(_("Give a deadline: a date, or a start date and a number of working days."))
    else:
        task.deadline_kind = DeadlineKind.DATE
        task.due_date, task.start_date, task.working_days = due_date, start_date, None
    task.number = number.strip()
    task.title = title.strip()
    task.lead_unit = lead_unit
    task.expected_output = expected_output.strip()
    task.full_clean()
    task.save()
    task.cooperating_units.set(list(cooperating_units))
    task.criteria.set(list(criteria))
    return task


def _copy_questionnaire(source: Survey, target: Survey) -> None:
    element_map = {}
    for index in source.indices.all():
        copy = SurveyIndex.objects.create(
            survey=target, code=index.code, name=index.name, weight=index.weight, order=index.order
        )
        for element in index.elements.all():
            element_map[element.pk] = SurveyElement.objects.create(
                survey=target,
                index=copy,
                code=element.code,
                name=element.name,
                weight=element.weight,
                order=element.order,
            )
    SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(element=element_map[q.element_id], code=q.code, text=q.text, weight=q.weight, order=q.order)
            for q in SurveyQuestion.objects.filter(element__survey=source)
        ]
    )


def _default_questionnaire(survey: Survey) -> None:
    order = 0
    for index_order, (index_code, index_name, elements) in enumerate(DEFAULT_QUESTIONNAIRE):
        index = SurveyIndex.objects.create(survey=survey, code=index_code, name=index_name, order=index_order)
        for element_code, element_name, questions in elements:
            order += 1
            element = SurveyElement.objects.create(
                survey=survey, index=index, code=element_code, name=element_name, order=order
            )
            SurveyQuestion.objects.bulk_create(
                [
                    SurveyQuestion(element=element, code=code, text=text, order=position)
                    for position, (code, text) in enumerate(questions)
                ]
            )


@transaction.atomic
def survey_create(
    *,
    actor,
    organizer,
    code: str,
    title: str,
    year: int,
    units: Sequence = (),
    copy_from: Survey | None = None,
    scale_max: int = 5,
    satisfied_from: int = 4,
    min_sample: int = 30,
    open_links: bool = False,
    introduction: str = "",
) -> Survey:
    """A new survey round organised by the actor's unit: the questionnaire is copied from an earlier round (so
    results stay comparable year to year) or the default SIPAS-style one; `units` are the surveyed units."""
    _check_manager(actor, organizer)
    if copy_from is not None and copy_from.organizer_id != organizer.pk:
        raise PermissionDenied
    survey = Survey(
        code=code.strip(),
        title=title.strip(),
        year=year,
        organizer=organizer,
        status=SurveyStatus.DRAFT,
        scale_max=scale_max,
        satisfied_from=satisfied_from,
        min_sample=min_sample,
        introduction=introduction.strip(),
        scale_labels=list(copy_from.scale_labels) if copy_from is not None else [],
        formula_note=copy_from.formula_note if copy_from is not None else "",
    )
    if not 1 <= satisfied_from <= scale_max:
        raise ValidationError({"satisfied_from": _("The threshold must be a point of the scale.")})
    survey.full_clean()
    survey.save()
    if copy_from is not None:
        _copy_questionnaire(copy_from, survey)
    else:
        _default_questionnaire(survey)
    for unit in units:
        survey_target_add(survey=survey, unit=unit, open_link=open_links)
    return survey


@transaction.atomic
def survey_set_status(*, actor, survey: Survey, status: str) -> Survey:
    _check_manager(actor, survey.organizer)
    if status not in SurveyStatus.values:
        raise ValidationError(_("Unknown status."))
    survey.status = status
    survey.save(update_fields=["status"])
    return survey


@dataclass(frozen=True)
class CriterionInput:
    name: str
    max_score: Decimal


@dataclass(frozen=True)
class PrizeInput:
    name: str
    quantity: int


def _unique_slug(title: str, year: int) -> str:
    base = "-".join(fold(title).replace("đ", "d").split())
    base = "".join(ch for ch in base if ch.isalnum() or ch == "-").strip("-")[:60] or "hoi-thi"
    base = f"{base}-{year}" if str(year) not in base else base
    slug, counter = base, 1
    while ContestRound.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


@transaction.atomic
def round_create(
    *,
    actor,
    organizer,
    title: str,
    year: int,
    criteria: Sequence[CriterionInput],
    prizes: Sequence[PrizeInput] = (),
    description: str = "",
    submissions_close: datetime.date | None = None,
    judges: Iterable = (),
) -> ContestRound:
    """A new initiative contest in draft, with its judging criteria (each with a maximum score) and prizes."""
    _check_manager(actor, organizer)
    if not criteria:
        raise ValidationError({"criteria": _("Give at least one judging criterion.")})
    contest = ContestRound(
        title=title.strip(),
        slug=_unique_slug(title, year),
        year=year,
        organizer=organizer,
        status=RoundStatus.DRAFT,
        description=description.strip(),
        submissions_close=submissions_close,
    )
    contest.full_clean()
    contest.save()
    for order, item in enumerate(criteria, start=1):
        ContestCriterion.objects.create(round=contest, name=item.name.strip(), max_score=item.max_score, order=order)
    for rank, item in enumerate(prizes, start=1):
        Prize.objects.create(round=contest, name=item.name.strip(), rank=rank, quantity=item.quantity)
    contest.judges.set(list(judges))
    return contest
