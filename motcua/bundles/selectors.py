"""Reads of bundled procedures, each scoped to the actor: an officer sees a bundle when one of their units
received it or holds one of its parts (`accounts.selectors.officer_unit_ids`); a citizen sees their own.

The bundle's state and its per-agency time attribution are derived here from the component dossiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.selectors import officer_unit_ids
from motcua.dossiers import clock
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.workflow import WAITING

from .choices import BundleState
from .models import Bundle, BundleDefinition, BundlePart

S = DossierStatus
DONE = frozenset({S.RESULT_READY, S.DELIVERED})
CLOSED_BAD = frozenset({S.REFUSED, S.REJECTED, S.STOPPED})


def definition_list() -> QuerySet[BundleDefinition]:
    return BundleDefinition.objects.filter(is_active=True).prefetch_related("components").order_by("code")


def definition_get(code: str) -> BundleDefinition:
    definition = definition_list().filter(code=code).first()
    if definition is None:
        raise Http404
    return definition


def _visible_q(unit_ids: set[int]) -> Q:
    return (
        Q(receiving_unit_id__in=unit_ids)
        | Q(parts__unit_id__in=unit_ids)
        | Q(parts__dossier__current_unit_id__in=unit_ids)
    )


def bundle_list_for_officer(*, officer) -> QuerySet[Bundle]:
    unit_ids = officer_unit_ids(officer=officer)
    if not unit_ids:
        return Bundle.objects.none()
    ids = Bundle.objects.filter(_visible_q(unit_ids)).values("pk")
    return Bundle.objects.filter(pk__in=ids).select_related("definition", "receiving_unit").order_by("-received_at")


def bundle_get_for_officer(*, officer, code: str) -> Bundle:
    """The bundle if the officer may see it, else 404 (like a missing one)."""
    bundle = bundle_list_for_officer(officer=officer).filter(code=code).first()
    if bundle is None:
        raise Http404
    return bundle


def bundle_list_for_applicant(*, user) -> QuerySet[Bundle]:
    if not user.is_authenticated:
        return Bundle.objects.none()
    return Bundle.objects.filter(applicant_user=user).select_related("definition", "receiving_unit")


def bundle_get_for_applicant(*, user, code: str) -> Bundle:
    bundle = bundle_list_for_applicant(user=user).filter(code=code).first()
    if bundle is None:
        raise Http404
    return bundle


@dataclass(frozen=True)
class PartView:
    """One agency's part as the pages show it."""

    part: BundlePart
    status: str
    status_label: str
    holder: str
    officer: str
    started_at: dt.datetime | None  # when the agency could start (its dependencies done)
    finished_at: dt.datetime | None
    used: dt.timedelta
    budget: dt.timedelta
    over_budget: bool
    overdue: bool

    @property
    def used_hours(self) -> float:
        return round(self.used.total_seconds() / 3600, 1)

    @property
    def budget_hours(self) -> float:
        return round(self.budget.total_seconds() / 3600, 1)

    @property
    def done(self) -> bool:
        return self.status in DONE


@dataclass(frozen=True)
class BundleView:
    bundle: Bundle
    state: str
    state_label: str
    parts: list[PartView]
    finished_at: dt.datetime | None
    overdue: bool
    late: bool

    @property
    def done_count(self) -> int:
        return sum(1 for p in self.parts if p.done)


def bundle_state(statuses: list[str]) -> str:
    """Derived from the component dossiers' statuses: every part finished → completed (or closed when one was
    refused or stopped); any part waiting for the applicant → waiting; none received yet → submitted."""
    if statuses and all(s in DONE | CLOSED_BAD for s in statuses):
        return BundleState.CLOSED if any(s in CLOSED_BAD for s in statuses) else BundleState.COMPLETED
    if any(s in WAITING for s in statuses):
        return BundleState.WAITING
    if statuses and all(s == S.SUBMITTED for s in statuses):
        return BundleState.SUBMITTED
    return BundleState.IN_PROGRESS


def bundle_view(bundle: Bundle, *, now: dt.datetime | None = None) -> BundleView:
    """The bundle with each part's holder and time attribution: the working time from when the agency could start
    (the bundle's clock start, or the end of the parts it waits for) to its result (or now), less the time the
    applicant was waited for (`Dossier.waiting_time`), against the part's budget."""
    now = now or timezone.now()
    cal = clock.get_calendar()
    parts = list(
        bundle.parts.select_related(
            "component", "unit", "dossier", "dossier__current_unit", "dossier__assigned_officer"
        ).prefetch_related("component__depends_on")
    )
    finished_by_order = {
        p.component.order: (p.dossier.finished_at if p.dossier.status in DONE | CLOSED_BAD else None) for p in parts
    }
    views = []
    for p in sorted(parts, key=lambda p: p.component.order):
        d = p.dossier
        deps = [finished_by_order.get(c.order) for c in p.component.depends_on.all()]
        started: dt.datetime | None
        if any(f is None for f in deps):
            started = None  # still waiting for an earlier agency
        else:
            started = max([bundle.clock_started_at, *[f for f in deps if f is not None]])
        finished = d.finished_at if d.status in DONE | CLOSED_BAD else None
        used = dt.timedelta(0)
        if started is not None:
            end = finished or now
            used = (
                max(cal.working_time_between(started, end) - d.waiting_time, dt.timedelta(0)) if end > started else used
            )
        views.append(
            PartView(
                part=p,
                status=d.status,
                status_label=d.get_status_display(),
                holder=d.current_unit.name,
                officer=(d.assigned_officer.full_name or d.assigned_officer.username) if d.assigned_officer else "",
                started_at=started,
                finished_at=finished,
                used=used,
                budget=p.budget,
                over_budget=used > p.budget,
                overdue=(finished is None and now > p.due_at) or (finished is not None and finished > p.due_at),
            )
        )
    state = bundle_state([v.status for v in views])
    ends = [v.finished_at for v in views]
    finished_all = max(e for e in ends if e is not None) if views and all(e is not None for e in ends) else None
    return BundleView(
        bundle=bundle,
        state=state,
        state_label=str(BundleState(state).label),
        parts=views,
        finished_at=finished_all,
        overdue=finished_all is None and now > bundle.due_at,
        late=finished_all is not None and finished_all > bundle.due_at,
    )


def bundle_may_record_verification(*, officer, bundle: Bundle) -> bool:
    """Only an officer of the receiving unit records that a bundle needs verification (`bundle_mark_verification`
    enforces it; the officer's page offers the button by the same rule)."""
    return bundle.receiving_unit_id in officer_unit_ids(officer=officer)
