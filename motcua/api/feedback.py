"""PAKN feedback (phản ánh, kiến nghị) received on the client's system, sent on behalf of citizens.

The feedback app handles it exactly as one sent on the province's portal (Decision 766 deadlines, officer inbox,
answer, publication); the client reads where it stands and the answer by its reference. Ratings of the service
are sent to `/ratings` (`ratings.py`).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from motcua.catalog.selectors import procedure_current_queryset
from motcua.feedback.selectors.pakn import feedback_get_for_officer
from motcua.feedback.services import feedback_submit
from motcua.integrations.selectors import api_client_unit
from motcua.integrations.services import idempotent_call, request_fingerprint

from .auth import need
from .dossiers import ERRORS, IDEMPOTENCY_KEY
from .presenters import as_json, feedback_out
from .schemas import FeedbackIn, FeedbackOut

router = Router(tags=["feedback"])


@router.post("/feedback", response={201: FeedbackOut, **ERRORS})
def feedback_create(
    request, payload: FeedbackIn, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY
):
    """Send a PAKN to one of the client's units on behalf of a citizen (ND 20/2008; Decision 766 deadlines run
    from now). The answer is read with `GET /feedback/{code}`; contact details are kept for the unit only."""
    token = need(request, "feedback:write")
    unit = api_client_unit(client=token.client, code=payload.unit)
    if unit is None:
        raise HttpError(403, _("This client may not send feedback to unit %(unit)s.") % {"unit": payload.unit})
    procedure = None
    if payload.subject == "procedure":
        procedure = procedure_current_queryset().filter(code=payload.procedure_code.strip()).first()
        if procedure is None:
            raise HttpError(422, _("Unknown procedure code: %(code)s") % {"code": payload.procedure_code})

    def call() -> tuple[int, dict]:
        feedback = feedback_submit(
            kind=payload.kind,
            subject=payload.subject,
            unit=unit,
            procedure=procedure,
            title=payload.title,
            content=payload.content,
            contact_name=payload.contact_name,
            contact=payload.contact,
            publish_allowed=payload.publish_allowed,
        )
        return 201, as_json(feedback_out(feedback))

    if idempotency_key is None:
        return Status(*call())
    fingerprint = request_fingerprint(method=request.method, path=request.path, body=request.body)
    status, body, replayed = idempotent_call(
        client=token.client, key=idempotency_key, request_hash=fingerprint, call=call
    )
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(status, body)


@router.get("/feedback/{code}", response={200: FeedbackOut, **ERRORS})
def feedback_detail(request, code: str):
    """Where a PAKN of one of the client's units stands, with the unit's answer once given (404 for others)."""
    token = need(request, "feedback:write")
    return feedback_out(feedback_get_for_officer(officer=token.client.user, code=(code or "").strip().upper()))
