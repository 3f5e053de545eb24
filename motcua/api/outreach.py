"""Outreach sessions (tiếp nhận lưu động) and their figures, for the client's units (issue 21 part 6).

A session is read through the same scoped selector as the officer's pages (`outreach.selectors`): the client's
service account sees the sessions of the units it belongs to. The figures are the session report's (dossiers
received, at once or from the laptop's offline queue, per service offered); no applicant's data leaves here:
the dossiers themselves are read with `dossiers:read` under `/dossiers`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.integrations.selectors import api_client_unit
from motcua.outreach.choices import SessionStatus
from motcua.outreach.models import OutreachSession
from motcua.outreach.selectors import session_figures, session_list_for_officer

from .auth import need
from .presenters import unit_ref
from .schemas import MAX_LIMIT, MAX_OFFSET, ErrorOut, Page

router = Router(tags=["outreach"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
SCOPE = "metrics:read"  # a session's figures are report figures of the unit


class UnitRefOut(Schema):
    code: str
    name: str


class ProcedureCountOut(Schema):
    code: str
    name: str
    received: int = Field(description="dossiers of this procedure received at the session")


class SessionFiguresOut(Schema):
    received: int = Field(description="dossiers received at the session")
    live: int = Field(description="received while the laptop was online")
    from_queue: int = Field(description="sent later from the laptop's offline queue")
    by_procedure: list[ProcedureCountOut] = Field(
        description="every service offered (0 when none was received), then any other"
    )


class SessionOut(Schema):
    id: int
    centre: UnitRefOut
    commune: UnitRefOut
    place: str
    day: dt.date
    starts_at: dt.time
    ends_at: dt.time
    status: Literal["planned", "held", "closed"]
    officers: int = Field(description="number of officers sent")
    held_at: dt.datetime | None
    closed_at: dt.datetime | None
    figures: SessionFiguresOut


class SessionFilters(Schema):
    unit: str = Field("", description="one of the client's units (code or e-identifier); all of them when empty")
    date_from: dt.date | None = Field(None, description="first day of the sessions (included)")
    date_to: dt.date | None = Field(None, description="last day of the sessions (included)")
    status: Literal["planned", "held", "closed"] | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def session_out(session: OutreachSession) -> dict:
    figures = session_figures(session)
    return {
        "id": session.pk,
        "centre": unit_ref(session.centre),
        "commune": unit_ref(session.commune),
        "place": session.place,
        "day": session.day,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "status": SessionStatus(session.status).value,
        "officers": session.officers.count(),
        "held_at": session.held_at,
        "closed_at": session.closed_at,
        "figures": {
            "received": figures.received,
            "live": figures.live,
            "from_queue": figures.from_queue,
            "by_procedure": [{"code": r.code, "name": r.name, "received": r.count} for r in figures.by_procedure],
        },
    }


@router.get("/outreach/sessions", response={200: Page[SessionOut], **ERRORS})
def outreach_session_list(request, filters: Query[SessionFilters]):
    """Outreach sessions of the client's units (or of one of them), newest day first, each with its figures."""
    token = need(request, SCOPE)
    sessions = session_list_for_officer(officer=token.client.user)
    if filters.unit:
        unit = api_client_unit(client=token.client, code=filters.unit)
        if unit is None:
            raise HttpError(403, _("This client may not read reports of unit %(unit)s.") % {"unit": filters.unit})
        sessions = sessions.filter(centre=unit)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HttpError(422, _("The first day must not be after the last day."))
    if filters.date_from:
        sessions = sessions.filter(day__gte=filters.date_from)
    if filters.date_to:
        sessions = sessions.filter(day__lte=filters.date_to)
    if filters.status:
        sessions = sessions.filter(status=filters.status)
    count = sessions.count()
    rows = sessions.prefetch_related("procedures").order_by("-day", "-starts_at", "-pk")[
        filters.offset : filters.offset + filters.limit
    ]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [session_out(s) for s in rows]}


@router.get("/outreach/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def outreach_session_detail(request, session_id: int):
    """One session of the client's units with its figures (404 for any other)."""
    token = need(request, SCOPE)
    session = session_list_for_officer(officer=token.client.user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session_out(session)
