"""Choices of the reform scorecard (translated labels, English msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Aggregation(models.TextChoices):
    """How a framework turns node points into a total.

    - sum: achieved points add up (PAR INDEX, 876/QĐ-BNV: total out of 100 is the percentage);
    - weighted: a parent's value is Σ wᵢ · (childᵢ achieved / childᵢ max) × parent max (PCI: 10 × Σ wᵢ·sᵢ);
    - normalised: like sum, but nodes with no data (e.g. no survey run) leave the maximum, and the result is
      rescaled to the framework's scale (Hà Nội 2940/QĐ-UBND: without a survey, convert to 100).
    """

    SUM = "sum", _("Sum of points")
    WEIGHTED = "weighted", _("Weighted sum")
    NORMALISED = "normalised", _("Normalised to the scale")


class NodeLevel(models.TextChoices):
    FIELD = "field", _("Field")
    CRITERION = "criterion", _("Criterion")
    SUB_CRITERION = "sub_criterion", _("Sub-criterion")


class ScoringMethod(models.TextChoices):
    """How a node's points are obtained. Decision 876/QĐ-BNV (10/11/2022) has exactly two methods: the unit's
    self-assessment appraised by the Ministry (Department) of Home Affairs, and the sociological survey
    (reference/legal-details.md §1.4; indices.md §1.2). Figures the one-stop system computes (on-time rate, online
    share…) are evidence for a self-assessed sub-criterion, not a third method; the former "system" method was
    folded into self-assessment by migration 0004."""

    SELF_APPRAISED = "self_appraised", _("Self-assessed, then appraised")
    SURVEY = "survey", _("Sociological survey")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("assessment status", "Submitted")
    APPRAISED = "appraised", pgettext_lazy("assessment status", "Appraised")


class HistoryVerb(models.TextChoices):
    SELF_SCORE = "self_score", _("Self-assessed points entered")
    SUBMIT = "submit", _("Submitted for appraisal")
    APPRAISE = "appraise", _("Points appraised")
    IMPORT = "import", _("Survey points imported")
    RETURN = "return", _("Returned to the unit")
    FINISH = "finish", _("Appraisal finished")


class ExternalIndex(models.TextChoices):
    PAR = "par", _("PAR INDEX")
    SIPAS = "sipas", _("SIPAS")
    PAPI = "papi", _("PAPI")
    PCI = "pci", _("PCI")
    DDCI = "ddci", _("DDCI")
