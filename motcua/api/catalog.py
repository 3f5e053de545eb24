"""Catalogue endpoints: search the current procedures, read one (scope catalog:read)."""

from django.http import Http404
from ninja import Query, Router

from motcua.catalog.presenters import procedure_as_dict
from motcua.catalog.selectors import commitments_in_force, procedure_get_current, procedure_search

from .auth import need
from .schemas import CatalogFilters, ErrorOut, Page, ProcedureDetailOut, ProcedureOut

router = Router(tags=["catalogue"])


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _summary(procedure) -> dict:
    """The list fields only (no per-row queries beyond the selector's prefetch)."""
    limit = procedure.time_limit_value
    return {
        "code": procedure.code,
        "version": procedure.version,
        "name": procedure.name,
        "field": procedure.field.name,
        "levels": procedure.levels,
        "online_level": procedure.online_level,
        "channels": procedure.channels,
        "time_limit": {"value": _number(limit), "unit": procedure.time_limit_unit} if limit is not None else None,
    }


@router.get("/procedures", response={200: Page[ProcedureOut], 401: ErrorOut, 403: ErrorOut, 429: ErrorOut})
def procedure_list(request, filters: Query[CatalogFilters]):
    """Current procedures, every word of `q` matched accent-insensitively; paginated with limit/offset."""
    need(request, "catalog:read")
    qs = procedure_search(q=filters.q, field=filters.field, level=filters.level, online_level=filters.online_level)
    count = qs.count()
    rows = qs[filters.offset : filters.offset + filters.limit]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [_summary(p) for p in rows]}


@router.get("/procedures/{code}", response={200: ProcedureDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def procedure_detail(request, code: str):
    need(request, "catalog:read")
    procedure = procedure_get_current(code)
    if procedure is None:
        raise Http404
    return {**procedure_as_dict(procedure), "commitments": [_commitment(c) for c in commitments_in_force(code)]}


def _commitment(row) -> dict:
    return {
        "scope_code": row.scope.code,
        "scope_name": row.scope.name,
        "channel": row.channel,
        "value": _number(row.value),
        "unit": row.unit,
        "decision_number": row.decision_number,
        "decision_date": row.decision_date,
        "decision_issuer": row.decision_issuer,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
    }
