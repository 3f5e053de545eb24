"""Ratings of the service taken on the client's system (the national portal asks the applicant after the result
is returned) and sent here for the dossier's receiving unit.

The feedback app records them exactly as the province's own rating form does — the same questions and 5-level
scale (TT 01/2018 art 13; ND 61/2018 art 31), one rating per dossier, only once the result has been returned,
no rater stored (art 27) — with the channel `api`, so satisfaction figures can be split by where people rated.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router
from ninja.errors import HttpError

from motcua.dossiers.selectors import dossier_get_for_officer
from motcua.feedback.choices import Criterion, Score
from motcua.feedback.services import RatingError, rating_submit_by_system

from .auth import need
from .dossiers import ERRORS, IDEMPOTENCY_KEY, run_once
from .presenters import as_json, unit_ref
from .schemas import RatingIn, RatingOut, RatingQuestionsOut

router = Router(tags=["ratings"])


def rating_out(rating, dossier) -> dict:
    return {
        "dossier_code": dossier.code,
        "unit": unit_ref(dossier.receiving_unit),
        "channel": rating.channel,
        "overall": rating.overall,
        "answers": rating.answers,
        "comment": rating.comment,
        "rated_at": rating.created_at,
    }


@router.get("/ratings/questions", response={200: RatingQuestionsOut, **ERRORS})
def rating_questions(request):
    """The questions to ask and the scale, as on the province's rating form (`overall` is required)."""
    need(request, "ratings:write")
    return {
        "questions": [
            {"criterion": value, "question": str(label), "required": value == Criterion.OVERALL}
            for value, label in Criterion.choices
        ],
        "levels": [{"value": value, "label": str(label)} for value, label in Score.choices],
    }


@router.post("/ratings", response={201: RatingOut, **ERRORS})
def rating_create(request, payload: RatingIn, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY):
    """Record the applicant's rating of a returned dossier (status `delivered`) of one of the client's units:
    404 for another unit's dossier, 422 before the result is returned or for a level outside 1–5 or without the
    `overall` answer, 409 when the dossier is already rated (on any channel)."""
    token = need(request, "ratings:write")
    dossier = dossier_get_for_officer(officer=token.client.user, code=payload.dossier_code.strip())

    def call() -> tuple[int, dict]:
        try:
            rating = rating_submit_by_system(dossier=dossier, answers=payload.answers, comment=payload.comment)
        except RatingError as error:
            if error.code == "already_rated":
                raise HttpError(409, str(error.message)) from None
            raise
        return 201, as_json(rating_out(rating, dossier))

    return run_once(request, response, token=token, key=idempotency_key, call=call)
