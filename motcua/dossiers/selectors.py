"""Reads of dossiers, always scoped to the actor (DESIGN.md §6.2)."""

from __future__ import annotations

import datetime as _dt
import hmac
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.accounts.selectors import officer_roles_by_unit
from motcua.core.text import fold

from . import clock, workflow
from .choices import CLOCK_RUNNING, DossierStatus, OfficerTab, Outcome, StepKind
from .codes import parse_dossier_code
from .errors import DossierNotFound, DossierPermissionDenied
from .models import Dossier, DossierEvent, DossierStep
from .policy import acting_unit, acting_unit_ids, state_facts

if TYPE_CHECKING:
    import datetime as dt

    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure, RequiredDocument
    from motcua.units.models import Unit

S = DossierStatus
WAITING = workflow.WAITING  # paused, or a withdrawal awaiting its decision (read off the transition table)


@dataclass(frozen=True)
class OfficerScope:
    """The officer's active memberships (roles per unit), read once per request (`officer_scope`) and handed to
    every inbox selector, which then answer their role questions without another query."""

    officer: User
    roles: dict[int, frozenset[str]]

    def unit_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Units where the officer holds any membership, or one of `roles` when given."""
        if roles is None:
            return set(self.roles)
        wanted = set(roles)
        return {unit_id for unit_id, held in self.roles.items() if held & wanted}


def officer_scope(*, officer: User) -> OfficerScope:
    """One query: the officer's memberships, for the selectors below (`scope=`)."""
    return OfficerScope(officer=officer, roles=officer_roles_by_unit(officer=officer))


def _scope(officer: User, scope: OfficerScope | None) -> OfficerScope:
    return scope if scope is not None else officer_scope(officer=officer)


def dossier_visible_for_officer(*, officer: User, scope: OfficerScope | None = None) -> QuerySet[Dossier]:
    """Dossiers received by, held by, or once passed through one of the officer's units."""
    units = _scope(officer, scope).unit_ids()
    if not units:
        return Dossier.objects.none()
    touched = DossierStep.objects.filter(dossier=OuterRef("pk"), unit_id__in=units)
    return Dossier.objects.filter(Q(receiving_unit_id__in=units) | Q(current_unit_id__in=units) | Exists(touched))


# Tabs whose condition names the officer's own units (receiving or current): visibility follows from it, so they
# read the partial (unit, status, due_at) indexes of the open dossiers (`dossiers_*_open_due`) alone, without the
# "visible to this officer" filter — whose "once passed through" branch reads every step the unit ever took,
# which grows with its history. Every tab but "all" is a work queue of open dossiers the officer's units hold or
# received (the one-stop centre answers the applicant for every dossier it received, ND 61/2018 art 16; the
# holding unit acts on it); a dossier a department forwarded on leaves that department's queues, and stays in its
# "all" tab.
OWN_UNIT_TABS = (
    OfficerTab.NEW,
    OfficerTab.TO_APPRAISE,
    OfficerTab.TO_APPROVE,
    OfficerTab.WAITING,
    OfficerTab.DUE_SOON,
    OfficerTab.OVERDUE,
)
# Tabs counted for their label: every work queue. "All" is the unit's register — its size is history, not work,
# and no one needs it on every page: it is not counted, and its pages are walked without a count (`page_window`).
COUNTED_TABS = OWN_UNIT_TABS
# No tab is counted past this: a person needs "more than 10,000", not the exact figure, and counting stops there.
COUNT_CAP = 10_000


def due_soon_end(now: dt.datetime) -> dt.datetime:
    """End of the "due soon" window: one working day after the next working moment."""
    cal = clock.get_calendar()
    return cal.add_working_days(cal.next_working_moment(now), 1)


def _tab_filters(*, scope: OfficerScope, now: dt.datetime, soon: dt.datetime | None = None) -> dict[str, Q]:
    officer = scope.officer
    counter_units = scope.unit_ids([Role.COUNTER_OFFICER, Role.ONE_STOP_MANAGER])
    appraise_units = scope.unit_ids([Role.SPECIALIST, Role.UNIT_LEADER])
    leader_units = scope.unit_ids([Role.UNIT_LEADER])
    soon = due_soon_end(now) if soon is None else soon
    running = Q(status__in=sorted(CLOCK_RUNNING))
    units = sorted(scope.unit_ids())
    own = Q(receiving_unit_id__in=units) | Q(current_unit_id__in=units)  # two index scans, OR-ed as bitmaps
    return {
        OfficerTab.NEW: Q(status__in=[S.SUBMITTED, S.RECEIVED], receiving_unit_id__in=counter_units),
        OfficerTab.TO_APPRAISE: Q(status=S.IN_PROGRESS, current_unit_id__in=appraise_units)
        & (Q(assigned_officer=None) | Q(assigned_officer=officer)),
        OfficerTab.TO_APPROVE: Q(
            status__in=[S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE], current_unit_id__in=leader_units
        ),
        OfficerTab.WAITING: own & Q(status__in=sorted(WAITING)),
        OfficerTab.DUE_SOON: own & running & Q(due_at__gte=now, due_at__lte=soon),
        OfficerTab.OVERDUE: own & running & Q(due_at__lt=now),
        OfficerTab.ALL: Q(),
    }


