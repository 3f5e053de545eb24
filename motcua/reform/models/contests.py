"""Initiative contests on administrative reform (hội thi / cuộc thi sáng kiến CCHC).

A round is organised by a unit (usually the Department of Home Affairs): units submit initiatives, each
submitting unit screens its own (forwards or not), judges score the forwarded ones per criterion, the organiser
awards prizes and publishes the results. The score of an initiative is the mean over judges of each judge's
total; only judges who scored every criterion count, so a half-filled sheet does not drag a score down.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import InitiativeStatus, RoundStatus


class ContestRound(models.Model):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    organizer = models.ForeignKey(
        "units.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="reform_contests"
    )
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    description = models.TextField(_("description"), blank=True)
    submissions_close = models.DateField(_("submissions close"), null=True, blank=True)
    judges = models.ManyToManyField("accounts.User", verbose_name=_("judges"), blank=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("initiative contest")
        verbose_name_plural = _("initiative contests")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class ContestCriterion(models.Model):
    round = models.ForeignKey(ContestRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=255)
    max_score = models.DecimalField(
        _("maximum score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("judging criterion")
        verbose_name_plural = _("judging criteria")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Prize(models.Model):
    round = models.ForeignKey(ContestRound, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("prize"), max_length=120)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 for the highest prize."))
    quantity = models.PositiveSmallIntegerField(_("number of prizes"), default=1)

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["rank", "pk"]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    round = models.ForeignKey(
        ContestRound, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="initiatives"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("submitting unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    authors = models.CharField(_("authors"), max_length=500)
    summary = models.TextField(_("summary"))
    results = models.TextField(_("results achieved"), blank=True)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.SUBMITTED
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    screened_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    prize = models.ForeignKey(
        Prize, verbose_name=_("prize"), null=True, blank=True, on_delete=models.SET_NULL, related_name="winners"
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["round", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prize__isnull=True) | Q(status=InitiativeStatus.ACCEPTED),
                name="reform_initiative_prize_only_accepted",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class JudgeScore(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(ContestCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "judge", "criterion"], name="reform_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="reform_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}/{self.judge_id}/{self.criterion_id}: {self.score}"
