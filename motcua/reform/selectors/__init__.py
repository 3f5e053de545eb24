"""Reads of the reform app (scoped to the actor where a person sees them)."""

from django.db.models import Q

from motcua.units.selectors import today_in_vietnam

from ..choices import OPEN_TASK_STATUSES
from ..models import ReformTask, SurveyResponse
from .contests import (
    RankRow,
    initiative_list_for_screening,
    initiative_list_of_officer_units,
    judge_sheet,
    round_get_published,
    round_list_for_officer,
    round_list_published,
    round_ranking,
)
from .plans import (
    findings_open_overdue,
    inspection_list_for_plan,
    overdue_q,
    plan_get_for_officer,
    plan_list_for_officer,
    task_finished_late,
    task_get_for_officer,
    task_is_overdue,
    task_list_for_plan,
    task_list_overdue_for_officer,
)
from .survey import (
    ResultRow,
    SurveyResults,
    survey_get_for_officer,
    survey_list_for_officer,
    survey_public_get,
    survey_results,
    survey_structure,
)


def reform_counts() -> dict[str, int]:
    today = today_in_vietnam()
    return {
        "tasks": ReformTask.objects.count(),
        "overdue": ReformTask.objects.filter(Q(status__in=OPEN_TASK_STATUSES, due_date__lt=today)).count(),
        "responses": SurveyResponse.objects.count(),
    }


__all__ = [
    "RankRow",
    "ResultRow",
    "SurveyResults",
    "findings_open_overdue",
    "initiative_list_for_screening",
    "initiative_list_of_officer_units",
    "inspection_list_for_plan",
    "judge_sheet",
    "overdue_q",
    "plan_get_for_officer",
    "plan_list_for_officer",
    "reform_counts",
    "round_get_published",
    "round_list_for_officer",
    "round_list_published",
    "round_ranking",
    "survey_get_for_officer",
    "survey_list_for_officer",
    "survey_public_get",
    "survey_results",
    "survey_structure",
    "task_finished_late",
    "task_get_for_officer",
    "task_is_overdue",
    "task_list_for_plan",
    "task_list_overdue_for_officer",
]