def capped_counts(querysets: dict[str, QuerySet[Any]], *, cap: int | None = None) -> dict[str, int]:
    """The number of rows of each queryset, counted up to `cap + 1` (more than `cap` reads as "more than cap"),
    all in one statement: SELECT (SELECT COUNT(*) FROM (… LIMIT cap+1)), … — the LIMIT stops each scan early."""
    return _run_counts(_capped_counts_sql(querysets, cap=cap), list(querysets))


@dataclass(frozen=True)
class _CountsSQL:
    """The compiled statement of `capped_counts`: its database, SQL, parameters and the name of each column
    (querysets that cannot match anything are left out: no SQL)."""

    alias: str
    sql: str
    params: tuple[Any, ...]
    names: tuple[str, ...]


def _capped_counts_sql(querysets: dict[str, QuerySet[Any]], *, cap: int | None = None) -> _CountsSQL:
    cap = COUNT_CAP if cap is None else cap
    names: list[str] = []
    parts: list[str] = []
    params: list[Any] = []
    alias = "default"
    for name, queryset in querysets.items():
        qs = queryset.order_by().values("pk")[: cap + 1]
        try:
            sql, part_params = qs.query.get_compiler(using=qs.db).as_sql()
        except EmptyResultSet:  # e.g. no unit with the tab's role: nothing to count, no SQL
            continue
        alias = qs.db
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped_{len(names)})")  # noqa: S608 (ORM-compiled SQL, values as params)
        names.append(name)
        params.extend(part_params)
    return _CountsSQL(alias, "SELECT " + ", ".join(parts) if parts else "", tuple(params), tuple(names))


def _run_counts(compiled: _CountsSQL, all_names: Iterable[str], params: Iterable[Any] | None = None) -> dict[str, int]:
    counts = dict.fromkeys(all_names, 0)
    if not compiled.names:
        return counts
    with connections[compiled.alias].cursor() as cursor:
        cursor.execute(compiled.sql, list(compiled.params if params is None else params))
        row = cursor.fetchone()
    counts.update({name: int(value) for name, value in zip(compiled.names, row, strict=True)})
    return counts


def _tab_queryset(scope: OfficerScope, tab: str, condition: Q) -> QuerySet[Dossier]:
    if tab in OWN_UNIT_TABS:
        return Dossier.objects.filter(condition) if scope.roles else Dossier.objects.none()
    return dossier_visible_for_officer(officer=scope.officer, scope=scope).filter(condition)


# The tab counts' statement depends on the officer, their memberships, the cap and two moments (now and the end of
# "due soon"). Compiling it through the ORM (six querysets, their filters and subqueries) cost the inbox more CPU
# than PostgreSQL spends running it (issue 20 item 2), so it is compiled once per (database, officer, memberships,
# cap) with two stand-in moments, and each call puts the real moments into its parameters. Everything the SQL
# depends on is in the key, so nothing needs invalidating: a membership granted or revoked is another key.
_NOW_MARK = _dt.datetime(1901, 1, 1, 0, 0, 0, 123457, tzinfo=_dt.UTC)
_SOON_MARK = _dt.datetime(1901, 1, 2, 0, 0, 0, 234567, tzinfo=_dt.UTC)
_COUNTS_MEMO_SIZE = 2048
_counts_memo: dict[tuple[Any, ...], tuple[_CountsSQL, tuple[int, ...], tuple[int, ...]]] = {}
_counts_memo_lock = threading.Lock()


def _tab_counts_statement(scope: OfficerScope, alias: str) -> tuple[_CountsSQL, tuple[int, ...], tuple[int, ...]]:
    """The compiled tab counts for `scope` and where the two moments sit in its parameters (now, soon)."""
    key = (
        alias,
        scope.officer.pk,
        tuple(sorted((unit_id, tuple(sorted(roles))) for unit_id, roles in scope.roles.items())),
        COUNT_CAP,
    )
    found = _counts_memo.get(key)
    if found is not None:
        return found
    filters = _tab_filters(scope=scope, now=_NOW_MARK, soon=_SOON_MARK)
    compiled = _capped_counts_sql({name: _tab_queryset(scope, name, filters[name]) for name in COUNTED_TABS})
    ops = connections[compiled.alias].ops
    now_mark, soon_mark = ops.adapt_datetimefield_value(_NOW_MARK), ops.adapt_datetimefield_value(_SOON_MARK)
    found = (
        compiled,
        tuple(i for i, value in enumerate(compiled.params) if value == now_mark),
        tuple(i for i, value in enumerate(compiled.params) if value == soon_mark),
    )
    with _counts_memo_lock:
        if len(_counts_memo) >= _COUNTS_MEMO_SIZE:
            _counts_memo.clear()
        _counts_memo[key] = found
    return found


