"""Reads of the procedure catalogue for pages, the API and commands (current versions unless said otherwise).

Search is accent-insensitive: the query and `Procedure.search_text` are both folded (motcua.core.text.fold), and
every word of the query must occur. List selectors prefetch what a list page shows, so rendering N procedures
costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length

from motcua.core.memo import memo
from motcua.core.text import fold

from .choices import Level, OnlineLevel
from .models import Field, LifeEvent, Procedure, ProcedureTimeLimit, ServiceCommitment

LIST_PREFETCH = (
    Prefetch("time_limits", queryset=ProcedureTimeLimit.objects.order_by("order")),
    "fees",
    "life_events",
)


def procedure_current_queryset() -> QuerySet[Procedure]:
    return Procedure.objects.filter(valid_to__isnull=True)


def procedure_current_by_code(code: str) -> Procedure | None:
    """The version in force of the procedure with this code, its time limits prefetched (`time_limit_for` costs
    no query), or None. Memoised per process (`core.memo`: dropped when a procedure or a time limit changes);
    an unknown code is not memoised."""
    code = (code or "").strip()
    if not code:
        return None
    return memo.get(
        ("procedure-current", code),
        lambda: procedure_current_queryset().filter(code=code).prefetch_related("time_limits").first(),
        keep_none=False,
    )


def procedure_search(
    *,
    q: str | None = None,
    field: Field | int | str | None = None,
    level: str | None = None,
    life_event: LifeEvent | int | str | None = None,
    online_level: str | None = None,
) -> QuerySet[Procedure]:
    """Current procedures matching every word of `q` (accent-insensitive) and the filters.

    `field`/`life_event` accept a row, an id or a name; `level` one of Level; `online_level` one of OnlineLevel
    (unknown values match nothing rather than everything). Ordered by relevance — exact code, name starting with
    the query, whole query in the name — then the shortest name first ("khai sinh" finds "Đăng ký khai sinh"
    before the longer procedures that mention a birth certificate), then by name.
    """
    qs = procedure_current_queryset().select_related("field")
    folded = fold(q)
    if folded:
        for word in folded.split():
            qs = qs.filter(search_text__contains=word)
        qs = qs.annotate(
            relevance=Case(
                When(code=q.strip(), then=Value(0)),
                When(search_text__startswith=folded, then=Value(1)),
                When(search_text__contains=folded, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        ).order_by("relevance", Length("name"), "name", "code")
    else:
        qs = qs.order_by("name", "code")
    if field not in (None, ""):
        qs = qs.filter(**_by_row_id_or_name("field", field))
    if level not in (None, ""):
        qs = qs.filter(**{f"level_{level}": True}) if level in Level.values else qs.none()
    if life_event not in (None, ""):
        qs = qs.filter(**_by_row_id_or_name("life_events", life_event))
    if online_level not in (None, ""):
        qs = qs.filter(online_level=online_level) if online_level in OnlineLevel.values else qs.none()
    return qs.prefetch_related(*LIST_PREFETCH)


def _by_row_id_or_name(prefix: str, value) -> dict:
    if hasattr(value, "pk"):
        return {prefix: value}
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return {f"{prefix}__pk": int(value)}
    return {f"{prefix}__search_name": fold(value)}


def procedure_get_current(code: str) -> Procedure | None:
    """The current version of a procedure with everything a detail page shows, or None."""
    return (
        procedure_current_queryset()
        .select_related("field")
        .prefetch_related("time_limits", "fees", "documents", "results", "legal_basis", "process_steps", "life_events")
        .filter(code=code)
        .first()
    )


def procedure_versions(code: str) -> QuerySet[Procedure]:
    """Every version of a procedure, newest first (for the history shown to administrators)."""
    return Procedure.objects.filter(code=code).order_by("-version")


def field_list_with_counts() -> QuerySet[Field]:
    """Fields having current procedures, with `procedure_count`, by name."""
    return (
        Field.objects.annotate(procedure_count=Count("procedures", filter=Q(procedures__valid_to__isnull=True)))
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def life_event_list() -> QuerySet[LifeEvent]:
    """Life events with `procedure_count` (current procedures), by name."""
    return LifeEvent.objects.annotate(
        procedure_count=Count("procedures", filter=Q(procedures__valid_to__isnull=True))
    ).order_by("name")


def catalog_counts() -> dict[str, int]:
    return {
        "procedures": procedure_current_queryset().count(),
        "fields": Field.objects.filter(procedures__valid_to__isnull=True).distinct().count(),
    }


def review_queue():
    """Current procedures with a field the parser is unsure of (the review queue), by code."""
    return Procedure.objects.filter(valid_to__isnull=True, needs_review=True).order_by("code")


def commitment_for(*, procedure_code: str, channel: str, unit, on: dt.date) -> ServiceCommitment | None:
    """The service commitment that applies to a dossier of `procedure_code` received in `unit` on day `on` by
    `channel` (`commitment_pick`). None when no commitment applies. Memoised per process (`core.memo`: dropped
    when a commitment or a unit changes)."""
    if unit is None or not procedure_code:
        return None
    path = getattr(unit, "path", "") or ""
    return memo.get(
        ("commitment", procedure_code, channel, unit.pk, path, on),
        lambda: _commitment_for(procedure_code=procedure_code, channel=channel, unit=unit, on=on),
    )


def _commitment_for(*, procedure_code: str, channel: str, unit, on: dt.date) -> ServiceCommitment | None:
    rows = (
        ServiceCommitment.objects.filter(
            Q(scope_id=unit.pk) | Q(scope__path__in=_lineage(unit)),
            procedure_code=procedure_code,
            channel__in=[channel, "all"],
            valid_from__lte=on,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("scope")
    )
    return commitment_pick(rows, channel=channel, unit=unit, on=on)


def _lineage(unit) -> list[str]:
    """The paths of the province down to `unit`."""
    parts = [part for part in (getattr(unit, "path", "") or "").split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def commitment_pick(rows: Iterable[ServiceCommitment], *, channel: str, unit, on: dt.date) -> ServiceCommitment | None:
    """Among `rows` (commitments of one procedure code, scopes selected, in the model's order), the one that
    applies in `unit` on day `on` to `channel`: the nearest committing unit wins (the unit itself, then its
    parents up to the province), and within one unit the channel's own row wins over `all`. The bulk simulator
    calls this on rows read once per run (`simulation.bulk_engine`); `commitment_for` on the rows it queries."""
    lineage = set(_lineage(unit))
    found = [
        row
        for row in rows
        if (row.scope_id == unit.pk or row.scope.path in lineage)
        and row.channel in (channel, "all")
        and row.valid_from <= on
        and (row.valid_to is None or row.valid_to > on)
    ]
    if not found:
        return None
    found.sort(key=lambda row: (len(row.scope.path or ""), row.channel == channel, row.valid_from), reverse=True)
    return found[0]


def commitments_in_force(procedure_code: str, on: dt.date | None = None) -> QuerySet[ServiceCommitment]:
    """The commitments of a procedure in force on `on` (default today, Vietnam), every scope: public data, as the
    provinces publish them (for the API's procedure read)."""
    from motcua.workdays.calendar import VN_TZ

    day = on or dt.datetime.now(VN_TZ).date()
    return (
        ServiceCommitment.objects.filter(procedure_code=procedure_code, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("scope")
        .order_by("scope__path", "channel")
    )


# --- service commitments: the public list and the manager's screen -----------------------------------------

COMMITMENT_MANAGER_ROLES = ("one_stop_manager", "administrator")  # accounts.choices.Role values


def commitment_public_list(
    *, query: str = "", province=None, on: dt.date | None = None, include_ended: bool = False
) -> QuerySet[ServiceCommitment]:
    """The commitments a province and its units have published, for everyone (the provinces publish them as
    decisions, so nothing here is private): in force on `on` (default today, Vietnam) unless `include_ended`;
    searched by procedure code or name (accents ignored), decision number or committing unit; within `province`
    (itself or any unit below it) when given."""
    from motcua.workdays.calendar import VN_TZ

    day = on or dt.datetime.now(VN_TZ).date()
    rows = ServiceCommitment.objects.select_related("scope")
    if not include_ended:
        rows = rows.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    if province is not None:
        rows = rows.filter(scope__path__startswith=province.path)
    text = " ".join((query or "").split())
    if text:
        procedures = procedure_current_queryset()
        for word in fold(text).split():
            procedures = procedures.filter(search_text__contains=word)
        codes = procedures.values("code")
        rows = rows.filter(
            Q(procedure_code__iexact=text)
            | Q(procedure_code__in=codes)
            | Q(decision_number__icontains=text)
            | Q(scope__name__icontains=text)
        )
    return rows.order_by("scope__path", "procedure_code", "channel", "-valid_from")


def commitment_procedures(commitments) -> dict[str, Procedure]:
    """The current procedure of each commitment's code (one query), to show its name and legal limit."""
    codes = {c.procedure_code for c in commitments}
    procedures = (
        procedure_current_queryset().filter(code__in=codes).prefetch_related("time_limits")
        if codes
        else Procedure.objects.none()
    )
    return {p.code: p for p in procedures}


def commitment_managed_scope_paths(*, officer) -> list[str]:
    """The paths of the units where `officer` may set commitments: those where they manage (centre manager or
    administrator), each with every unit below it."""
    from motcua.accounts.selectors import officer_unit_ids
    from motcua.units.models import Unit

    if officer.is_superuser:
        return ["/"]
    ids = officer_unit_ids(officer=officer, roles=COMMITMENT_MANAGER_ROLES)
    return list(Unit.objects.filter(pk__in=ids).values_list("path", flat=True))


def _within(paths: list[str], field: str = "path") -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def commitment_scope_choices(*, officer):
    """The units `officer` may commit for (their managed units and the units below), shallowest first."""
    from motcua.units.models import Unit

    paths = commitment_managed_scope_paths(officer=officer)
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(_within(paths)).order_by("depth", "name")


def commitment_list_for_manager(*, officer) -> QuerySet[ServiceCommitment]:
    """Every commitment (running and ended) of the units `officer` manages, newest first."""
    paths = commitment_managed_scope_paths(officer=officer)
    if not paths:
        return ServiceCommitment.objects.none()
    return (
        ServiceCommitment.objects.filter(_within(paths, "scope__path"))
        .select_related("scope")
        .order_by("valid_to", "scope__path", "procedure_code", "-valid_from")
    )
