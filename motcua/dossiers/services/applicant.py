"""Actions of the applicant on their own dossier, online: withdraw, answer a supplement request, ask for the
result by post.

Each one is a single call through the engine with the signed-in applicant as actor (`policy.check_applicant`:
the account must be the dossier's `applicant_user`), so each is one transaction and one `DossierEvent` in the
history, exactly like an officer's action. Legal basis: ND 61/2018 art 15 and 17 (supplement), art 18–19 and
the national status 7 "Công dân yêu cầu rút hồ sơ" (withdrawal), art 16.3 and art 20 (result by the public postal
service, Decision 45/2016/QĐ-TTg).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .. import engine, workflow
from ..choices import Action, DeliveryMethod, DocumentKind, DossierStatus
from ..errors import DossierError
from ..models import Dossier, DossierDocument, DossierEvent
from .documents import Upload, check_uploads, save_uploads

if TYPE_CHECKING:
    from motcua.accounts.models import User

    from ..engine import Context

logger = logging.getLogger("motcua.dossiers.applicant")
S = DossierStatus

# History verb of a status-less request (not in the transition table: it changes no state).
REQUEST_POSTAL_RESULT = "request_postal_result"
# States from which the applicant may ask for the result by post, or to withdraw: read off the transition table.
POSTAL_REQUEST_STATES = workflow.POSTAL_REQUEST_STATES
WITHDRAWABLE_STATES = workflow.WITHDRAWABLE_STATES


def applicant_actions(*, dossier: Dossier) -> set[str]:
    """What the applicant may do online on the dossier now (the page offers only these)."""
    actions: set[str] = set()
    if dossier.status in WITHDRAWABLE_STATES:
        actions.add(Action.REQUEST_WITHDRAWAL)
    if dossier.status == S.AWAITING_SUPPLEMENT:
        actions.add(Action.SUPPLEMENT_RECEIVED)
    if dossier.status in POSTAL_REQUEST_STATES:
        actions.add(REQUEST_POSTAL_RESULT)
    return actions


def dossier_withdraw_by_applicant(
    *, applicant: User, dossier: Dossier, expected_version: int | None, reason: str = ""
) -> Dossier:
    """The applicant asks to withdraw (national status 7); the one-stop centre then stops processing (status 8)."""
    reason = (reason or "").strip()[:1000]
    dossier, _event = engine.apply_action(
        dossier_id=dossier.pk,
        actor=applicant,
        action=Action.REQUEST_WITHDRAWAL,
        expected_version=expected_version,
        reason=reason,
        mutate=lambda ctx: ctx.data.update(by="applicant"),
        applicant=True,
    )
    logger.info("dossier.applicant.withdraw", extra={"dossier_id": dossier.pk})
    return dossier


def dossier_supplement_by_applicant(
    *,
    applicant: User,
    dossier: Dossier,
    expected_version: int | None,
    documents: Sequence[Upload] = (),
    reused: Sequence[DossierDocument] = (),
    note: str = "",
) -> Dossier:
    """The applicant sends the requested documents online (ND 61/2018 art 15, 17.1(b)): the dossier returns to
    where it was; if appraisal had begun the time limit restarts from zero (art 19.4, done by the engine).

    Uploads go through `documents.check_upload` before anything is written; `reused` are files already stored
    (copied by `motcua.datastore` from earlier dossiers) attached to the same event."""
    if not documents and not reused:
        raise DossierError(_("Attach at least one of the requested documents."), code="documents_required")
    check_uploads(documents)

    def mutate(ctx: Context) -> None:
        ctx.data.update(phase=ctx.dossier.supplement_phase, by="applicant", files=len(documents) + len(reused))
        ctx.dossier.supplement_phase = ctx.dossier.return_status = ""

    def after(d: Dossier, event: DossierEvent) -> None:
        save_uploads(d, documents, kind=DocumentKind.SUPPLEMENT, actor=applicant, event=event)
        for document in reused:
            document.event = event
            document.save(update_fields=["event"])

    dossier, _event = engine.apply_action(
        dossier_id=dossier.pk,
        actor=applicant,
        action=Action.SUPPLEMENT_RECEIVED,
        expected_version=expected_version,
        reason=(note or "").strip()[:1000],
        mutate=mutate,
        after=after,
        applicant=True,
    )
    logger.info("dossier.applicant.supplement", extra={"dossier_id": dossier.pk, "files": len(documents)})
    return dossier


def dossier_request_postal_result(
    *, applicant: User, dossier: Dossier, expected_version: int | None, address: str
) -> Dossier:
    """The applicant asks for the result to be sent by the public postal service (BCCI) to `address`."""
    address = " ".join((address or "").split())[:500]
    if len(address) < 10:
        raise DossierError(_("Give the full postal address for the result."), code="address_required")

    def mutate(ctx: Context) -> None:
        if ctx.dossier.status not in POSTAL_REQUEST_STATES:
            raise DossierError(
                _("The result can no longer be sent by post for this dossier."), code="postal_not_allowed"
            )
        ctx.dossier.result_delivery = DeliveryMethod.POST
        ctx.dossier.result_address = address
        ctx.data["delivery"] = DeliveryMethod.POST

    dossier, _event = engine.record_applicant_event(
        dossier_id=dossier.pk,
        actor=applicant,
        action=REQUEST_POSTAL_RESULT,
        expected_version=expected_version,
        mutate=mutate,
    )
    logger.info("dossier.applicant.postal_result", extra={"dossier_id": dossier.pk})
    return dossier
