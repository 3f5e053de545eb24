"""SIPAS-style satisfaction surveys (Decision 1001/QĐ-BNV of 11/12/2023, method for 2023–2026).

A `Survey` is one questionnaire version, kept as data: its indices (e.g. the service-delivery index and the
policy index), the elements under each index (access, procedures, civil servants, results, feedback handling),
and the questions of each element on a 1..N scale. The published method's formulas and weights were not found
(`reference/legal-details.md` §2.3), so the formula is configuration with documented defaults: a question's
rate is the share of valid answers at or above `satisfied_from` (default 4 of 5: "Hài lòng" + "Rất hài
lòng"); an element index is the weighted mean of its questions' rates; an index is the weighted mean of its
elements; the overall index is the weighted mean of the indices. All weights default to 1.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..choices import ResponseChannel, SurveyStatus

WEIGHT = {"max_digits": 6, "decimal_places": 3, "default": Decimal(1), "validators": [MinValueValidator(0)]}


class Survey(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    organizer = models.ForeignKey(
        "units.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="reform_surveys"
    )
    status = models.CharField(_("status"), max_length=12, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    scale_max = models.PositiveSmallIntegerField(
        _("scale points"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    satisfied_from = models.PositiveSmallIntegerField(
        _("satisfied from scale point"),
        default=4,
        help_text=_("Answers at or above this point count as satisfied (default 4 of 5: satisfied, very satisfied)."),
    )
    scale_labels = models.JSONField(
        _("scale labels"),
        default=list,
        blank=True,
        help_text=_("One label per scale point, lowest first."),
    )
    min_sample = models.PositiveIntegerField(
        _("minimum sample"), default=30, help_text=_("Units with fewer responses are shown but not ranked.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    formula_note = models.TextField(_("formula note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfied_from__gte=1) & Q(satisfied_from__lte=F("scale_max")),
                name="reform_survey_threshold_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyIndex(models.Model):
    """A component of the overall index (e.g. public-service delivery, policy implementation)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="indices")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    weight = models.DecimalField(_("weight in the overall index"), **WEIGHT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey index")
        verbose_name_plural = _("survey indices")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="reform_surveyindex_code_unique")]

    def __str__(self) -> str:
        return self.name


class SurveyElement(models.Model):
    """A section of the questionnaire measured as one element index (e.g. "Tiếp cận dịch vụ")."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="elements")
    index = models.ForeignKey(SurveyIndex, verbose_name=_("index"), on_delete=models.PROTECT, related_name="elements")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    weight = models.DecimalField(_("weight in its index"), **WEIGHT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey element")
        verbose_name_plural = _("survey elements")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="reform_surveyelement_code_unique")]

    def __str__(self) -> str:
        return self.name


class SurveyQuestion(models.Model):
    element = models.ForeignKey(
        SurveyElement, verbose_name=_("element"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Column name in imported files, e.g. TC1."))
    text = models.TextField(_("question"))
    weight = models.DecimalField(_("weight in its element"), **WEIGHT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["element__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["element", "code"], name="reform_surveyquestion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class SurveyTarget(models.Model):
    """A unit whose service is surveyed, with its open link (anyone with the link may answer once per visit,
    rate-limited) when `open_link_enabled`; one-time links are `SurveyInvitation` rows."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    open_token = models.CharField(_("open link token"), max_length=43, unique=True)
    open_link_enabled = models.BooleanField(_("open link enabled"), default=False)

    class Meta:
        verbose_name = _("surveyed unit")
        verbose_name_plural = _("surveyed units")
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["survey", "unit"], name="reform_surveytarget_unique")]

    def __str__(self) -> str:
        return f"{self.survey} — {self.unit}"


class SurveyInvitation(models.Model):
    """A one-time link: only the SHA-256 of its token is stored, so the database cannot replay it."""

    target = models.ForeignKey(SurveyTarget, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time survey link")
        verbose_name_plural = _("one-time survey links")

    def __str__(self) -> str:
        return f"{self.target_id} {self.token_hash[:8]}"


class SurveyResponse(models.Model):
    """One filled questionnaire; anonymous (no respondent identity is stored)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=8, choices=ResponseChannel.choices)
    form_number = models.CharField(_("form number"), max_length=40, blank=True)
    entered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["survey", "unit"], name="reform_response_survey_unit")]
        constraints = [
            # a paper form's number is entered once per survey (double entry is the commonest typing error)
            models.UniqueConstraint(
                fields=["survey", "form_number"], condition=~Q(form_number=""), name="reform_response_form_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="reform_answer_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="reform_answer_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"
