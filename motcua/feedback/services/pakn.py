"""Writes of PAKN feedback (phản ánh, kiến nghị): send, classify (accept / reject), ask for more, answer,
publish, and like/dislike the published answer.

Every step is one function, in one transaction, that locks the row, checks the state and the officer's unit,
appends a `FeedbackEvent` (with whether the step met its Decision 766 limit, see `deadlines`) and stores the
next deadline. Logs carry ids and verbs only: never the sender's name, contact or text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.accounts.selectors import officer_unit_ids
from motcua.dossiers.errors import DossierError

from .. import deadlines
from ..choices import FeedbackKind, FeedbackStatus, FeedbackSubject, FeedbackVerb, ReactionValue
from ..models import Feedback, FeedbackEvent, FeedbackReaction
from ..selectors import signed_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Unit

logger = logging.getLogger("motcua.feedback")
FS = FeedbackStatus
MAX_TEXT = 5000


class FeedbackError(DossierError):
    code = "feedback_error"


def _text(value: str, *, what: StrOrPromise, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise FeedbackError(_("%(what)s is required.") % {"what": what}, code="required")
    if len(value) > limit:
        raise FeedbackError(_("Please keep it under %(n)s characters.") % {"n": limit}, code="too_long")
    return value


def _new_code(now: dt.datetime) -> str:
    from motcua.workdays.calendar import VN_TZ

    return f"PA{now.astimezone(VN_TZ):%y%m%d}{secrets.token_hex(3).upper()}"


def _event(
    feedback: Feedback,
    *,
    verb: str,
    before: str,
    actor: User | None = None,
    note: str = "",
    due: dt.datetime | None = None,
    at: dt.datetime,
) -> FeedbackEvent:
    on_time = None if due is None else at <= due
    if on_time is False:
        feedback.late = True
    return FeedbackEvent.objects.create(
        feedback=feedback,
        verb=verb,
        from_status=before,
        to_status=feedback.status,
        actor=actor,
        note=note,
        due_at=due,
        on_time=on_time,
        at=at,
    )


@transaction.atomic
def feedback_submit(
    *,
    kind: str,
    subject: str,
    unit: Unit | None,
    title: str,
    content: str,
    sender: User | AnonymousUser | None = None,
    contact_name: str = "",
    contact: str = "",
    procedure: Procedure | None = None,
    dossier: Dossier | None = None,
    publish_allowed: bool = True,
    repeat_of: Feedback | None = None,
    now: dt.datetime | None = None,
) -> Feedback:
    """Receive a PAKN. About a dossier: only its applicant may send it and the dossier's receiving unit answers.
    A follow-up (`repeat_of`) of an answered PAKN marks the first one as unsatisfactory (766 indicator 5.3)."""
    if kind not in FeedbackKind.values or subject not in FeedbackSubject.values:
        raise FeedbackError(_("Choose what kind of feedback this is and what it is about."), code="bad_choice")
    account = signed_in(sender)
    if subject == FeedbackSubject.DOSSIER:
        if dossier is None or account is None or dossier.applicant_user_id != account.pk:
            raise FeedbackError(_("Only the applicant can send feedback about this dossier."), code="not_owner")
        unit = dossier.receiving_unit
    if unit is None:
        raise FeedbackError(_("Choose the unit responsible."), code="unit_required")
    if repeat_of is not None and (account is None or repeat_of.sender_id != account.pk):
        raise FeedbackError(_("You can follow up only on your own feedback."), code="not_owner")
    now = now or timezone.now()
    feedback = Feedback(
        code=_new_code(now),
        kind=kind,
        subject=subject,
        unit=unit,
        procedure=procedure if subject in (FeedbackSubject.PROCEDURE, FeedbackSubject.DOSSIER) else None,
        dossier=dossier if subject == FeedbackSubject.DOSSIER else None,
        sender=account,
        contact_name="" if account else (contact_name or "").strip()[:120],
        contact="" if account else (contact or "").strip()[:120],
        title=_text(title, what=_("A title"), limit=200),
        content=_text(content, what=_("The content")),
        publish_allowed=publish_allowed,
        repeat_of=repeat_of,
        received_at=now,
        reject_due_at=deadlines.due_after(now, "reject"),
        info_due_at=deadlines.due_after(now, "request_info"),
        answer_due_at=deadlines.due_after(now, "answer"),
    )
    feedback.next_due_at = feedback.reject_due_at
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback.save()
            break
        except IntegrityError:
            feedback.code = _new_code(now)
    else:  # pragma: no cover - 16 million codes a day
        raise FeedbackError(_("Please try again."), code="code_clash")
    _event(feedback, verb=FeedbackVerb.SUBMIT, before="", actor=account, at=now)
    logger.info("feedback.submitted", extra={"feedback_id": feedback.pk, "unit_id": feedback.unit_id})
    return feedback


def _locked_for_officer(*, officer: User, feedback: Feedback, allowed: set[str]) -> Feedback:
    row = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if not (officer.is_superuser or row.unit_id in officer_unit_ids(officer=officer)):
        raise FeedbackError(_("This feedback belongs to another unit."), code="permission_denied")
    if row.status not in allowed:
        raise FeedbackError(_("This step is not possible in the feedback's current state."), code="not_allowed")
    return row


def _save(row: Feedback, *fields: str) -> None:
    row.version = F("version") + 1
    row.save(update_fields=[*fields, "status", "next_due_at", "late", "version"])
    row.refresh_from_db(fields=["version"])


@transaction.atomic
def feedback_accept(*, officer: User, feedback: Feedback, now: dt.datetime | None = None) -> Feedback:
    """Classify as within the unit's competence; the answer is due 15 working days after reception."""
    now = now or timezone.now()
    row = _locked_for_officer(officer=officer, feedback=feedback, allowed={FS.RECEIVED})
    row.status, row.classified_at, row.next_due_at = FS.ACCEPTED, now, row.answer_due_at
    _event(row, verb=FeedbackVerb.ACCEPT, before=FS.RECEIVED, actor=officer, at=now)
    _save(row, "classified_at")
    logger.info("feedback.accepted", extra={"feedback_id": row.pk})
    return row


