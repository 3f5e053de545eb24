"""Who may do what in the reform app. Pure reads of memberships; services and views both call these.

- The managing unit of a plan (normally the Department of Home Affairs) creates tasks, records inspections and
  follows up findings; the organising unit of a survey or contest manages it.
- A task's lead unit reports progress on its own tasks; co-operating units may read them.
- A unit leader screens the initiatives his own unit submitted; judges score only in rounds they sit on.
"""

from __future__ import annotations

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_unit_ids

SCREENING_ROLES = (Role.UNIT_LEADER, Role.ADMINISTRATOR)


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_member(user, unit_id: int | None, *, roles=None) -> bool:
    if not _is_active(user) or unit_id is None:
        return False
    if user.is_superuser:
        return True
    return unit_id in officer_unit_ids(officer=user, roles=roles)


def can_manage_plan(user, plan) -> bool:
    return is_member(user, plan.managing_unit_id)


def can_report_task(user, task) -> bool:
    return is_member(user, task.lead_unit_id) or can_manage_plan(user, task.plan)


def can_manage_survey(user, survey) -> bool:
    return is_member(user, survey.organizer_id)


def can_manage_round(user, contest_round) -> bool:
    return is_member(user, contest_round.organizer_id)


def can_screen(user, initiative) -> bool:
    return is_member(user, initiative.unit_id, roles=SCREENING_ROLES)


def is_judge(user, contest_round) -> bool:
    return _is_active(user) and contest_round.judges.filter(pk=user.pk).exists()
