"""Writes of ratings: by the applicant online after the result is returned, at the counter's rating device, or
sent by a connected system (the national portal) that took the applicant's rating there.

ND 61/2018 art 29: citizens rate by desk device or online in the system; art 27: evaluators stay confidential,
so no rater is stored. One rating per dossier (database constraint); kiosk ratings without a code are anonymous
ratings of the unit.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier

from ..choices import Criterion, RatingChannel, Score
from ..models import KioskDevice, Rating

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User
    from motcua.units.models import Unit

# The answers of a rating form: {criterion: level 1–5 (a number or its text); empty: not answered}.
Answers = Mapping[str, "int | str | None"]

logger = logging.getLogger("motcua.feedback")
RATEABLE = frozenset({DossierStatus.DELIVERED})


class RatingError(DossierError):
    code = "rating_error"


def _clean_answers(answers: Answers | None) -> dict[str, int]:
    clean: dict[str, int] = {}
    for criterion, value in (answers or {}).items():
        if criterion not in Criterion.values or value in (None, ""):
            continue
        score = int(value)
        if score not in Score.values:
            raise RatingError(_("Choose a level from 1 to 5."), code="bad_score")
        clean[criterion] = score
    if Criterion.OVERALL not in clean:
        raise RatingError(_("Answer the overall question."), code="overall_required")
    return clean


def _create(
    *,
    unit_id: int,
    dossier: Dossier | None,
    channel: str,
    answers: Answers,
    comment: str,
    device: KioskDevice | None = None,
    counted: bool = True,
) -> Rating:
    answers = _clean_answers(answers)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                unit_id=unit_id,
                dossier=dossier,
                channel=channel,
                device=device,
                counted=counted,
                overall=answers[Criterion.OVERALL],
                answers=answers,
                comment=(comment or "").strip()[:2000],
            )
    except IntegrityError:
        raise RatingError(_("This dossier has already been rated."), code="already_rated") from None
    logger.info("rating.created", extra={"unit_id": unit_id, "channel": channel})
    return rating


def rating_submit_by_applicant(
    *, user: User | AnonymousUser, dossier: Dossier, answers: Answers, comment: str = ""
) -> Rating:
    """The applicant rates their own dossier once the result has been returned (status 10)."""
    if dossier.applicant_user_id is None or dossier.applicant_user_id != getattr(user, "pk", None):
        raise RatingError(_("Only the applicant can rate this dossier."), code="not_owner")
    if dossier.status not in RATEABLE:
        raise RatingError(_("You can rate the service once the result has been returned."), code="not_delivered")
    return _create(
        unit_id=dossier.receiving_unit_id,
        dossier=dossier,
        channel=RatingChannel.ONLINE,
        answers=answers,
        comment=comment,
    )


def kiosk_device_for_token(*, token: str) -> KioskDevice | None:
    """The active device holding `token` (compared by its SHA-256), or None."""
    token = (token or "").strip()
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return KioskDevice.objects.filter(token_hash=digest, is_active=True).first()


@transaction.atomic
def kiosk_device_register(*, unit: Unit, name: str) -> tuple[KioskDevice, str]:
    """Register a rating tablet of `unit`; returns the device and its token (shown once, never stored)."""
    token = "kd_" + secrets.token_urlsafe(24)
    device = KioskDevice.objects.create(
        unit=unit,
        name=name.strip()[:120],
        token_prefix=token[3:11],
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
    )
    logger.info("kiosk_device.registered", extra={"device_id": device.pk, "unit_id": unit.pk})
    return device, token


@transaction.atomic
def kiosk_device_rename(*, device: KioskDevice, name: str) -> KioskDevice:
    device.name = name.strip()[:120]
    device.save(update_fields=["name"])
    return device


@transaction.atomic
def kiosk_device_revoke(*, device: KioskDevice) -> KioskDevice:
    device.is_active = False
    device.revoked_at = timezone.now()
    device.save(update_fields=["is_active", "revoked_at"])
    logger.info("kiosk_device.revoked", extra={"device_id": device.pk})
    return device


def rating_submit_at_kiosk(
    *, unit: Unit, answers: Answers, dossier_code: str = "", comment: str = "", device_token: str = ""
) -> Rating:
    """A rating on the counter's tablet: for a returned dossier of this unit (by code) or anonymous. It counts
    in the satisfaction figures only from an active device registered for this unit (issue 18); otherwise it is
    kept apart (`counted=False`) for the administrator to look at."""
    dossier = None
    code = (dossier_code or "").strip().upper()
    if code:
        dossier = Dossier.objects.filter(code=code, receiving_unit=unit, status__in=RATEABLE).first()
        if dossier is None:
            raise RatingError(
                _("No returned dossier with this code at this counter. Check the code or rate without it."),
                code="unknown_code",
            )
    device = kiosk_device_for_token(token=device_token)
    if device is not None and device.unit_id != unit.pk:
        device = None
    return _create(
        unit_id=unit.pk,
        dossier=dossier,
        channel=RatingChannel.KIOSK,
        answers=answers,
        comment=comment,
        device=device,
        counted=device is not None,
    )


def rating_submit_by_system(*, dossier: Dossier, answers: Answers, comment: str = "") -> Rating:
    """A rating the applicant gave on a connected system (ND 61/2018 art 29: online in the systems; the national
    portal rates dossiers it filed or tracks), for a returned dossier the calling client may see (its units are
    checked by the caller). The same questions, scale and one-per-dossier rule as on the province's portal; no
    rater is stored (art 27)."""
    if dossier.status not in RATEABLE:
        raise RatingError(_("You can rate the service once the result has been returned."), code="not_delivered")
    return _create(
        unit_id=dossier.receiving_unit_id, dossier=dossier, channel=RatingChannel.API, answers=answers, comment=comment
    )
