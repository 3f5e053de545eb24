"""Writes of the reform app (keyword-only, one transaction each)."""

from .contests import initiative_award, initiative_score, initiative_screen, initiative_submit, round_advance
from .plans import (
    EvidenceUpload,
    FindingInput,
    finding_follow_up_report,
    inspection_record,
    plan_create,
    task_create,
    task_report_progress,
    working_days_deadline,
)
from .setup import (
    CriterionInput,
    PrizeInput,
    plan_update,
    round_create,
    survey_create,
    survey_set_status,
    task_update,
)
from .survey import (
    ImportReport,
    survey_invitations_create,
    survey_link_resolve,
    survey_response_enter,
    survey_response_submit_online,
    survey_responses_import,
    survey_target_add,
)

__all__ = [
    "CriterionInput",
    "EvidenceUpload",
    "FindingInput",
    "ImportReport",
    "PrizeInput",
    "finding_follow_up_report",
    "initiative_award",
    "initiative_score",
    "initiative_screen",
    "initiative_submit",
    "inspection_record",
    "plan_create",
    "plan_update",
    "round_advance",
    "round_create",
    "survey_create",
    "survey_invitations_create",
    "survey_link_resolve",
    "survey_response_enter",
    "survey_response_submit_online",
    "survey_responses_import",
    "survey_set_status",
    "survey_target_add",
    "task_create",
    "task_report_progress",
    "task_update",
    "working_days_deadline",
]
