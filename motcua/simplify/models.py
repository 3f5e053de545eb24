"""Review and simplification of administrative procedures (rà soát, đơn giản hóa TTHC, issue 21 part 7).

ND 63/2010/NĐ-CP (control of administrative procedures; its chapter on reviewing and assessing procedures:
agencies review the procedures they implement, propose to simplify them — shorter time, fewer documents, lower
fees — and the competent body decides) as amended by ND 48/2013/NĐ-CP and ND 92/2017/NĐ-CP; the cost of
compliance and the saving follow TT 07/2014/TT-BTP (cost.py). A `Review` records one review of one procedure
(the catalogue version reviewed), its `Proposal`s with their before/after figures, and the `Decision` that adopted
some of them and the catalogue version it produced (motcua.catalog: a new version of the same code).
Article numbers are not given here: the decrees' texts are not in shared/reference.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ProposalKind, ProposalStatus
from .cost import CostInputs


class Review(models.Model):
    unit = models.ForeignKey("units.Unit", verbose_name=_("reviewing agency"), on_delete=models.PROTECT)
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("procedure version reviewed"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("review year"))
    reviewed_on = models.DateField(_("reviewed on"))
    findings = models.TextField(_("findings"))
    hourly_income = models.PositiveIntegerField(
        _("average income per hour (đồng)"),
        validators=[MinValueValidator(1)],
        help_text=_("Used to value the applicant's time (TT 07/2014/TT-BTP); enter the current official figure."),
    )
    dossiers_per_year = models.PositiveIntegerField(_("dossiers a year"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("procedure review")
        verbose_name_plural = _("procedure reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.procedure.code} ({self.year})"


class Decision(models.Model):
    review = models.OneToOneField(
        Review, verbose_name=_("procedure review"), on_delete=models.CASCADE, related_name="decision"
    )
    number = models.CharField(_("decision number"), max_length=60)
    signed_on = models.DateField(_("signed on"))
    issuer = models.CharField(_("issued by"), max_length=255)
    resulting_procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("catalogue version produced"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("adopting decision")
        verbose_name_plural = _("adopting decisions")

    def __str__(self) -> str:
        return self.number


class Proposal(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("kind"), max_length=16, choices=ProposalKind.choices)
    description = models.TextField(_("proposal"))
    hours_before = models.DecimalField(_("applicant hours before"), max_digits=7, decimal_places=2)
    hours_after = models.DecimalField(_("applicant hours after"), max_digits=7, decimal_places=2)
    cash_before = models.PositiveIntegerField(_("money paid before (đồng)"))
    cash_after = models.PositiveIntegerField(_("money paid after (đồng)"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )

    class Meta:
        verbose_name = _("simplification proposal")
        verbose_name_plural = _("simplification proposals")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_before__gte=0) & Q(hours_after__gte=0), name="simplify_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def inputs(self) -> tuple[CostInputs, CostInputs]:
        review = self.review
        common = {"dossiers_per_year": review.dossiers_per_year, "hourly_income": review.hourly_income}
        return (
            CostInputs(hours=self.hours_before, cash=self.cash_before, **common),
            CostInputs(hours=self.hours_after, cash=self.cash_after, **common),
        )
