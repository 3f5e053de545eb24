"""Ratings of the service (ND 61/2018 arts 27–32; TT 01/2018 art 13) and PAKN feedback (phản ánh, kiến nghị).

Ratings are anonymous to officers (ND 61/2018 art 27: evaluators stay confidential): a rating keeps the dossier
(so each dossier is rated once) and the unit, never who rated; officer screens read only aggregates.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import FeedbackKind, FeedbackStatus, FeedbackSubject, FeedbackVerb, RatingChannel, ReactionValue, Score


class KioskDevice(models.Model):
    """A rating tablet registered at a counter (issue 18, finding 4: an anonymous curl counted toward the
    satisfaction index). The tablet holds a secret token (shown once when the device is registered in the admin);
    only the SHA-256 of it is stored. Ratings sent without a valid token of the counter's unit are kept but not
    counted in the satisfaction figures (`Rating.counted`). Revoking a device stops its ratings counting."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    token_prefix = models.CharField(_("token prefix"), max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("rating device")
        verbose_name_plural = _("rating devices")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"


class Rating(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(
        KioskDevice, verbose_name=_("rating device"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counted = models.BooleanField(
        _("counted in the index"),
        default=True,
        help_text=_("Kiosk ratings from an unregistered or revoked device are kept apart from the figures."),
    )
    dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("channel"), max_length=16, choices=RatingChannel.choices)
    overall = models.PositiveSmallIntegerField(_("overall"), choices=Score.choices)
    answers = models.JSONField(_("answers"), default=dict, help_text=_("criterion → score 1–5"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["dossier"], condition=Q(dossier__isnull=False), name="feedback_one_rating"),
            models.CheckConstraint(condition=Q(overall__gte=1, overall__lte=5), name="feedback_rating_overall_1_5"),
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="feedback_rating_unit_time")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.overall}"


class Feedback(models.Model):
    """A PAKN: a complaint, suggestion or question about a procedure, a dossier, an officer or anything else.

    Deadlines are computed in working days when each step happens and stored (Decision 766 indicator 5.2:
    reject ≤ 2, ask for more ≤ 5, answer ≤ 15, publish ≤ 2 working days). `late` becomes true as soon as one
    step is done after its limit. The sender is either a signed-in account or an anonymous contact; contact
    details are never shown to the public and never written to logs.
    """

    code = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=FeedbackKind.choices)
    subject = models.CharField(_("about"), max_length=16, choices=FeedbackSubject.choices)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_sent",
    )
    contact_name = models.CharField(_("name"), max_length=120, blank=True)
    contact = models.CharField(_("email or phone"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    publish_allowed = models.BooleanField(_("the answer may be published"), default=True)
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("follow-up of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    info_request = models.TextField(_("information asked for"), blank=True)
    info_reply = models.TextField(_("information sent"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    classified_at = models.DateTimeField(_("classified at"), null=True, blank=True)
    info_requested_at = models.DateTimeField(null=True, blank=True)
    info_provided_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    reject_due_at = models.DateTimeField(_("reject at the latest"))
    info_due_at = models.DateTimeField(_("ask for more at the latest"))
    answer_due_at = models.DateTimeField(_("answer at the latest"))
    publish_due_at = models.DateTimeField(_("publish at the latest"), null=True, blank=True)
    next_due_at = models.DateTimeField(_("next step due"), null=True, blank=True)
    late = models.BooleanField(_("a step was late"), default=False)
    likes = models.PositiveIntegerField(default=0)
    dislikes = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=FeedbackStatus.REJECTED) | ~Q(reject_reason=""), name="feedback_reject_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status=FeedbackStatus.PUBLISHED) | Q(publish_allowed=True),
                name="feedback_publish_only_if_allowed",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "next_due_at"], name="feedback_unit_queue"),
            models.Index(fields=["status", "published_at"], name="feedback_published"),
        ]

    def __str__(self) -> str:
        return self.code


class FeedbackEvent(models.Model):
    """Append-only history of a PAKN: one row per step, with whether the step met its limit."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(_("step"), max_length=16, choices=FeedbackVerb.choices)
    from_status = models.CharField(max_length=16, choices=FeedbackStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=FeedbackStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback step")
        verbose_name_plural = _("feedback steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.verb}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("feedback events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("feedback events are append-only")


class FeedbackReaction(models.Model):
    """Like or dislike of a published answer (the DVCQG's measure, 766 indicator 5.3): one per account or, for
    visitors who are not signed in, one per browser session (stored as a keyed hash of the session key)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_hash = models.CharField(max_length=64, blank=True)
    value = models.CharField(_("reaction"), max_length=8, choices=ReactionValue.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "user"], condition=Q(user__isnull=False), name="feedback_one_reaction_per_user"
            ),
            models.UniqueConstraint(
                fields=["feedback", "session_hash"],
                condition=~Q(session_hash=""),
                name="feedback_one_reaction_per_session",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_hash=""), name="feedback_reaction_has_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.value}"
