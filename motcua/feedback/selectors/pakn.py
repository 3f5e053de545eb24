"""Reads of PAKN feedback: the officer's inbox (scoped to their units), the sender's own feedback, the public
list of published answers, and the Decision 766 indicators 5.1–5.3 per unit(s) and period."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.selectors import officer_unit_ids

from .. import deadlines
from ..choices import FEEDBACK_CLASSIFIED, FeedbackStatus
from ..models import Feedback
from .ratings import Rate, signed_in, vn_bounds

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User

FS = FeedbackStatus
# Inbox queues: everything still waiting on the unit, due within a working day, past due.
QUEUE_OPEN, QUEUE_DUE_SOON, QUEUE_OVERDUE, QUEUE_WAITING, QUEUE_DONE = "open", "due_soon", "overdue", "waiting", "done"
QUEUES = (QUEUE_OPEN, QUEUE_DUE_SOON, QUEUE_OVERDUE, QUEUE_WAITING, QUEUE_DONE)
# Steps the unit still owes: classify/answer, or publish an answer the sender allowed to publish.
_OWED = Q(status__in=[FS.RECEIVED, FS.ACCEPTED]) | Q(status=FS.ANSWERED, publish_allowed=True)


def _officer_scope(officer: User | AnonymousUser) -> QuerySet[Feedback]:
    account = signed_in(officer)
    if account is None:
        return Feedback.objects.none()
    if account.is_superuser:
        return Feedback.objects.all()
    return Feedback.objects.filter(unit_id__in=officer_unit_ids(officer=account))


def feedback_queue_for_officer(
    *, officer: User | AnonymousUser, queue: str, now: dt.datetime | None = None
) -> QuerySet[Feedback]:
    now = now or timezone.now()
    rows = _officer_scope(officer).select_related("unit")
    if queue == QUEUE_WAITING:
        return rows.filter(status=FS.NEED_MORE_INFO).order_by("info_requested_at")
    if queue == QUEUE_DONE:
        return rows.exclude(_OWED).exclude(status=FS.NEED_MORE_INFO).order_by("-received_at")
    rows = rows.filter(_OWED).order_by(F("next_due_at").asc(nulls_last=True), "received_at")
    if queue == QUEUE_OVERDUE:
        return rows.filter(next_due_at__lt=now)
    if queue == QUEUE_DUE_SOON:
        return rows.filter(next_due_at__gte=now, next_due_at__lte=deadlines.due_soon_threshold(now))
    return rows


def feedback_queue_counts(*, officer: User | AnonymousUser, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {q: feedback_queue_for_officer(officer=officer, queue=q, now=now).count() for q in QUEUES}


def feedback_get_for_officer(*, officer: User | AnonymousUser, code: str) -> Feedback:
    row = _officer_scope(officer).select_related("unit", "procedure", "dossier").filter(code=code).first()
    if row is None:
        raise Http404
    return row


def feedback_list_for_sender(*, user: User | AnonymousUser) -> QuerySet[Feedback]:
    account = signed_in(user)
    if account is None:
        return Feedback.objects.none()
    return Feedback.objects.filter(sender=account).select_related("unit", "procedure", "dossier")


def feedback_get_for_sender(*, user: User | AnonymousUser, code: str) -> Feedback:
    row = feedback_list_for_sender(user=user).filter(code=code).first()
    if row is None:
        raise Http404
    return row


def feedback_follow_key(*, code: str) -> str:
    """The key an anonymous sender keeps with the reference to follow their feedback (ND 61/2018 art 31 lets a
    person send feedback without an account; the reference alone is sequential, so it is not enough to read the
    feedback back). A keyed hash of the reference: nothing more is stored, and it cannot be guessed."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"feedback-follow:{code}".encode(), hashlib.sha256).digest()
    key = base64.b32encode(digest[:5]).decode()  # 8 letters and digits, no 0/1/8/9 to confuse
    return f"{key[:4]}-{key[4:]}"


def feedback_get_for_follow_key(*, code: str, key: str) -> Feedback:
    """The feedback with this reference when `key` is its follow key (case and dashes ignored); else 404."""
    wanted = feedback_follow_key(code=code).replace("-", "")
    given = "".join(key.split()).replace("-", "").upper()
    row = Feedback.objects.filter(code=code).select_related("unit").first() if code else None
    if row is None or not hmac.compare_digest(wanted, given):
        raise Http404
    return row


def feedback_list_published(*, q: str = "") -> QuerySet[Feedback]:
    rows = Feedback.objects.filter(status=FS.PUBLISHED).select_related("unit", "procedure")
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(content__icontains=q) | Q(answer__icontains=q))
    return rows.order_by("-published_at", "-id")


def feedback_get_published(*, code: str) -> Feedback:
    row = feedback_list_published().filter(code=code).first()
    if row is None:
        raise Http404
    return row


def _received(*, start: dt.date, end: dt.date, unit_ids: Iterable[int] | None = None) -> QuerySet[Feedback]:
    begin, finish = vn_bounds(start, end)
    rows = Feedback.objects.filter(received_at__gte=begin, received_at__lt=finish)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return rows


def _late_at(moment: dt.datetime) -> Q:
    """Late: a step was done after its limit, or a step still owed is past due at `moment` (open PAKN are
    judged at the end of the period, like dossiers in indicator 2.1)."""
    return Q(late=True) | (_OWED & Q(next_due_at__lt=moment))


def _period_end(end: dt.date) -> dt.datetime:
    return min(vn_bounds(end, end)[1], timezone.now())


def classified_rate(*, start: dt.date, end: dt.date, unit_ids: Iterable[int] | None = None) -> Rate:
    """766 indicator 5.1: PAKN received in the period that have been classified / PAKN received."""
    rows = _received(start=start, end=end, unit_ids=unit_ids)
    return Rate(numerator=rows.filter(status__in=list(FEEDBACK_CLASSIFIED)).count(), denominator=rows.count())


def on_time_rate(*, start: dt.date, end: dt.date, unit_ids: Iterable[int] | None = None) -> Rate:
    """766 indicator 5.2: PAKN received in the period handled within the limits (reject ≤ 2, ask for more ≤ 5,
    answer ≤ 15, publish ≤ 2 working days) / PAKN received."""
    rows = _received(start=start, end=end, unit_ids=unit_ids)
    total = rows.count()
    return Rate(numerator=total - rows.filter(_late_at(_period_end(end))).count(), denominator=total)


def satisfaction_rate(*, start: dt.date, end: dt.date, unit_ids: Iterable[int] | None = None) -> Rate:
    """766 indicator 5.3: (PAKN − those with more dislikes than likes − those handled late − those repeated by a
    follow-up of the same sender) / PAKN first received in the period (follow-ups are not counted again)."""
    rows = _received(start=start, end=end, unit_ids=unit_ids).filter(repeat_of__isnull=True)
    repeated = Exists(Feedback.objects.filter(repeat_of=OuterRef("pk")))
    unsatisfied = Q(dislikes__gt=F("likes")) | _late_at(_period_end(end)) | Q(Exists(repeated))
    total = rows.count()
    return Rate(numerator=total - rows.filter(unsatisfied).count(), denominator=total)