def dossier_tab_counts_for_officer(*, officer: User, scope: OfficerScope | None = None) -> dict[str, int]:
    """The number of dossiers in every work queue of the officer (`COUNTED_TABS`: not "all"), in one statement,
    each counted up to `COUNT_CAP + 1` (a value above COUNT_CAP means "more than COUNT_CAP")."""
    scope = _scope(officer, scope)
    compiled, now_at, soon_at = _tab_counts_statement(scope, router.db_for_read(Dossier))
    if not compiled.names:
        return dict.fromkeys(COUNTED_TABS, 0)
    now = timezone.now()
    ops = connections[compiled.alias].ops
    params = list(compiled.params)
    for positions, moment in ((now_at, now), (soon_at, due_soon_end(now))):
        value = ops.adapt_datetimefield_value(moment)
        for i in positions:
            params[i] = value
    return _run_counts(compiled, COUNTED_TABS, params)


def dossier_queue_for_officer(
    *, officer: User, tab: str = OfficerTab.ALL, scope: OfficerScope | None = None
) -> QuerySet[Dossier]:
    """The officer's queue for one tab (an unknown tab is "all"), most urgent first: a dossier without a due date
    yet (submitted online, awaiting reception) first, then by due date.

    NULLS FIRST, as SQLite orders: besides being the same order on both databases, it is an order the plain
    `due_at` index (every dossier ever, closed ones included) cannot yield, so PostgreSQL sorts the few open
    dossiers the partial open indexes give rather than walking every past due date of the history looking for
    them (at 50,000 dossiers, 49,000 closed rows read for the 25 overdue ones of the first page)."""
    scope = _scope(officer, scope)
    filters = _tab_filters(scope=scope, now=timezone.now())
    tab = tab if tab in filters else OfficerTab.ALL
    return (
        _tab_queryset(scope, tab, filters[tab])
        .select_related("procedure", "current_unit")
        .order_by(F("due_at").asc(nulls_first=True), "created_at")
    )


def dossier_list_for_officer(*, officer: User, tab: str = OfficerTab.ALL) -> tuple[QuerySet[Dossier], dict[str, int]]:
    """The officer's queue for one tab, and the count of every tab."""
    scope = officer_scope(officer=officer)
    return (
        dossier_queue_for_officer(officer=officer, tab=tab, scope=scope),
        dossier_tab_counts_for_officer(officer=officer, scope=scope),
    )


def dossier_register_for_officer(*, officer: User, unit: Unit, year: int) -> QuerySet[Dossier]:
    """Form 07, Sổ theo dõi hồ sơ: the dossiers `unit` received in `year`, in register order (TT 01/2018 art 10),
    with the lead processing steps prefetched (`lead_steps`); only within the officer's scope."""
    lead_steps = Prefetch(
        "steps",
        queryset=DossierStep.objects.filter(kind=StepKind.PROCESSING, is_lead=True).select_related("unit"),
        to_attr="lead_steps",
    )
    return (
        dossier_visible_for_officer(officer=officer)
        .filter(receiving_unit=unit, register_year=year, register_number__isnull=False)
        .select_related("procedure")
        .prefetch_related(lead_steps)
        .order_by("register_number")
    )


def dossier_get_for_officer(*, officer: User, code: str) -> Dossier:
    """One dossier by code, only if visible to the officer; otherwise the same error as a missing one."""
    dossier = (
        dossier_visible_for_officer(officer=officer)
        .select_related("procedure", "receiving_unit", "current_unit")
        .filter(code=code.strip().upper())
        .first()
    )
    if dossier is None:
        raise DossierNotFound()
    return dossier