@transaction.atomic
def feedback_reject(*, officer: User, feedback: Feedback, reason: str, now: dt.datetime | None = None) -> Feedback:
    """Classify as not accepted, with the reason shown to the sender; on time within 2 working days."""
    now = now or timezone.now()
    reason = _text(reason, what=_("A reason"))
    row = _locked_for_officer(officer=officer, feedback=feedback, allowed={FS.RECEIVED})
    row.status, row.classified_at, row.reject_reason, row.next_due_at = FS.REJECTED, now, reason, None
    _event(row, verb=FeedbackVerb.REJECT, before=FS.RECEIVED, actor=officer, note=reason, due=row.reject_due_at, at=now)
    _save(row, "classified_at", "reject_reason")
    logger.info("feedback.rejected", extra={"feedback_id": row.pk})
    return row


@transaction.atomic
def feedback_request_info(
    *, officer: User, feedback: Feedback, question: str, now: dt.datetime | None = None
) -> Feedback:
    """Ask the sender for more information; on time within 5 working days of reception. The clock stops."""
    now = now or timezone.now()
    question = _text(question, what=_("The question"))
    row = _locked_for_officer(officer=officer, feedback=feedback, allowed={FS.RECEIVED, FS.ACCEPTED})
    before = row.status
    row.status, row.info_request, row.info_requested_at, row.next_due_at = FS.NEED_MORE_INFO, question, now, None
    row.classified_at = row.classified_at or now
    _event(
        row, verb=FeedbackVerb.REQUEST_INFO, before=before, actor=officer, note=question, due=row.info_due_at, at=now
    )
    _save(row, "info_request", "info_requested_at", "classified_at")
    logger.info("feedback.info_requested", extra={"feedback_id": row.pk})
    return row


