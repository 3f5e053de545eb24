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
