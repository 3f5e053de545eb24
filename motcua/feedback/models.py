"""Ratings of the service (ND 61/2018 arts 27–32; TT 01/2018 art 13) and, later, PAKN feedback.

Ratings are anonymous to officers (ND 61/2018 art 27: evaluators stay confidential): a rating keeps the dossier
(so each dossier is rated once) and the unit, never who rated; officer screens read only aggregates.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RatingChannel, Score


class Rating(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
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
