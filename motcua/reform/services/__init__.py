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
    "EvidenceUpload",
    "FindingInput",
    "ImportReport",
    "finding_follow_up_report",
    "initiative_award",
    "initiative_score",
    "initiative_screen",
    "initiative_submit",
    "inspection_record",
    "plan_create",
    "round_advance",
    "survey_invitations_create",
    "survey_link_resolve",
    "survey_response_enter",
    "survey_response_submit_online",
    "survey_responses_import",
    "survey_target_add",
    "task_create",
    "task_report_progress",
    "working_days_deadline",
]
