"""Who re-plans when the calendar changes: a registry filled by the apps above (`motcua.dossiers` registers its
planner in `AppConfig.ready()`), so the calendar never imports them (DESIGN §2: layers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeAlias

from .calendar import WorkingCalendar

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# who records a calendar change: an administrator (request.user), or nobody for a command run without --actor
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"


@dataclass(frozen=True)
class Move:
    """One open dossier whose clock or due dates a calendar change moves (old → new)."""

    dossier_id: int
    code: str
    old_due_at: dt.datetime | None
    new_due_at: dt.datetime | None
    old_legal_due_at: dt.datetime | None
    new_legal_due_at: dt.datetime | None
    old_clock_start: dt.datetime | None
    new_clock_start: dt.datetime | None
    steps_moved: int = 0


class Planner(Protocol):
    def affected(self, *, old: WorkingCalendar, new: WorkingCalendar, since: dt.date) -> list[Move]:
        """The moves the change would make (reads only)."""

    def apply(self, *, old: WorkingCalendar, since: dt.date, notice: str, actor: Actor) -> list[Move]:
        """Make them, with the calendar now in the database (inside the caller's transaction)."""


PLANNERS: list[Planner] = []


def register_planner(planner: Planner) -> None:
    if planner not in PLANNERS:
        PLANNERS.append(planner)