def dossier_search_for_officer(
    *, officer: User, q: str, limit: int = 50, scope: OfficerScope | None = None
) -> QuerySet[Dossier]:
    """Search by code, applicant name, phone or procedure (accent-insensitive), within the officer's scope.

    A substring of the folded text (`core.text.fold`): on PostgreSQL the LIKE is served by the trigram GIN index
    `dossiers_search_trgm` (migration 0010_inbox_indexes_and_trigram_search); SQLite scans (development
    databases are small)."""
    q = (q or "").strip()
    base = dossier_visible_for_officer(officer=officer, scope=scope)
    if not q:
        return base.none()
    # Codes are stored upper-case: an equality on the unique index, so the OR stays a BitmapOr of two indexes.
    condition = Q(code=q.upper()) | Q(search_text__contains=fold(q))
    return base.filter(condition).select_related("procedure").order_by("-created_at")[:limit]


# What the public look-up shows (portal `public_view`, API `status_out`) and checks (the phone's last digits):
# reading only these keeps the look-up cheap under load (docs/benchmarks.md, status look-up).
PUBLIC_FIELDS = (
    "code",
    "status",
    "applicant_phone",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "delivered_at",
    "committed_due_at",
    "committed_limit_value",
    "committed_limit_unit",
    "procedure__code",
    "procedure__name",
)


def dossier_get_public(*, code: str, phone_last4: str, within_unit_paths: list[str] | None = None) -> Dossier | None:
    """Public status lookup: the code and the last four digits of the applicant's phone must both match.

    `within_unit_paths`: an API client reads only dossiers received by its units or units below them (their
    materialised paths); None for the public portal."""
    if parse_dossier_code(code or "") is None or len(phone_last4 or "") != 4:
        return None
    queryset = Dossier.objects.select_related("procedure").only(*PUBLIC_FIELDS).filter(code=code.strip().upper())
    if within_unit_paths is not None:
        scope = Q(pk__in=[])
        for path in within_unit_paths:
            scope |= Q(receiving_unit__path__startswith=path)
        queryset = queryset.filter(scope)
    dossier = queryset.order_by().first()
    if dossier is None or not dossier.phone_last4:
        return None
    if not hmac.compare_digest(dossier.phone_last4, phone_last4):
        return None
    return dossier


def dossier_history(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("actor", "unit").order_by("seq")


def dossier_late_units(*, dossier: Dossier) -> list[DossierStep]:
    """Steps that overran their own due date (finished late, or still open past it): who made the dossier late."""
    now = timezone.now()
    steps = dossier.steps.select_related("unit").order_by("seq")
    return [s for s in steps if s.outcome == Outcome.LATE or (s.finished_at is None and s.due_at and s.due_at < now)]


def dossier_acting_unit_for_officer(*, officer: User, dossier: Dossier, action: str) -> int | None:
    """The unit in which `officer` may perform `action` on `dossier` now, or None when the officer may not.

    Asks the same permission check the services run (`policy.acting_unit` over `policy.ACTING_UNITS`).
    Actions that need no officer role (the applicant's online submission) are never an officer's: None.
    """
    if not workflow.ACTION_ROLES.get(action):
        return None
    try:
        return acting_unit(officer=officer, dossier=dossier, action=action, unit_ids=acting_unit_ids(action, dossier))
    except DossierPermissionDenied:
        return None


def dossier_actions_for_officer(*, officer: User, dossier: Dossier) -> list[tuple[str, int]]:
    """(action, acting unit id) for every action `officer` may take on `dossier` in its current state.

    The workflow table gives the actions allowed from the state (`workflow.allowed_actions`) and the role and
    unit check of the services narrows them to this officer. Guards on the dossier's own state
    (`workflow.STATE_GUARDS`, fed by `policy.state_facts` as in the services) remove what the state blocks;
    guards on the input (a reason, the items, a later date) are the service's when the form is sent.
    """
    now, cal = timezone.now(), clock.get_calendar()
    offered = []
    for action in workflow.allowed_actions(dossier.status):
        unit_id = dossier_acting_unit_for_officer(officer=officer, dossier=dossier, action=action)
        if unit_id is None:
            continue
        facts = workflow.Facts(status=dossier.status, now=now, **state_facts(action, dossier, cal))
        if workflow.state_refusal(action, facts) is None:
            offered.append((action, unit_id))
    return offered


def dossier_missing_documents(procedure: Procedure, presented: Iterable[int]) -> list[RequiredDocument]:
    """The procedure's mandatory components (required, not one of a case-specific group) not in `presented`.

    ND 61/2018 art 17.1(b): an incomplete dossier is not received; the applicant is told every missing item at
    once. Used by the counter reception, the online reception check and the console's checklist.
    """
    have = {int(pk) for pk in presented}
    required = procedure.documents.filter(required=True, group="").order_by("order")
    return [doc for doc in required if doc.pk not in have]


def dossier_due_provisional_years(*, dossier: Dossier) -> list[int]:
    """Years without an official calendar notice that the dossier's due date crosses (a "dự kiến" mark)."""
    return clock.provisional_years(clock.get_calendar(), dossier)
