"""Who may act on a dossier and what its state allows: pure reads under both the selectors and the services.

The services (through `engine.apply_action`) and the console's offer (`selectors.dossier_actions_for_officer`)
ask the same functions here, so what an officer is offered and what the services accept cannot differ:
- the units holding a dossier now (`open_steps`, `holding_unit_ids`),
- the unit in which an officer acts (`acting_unit`, over `ACTING_UNITS` per action: ND 61/2018 art 19-20),
- the applicant's own check (`check_applicant`),
- the facts of the dossier's state that the transition guards read (`state_facts`, see `workflow.STATE_GUARDS`).

Nothing here writes; the module imports neither the engine nor the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from motcua.accounts.selectors import officer_roles_in

from . import steps
from .choices import Action, DossierStatus, StepKind
from .errors import DossierPermissionDenied
from .models import Dossier, DossierStep

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.workdays.calendar import WorkingCalendar

S = DossierStatus
# Who performs an action: an officer or the applicant (a signed-in account), or nobody for a system event (a
# payment platform's confirmation, a calendar re-plan). The views let no anonymous request reach a service; the
# checks below still refuse an account that is not signed in.
Actor: TypeAlias = "User | None"


def open_steps(
    dossier: Dossier, *, kinds: tuple[str, ...] = (StepKind.RECEPTION, StepKind.PROCESSING)
) -> list[DossierStep]:
    return list(dossier.steps.filter(finished_at__isnull=True, kind__in=kinds).order_by("seq"))


def holding_unit_ids(dossier: Dossier) -> set[int]:
    """Units leading the dossier now (the lead of the open group); parallel units act through their own step."""
    return steps.holding_unit_ids(dossier, open_steps(dossier))


def acting_unit(*, officer: Actor, dossier: Dossier, action: str, unit_ids: set[int] | None = None) -> int | None:
    """The unit in which `officer` may perform `action` on `dossier`, or raise `DossierPermissionDenied`
    (`steps.acting_unit`, the rule shared with the bulk simulator)."""
    return steps.acting_unit(
        officer,
        dossier,
        action,
        unit_ids,
        holding=lambda: holding_unit_ids(dossier),
        roles_in=lambda officer, unit_ids: officer_roles_in(officer=officer, unit_ids=unit_ids),
    )


def check_applicant(*, actor: Actor, dossier: Dossier) -> None:
    """The applicant acting on their own dossier online (withdraw, supplement, delivery choice): no officer role,
    but the signed-in account must be the dossier's `applicant_user`, else `DossierPermissionDenied`."""
    if actor is None or not getattr(actor, "is_authenticated", False) or dossier.applicant_user_id != actor.pk:
        raise DossierPermissionDenied()


def _lead_unit_ids(d: Dossier) -> set[int]:
    return holding_unit_ids(d)


def _holding_or_receiving(d: Dossier) -> set[int]:
    return holding_unit_ids(d) | {d.receiving_unit_id}


def _parallel_part_units(d: Dossier) -> set[int]:
    return {s.unit_id for s in open_steps(d) if not s.is_lead}


def _consulted_units(d: Dossier) -> set[int]:
    return set(d.steps.filter(finished_at__isnull=True, kind=StepKind.CONSULTATION).values_list("unit_id", flat=True))


# The units in which each action is performed, handed to `acting_unit` by the services and read by
# `selectors.dossier_actions_for_officer`, so what the console offers and what the services accept cannot differ.
# An action not listed acts in the engine's default unit (`workflow.actor_unit_kind`: the receiving unit before
# forwarding and for counter-side actions, the lead unit of the open step afterwards).
ACTING_UNITS: dict[str, Callable[[Dossier], set[int]]] = {
    Action.FORWARD: _lead_unit_ids,
    Action.ASSIGN: _lead_unit_ids,
    Action.CONSULT: _lead_unit_ids,
    Action.FINISH_PART: _parallel_part_units,
    Action.CONSULT_REPLY: _consulted_units,
    Action.SUPPLEMENT_RECEIVED: _holding_or_receiving,
    Action.REQUEST_PAYMENT: _holding_or_receiving,
    Action.SUSPEND: _holding_or_receiving,
    Action.RESUME: _holding_or_receiving,
    Action.EXTEND: _holding_or_receiving,
    Action.STOP: _holding_or_receiving,
}


def acting_unit_ids(action: str, dossier: Dossier) -> set[int] | None:
    """The candidate units for `action` on `dossier` (None: the engine's default), as the services use them."""
    chooser = ACTING_UNITS.get(action)
    return chooser(dossier) if chooser else None


def state_facts(action: str, d: Dossier, cal: WorkingCalendar) -> dict[str, Any]:
    """The facts of the dossier itself (not of the officer's input) that the guards of `action` read.

    Gathered the same way for the services (from the locked row) and for `selectors.dossier_actions_for_officer`,
    so an action blocked by the dossier's state (parallel units still working, an open consultation, the 3-day
    supplement window, the extension already used, unpaid fees, the due day reached) is not offered either.
    """

    def open_steps_of(kinds: tuple[str, ...]) -> list[DossierStep]:
        rows = d.steps.filter(finished_at__isnull=True, kind__in=kinds).select_related("unit").order_by("seq")
        return list(rows)

    return steps.state_facts(action, d, cal, open_steps_of, lambda step: step.unit.name)
