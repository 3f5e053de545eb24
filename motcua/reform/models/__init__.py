from .contests import ContestCriterion, ContestRound, Initiative, JudgeScore, Prize
from .plans import Inspection, InspectionFinding, ReformPlan, ReformTask, TaskEvidence, TaskProgressEntry
from .survey import (
    Survey,
    SurveyAnswer,
    SurveyElement,
    SurveyIndex,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTarget,
)

__all__ = [
    "ContestCriterion",
    "ContestRound",
    "Initiative",
    "Inspection",
    "InspectionFinding",
    "JudgeScore",
    "Prize",
    "ReformPlan",
    "ReformTask",
    "Survey",
    "SurveyAnswer",
    "SurveyElement",
    "SurveyIndex",
    "SurveyInvitation",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyTarget",
    "TaskEvidence",
    "TaskProgressEntry",
]
