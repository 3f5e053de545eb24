"""Choices of ratings (TT 01/2018 art 13 criteria as plain questions, ND 61/2018 art 31) and feedback."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.IntegerChoices):
    """5-level scale (the MIC / DVCQG Likert scale, Rất hài lòng → Rất không hài lòng)."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


# Scores counted as "satisfied" in the satisfaction rate (766 group 5; SIPAS counts the two top levels).
SATISFIED_SCORES = frozenset({Score.VERY_SATISFIED, Score.SATISFIED})


class Criterion(models.TextChoices):
    """The rated TT 01/2018 art 13 indices (1, 3, 4, 7: "from form/device/online rating") and ND 61/2018 art
    31 items, as plain questions; `OVERALL` decides whether the rating counts as satisfied."""

    TIME = "time", _("Was the result ready within the promised time?")
    CONTACTS = "contacts", _("Could you complete the dossier without extra trips or calls?")
    ONE_PLACE = "one_place", _("Could you do everything at one place, without going to other offices?")
    ATTITUDE = "attitude", _("Were the staff polite and helpful?")
    INFORMATION = "information", _("Was the published information (documents, fees, time) clear and correct?")
    OVERALL = "overall", _("Overall, how satisfied are you with the service?")


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Online, by the applicant")
    KIOSK = "kiosk", _("Rating device at the counter")
    API = "api", _("Online, through a connected system")


class FeedbackKind(models.TextChoices):
    """What the sender brings (ND 20/2008 on receiving and handling feedback and petitions on regulations)."""

    COMPLAINT = "complaint", _("Complaint (something went wrong)")
    SUGGESTION = "suggestion", _("Suggestion (how to do better)")
    QUESTION = "question", _("Question")


class FeedbackSubject(models.TextChoices):
    """What the feedback is about; 766 classifies PAKN about procedures/regulations and about officers' conduct."""

    PROCEDURE = "procedure", _("A procedure")
    DOSSIER = "dossier", _("One of my dossiers")
    OFFICER = "officer", _("The conduct of an officer")
    GENERAL = "general", _("Something else")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not yet classified")
    ACCEPTED = "accepted", _("Accepted for handling")
    REJECTED = "rejected", _("Not accepted")
    NEED_MORE_INFO = "need_more_info", _("Waiting for more information from the sender")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Answer published")


# States where the unit still has work to do (the officer inbox).
FEEDBACK_OPEN = frozenset({FeedbackStatus.RECEIVED, FeedbackStatus.ACCEPTED})
# States where classification has happened (766 indicator 5.1).
FEEDBACK_CLASSIFIED = frozenset(
    {
        FeedbackStatus.ACCEPTED,
        FeedbackStatus.REJECTED,
        FeedbackStatus.NEED_MORE_INFO,
        FeedbackStatus.ANSWERED,
        FeedbackStatus.PUBLISHED,
    }
)


class FeedbackVerb(models.TextChoices):
    SUBMIT = "submit", _("Sent")
    ACCEPT = "accept", _("Accepted for handling")
    REJECT = "reject", _("Not accepted")
    REQUEST_INFO = "request_info", _("More information requested")
    PROVIDE_INFO = "provide_info", _("More information sent")
    ANSWER = "answer", _("Answered")
    PUBLISH = "publish", _("Answer published")


class ReactionValue(models.TextChoices):
    LIKE = "like", _("Helpful")
    DISLIKE = "dislike", _("Not helpful")