@transaction.atomic
def feedback_provide_info(
    *, user: User | AnonymousUser, feedback: Feedback, content: str, now: dt.datetime | None = None
) -> Feedback:
    """The sender answers the question; the unit then has the full answer limit again (see `deadlines`)."""
    now = now or timezone.now()
    content = _text(content, what=_("The information"))
    row = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if row.sender_id is None or row.sender_id != getattr(user, "pk", None):
        raise FeedbackError(_("Only the sender can add information."), code="not_owner")
    if row.status != FS.NEED_MORE_INFO:
        raise FeedbackError(_("No information is being asked for."), code="not_allowed")
    row.status, row.info_reply, row.info_provided_at = FS.ACCEPTED, content, now
    row.answer_due_at = deadlines.due_after(now, "answer")
    row.next_due_at = row.answer_due_at
    _event(row, verb=FeedbackVerb.PROVIDE_INFO, before=FS.NEED_MORE_INFO, actor=signed_in(user), at=now)
    _save(row, "info_reply", "info_provided_at", "answer_due_at")
    logger.info("feedback.info_provided", extra={"feedback_id": row.pk})
    return row


@transaction.atomic
def feedback_answer(*, officer: User, feedback: Feedback, answer: str, now: dt.datetime | None = None) -> Feedback:
    """Answer (on time within 15 working days); the sender sees it at once. If the sender allowed publication,
    the answer is due to be published within 2 working days."""
    now = now or timezone.now()
    answer = _text(answer, what=_("The answer"), limit=10000)
    row = _locked_for_officer(officer=officer, feedback=feedback, allowed={FS.RECEIVED, FS.ACCEPTED})
    before = row.status
    row.status, row.answer, row.answered_at = FS.ANSWERED, answer, now
    row.classified_at = row.classified_at or now
    row.publish_due_at = deadlines.due_after(now, "publish") if row.publish_allowed else None
    row.next_due_at = row.publish_due_at
    _event(row, verb=FeedbackVerb.ANSWER, before=before, actor=officer, due=row.answer_due_at, at=now)
    _save(row, "answer", "answered_at", "classified_at", "publish_due_at")
    logger.info("feedback.answered", extra={"feedback_id": row.pk})
    return row


@transaction.atomic
def feedback_publish(*, officer: User, feedback: Feedback, now: dt.datetime | None = None) -> Feedback:
    """Publish the answer on the public page (only if the sender allowed it); on time within 2 working days."""
    now = now or timezone.now()
    row = _locked_for_officer(officer=officer, feedback=feedback, allowed={FS.ANSWERED})
    if not row.publish_allowed:
        raise FeedbackError(_("The sender did not allow publishing this feedback."), code="not_allowed")
    row.status, row.published_at, row.next_due_at = FS.PUBLISHED, now, None
    _event(row, verb=FeedbackVerb.PUBLISH, before=FS.ANSWERED, actor=officer, due=row.publish_due_at, at=now)
    _save(row, "published_at")
    logger.info("feedback.published", extra={"feedback_id": row.pk})
    return row


def session_hash(session_key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"pakn:{session_key}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def feedback_react(
    *, feedback: Feedback, value: str, user: User | AnonymousUser | None = None, session_key: str = ""
) -> Feedback:
    """Like or dislike a published answer: one reaction per account or per browser session; reacting again
    changes it. The counters on the row are what 766 indicator 5.3 reads (dislikes > likes = unsatisfied)."""
    if value not in ReactionValue.values:
        raise FeedbackError(_("Choose helpful or not helpful."), code="bad_choice")
    row = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if row.status != FS.PUBLISHED:
        raise FeedbackError(_("Only published answers can be rated."), code="not_allowed")
    account = signed_in(user)
    if account is None and not session_key:
        raise FeedbackError(_("Please enable cookies to rate the answer."), code="no_session")
    owner: dict[str, object] = {"user": account} if account else {"session_hash": session_hash(session_key)}
    reaction, created = FeedbackReaction.objects.get_or_create(feedback=row, **owner, defaults={"value": value})
    if not created and reaction.value != value:
        reaction.value = value
        reaction.save(update_fields=["value"])
    row.likes = row.reactions.filter(value=ReactionValue.LIKE).count()
    row.dislikes = row.reactions.filter(value=ReactionValue.DISLIKE).count()
    row.save(update_fields=["likes", "dislikes"])
    return row
