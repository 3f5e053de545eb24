"""Who may do what on the scorecard.

The Department of Home Affairs (Sở Nội vụ) appraises: officers holding the `scorecard.appraise_assessment`
permission (given through a group in the admin). A unit's own officers (any active membership in the unit) fill
in and submit its self-assessment. Before the Department publishes a framework-year's results, a unit sees only
its own assessment (876/QĐ-BNV: results are announced by the appraising body).
"""

from __future__ import annotations

from motcua.accounts.selectors import officer_unit_ids

from .choices import AssessmentStatus

APPRAISE_PERMISSION = "scorecard.appraise_assessment"


def is_appraiser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(APPRAISE_PERMISSION))


def own_unit_ids(user) -> set[int]:
    return officer_unit_ids(officer=user)


def can_view_assessment(user, assessment) -> bool:
    if is_appraiser(user) or assessment.unit_id in own_unit_ids(user):
        return True
    return bool(assessment.framework.published_at and user.is_authenticated and own_unit_ids(user))


def can_self_assess(user, assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and assessment.unit_id in own_unit_ids(user)


def can_appraise(user, assessment) -> bool:
    return assessment.status == AssessmentStatus.SUBMITTED and is_appraiser(user)
