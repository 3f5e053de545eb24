"""Writes of procedure reviews: keyword-only `<entity>_<verb>`, each in one transaction (rules in models.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.selectors import officer_unit_ids
from motcua.catalog.models import Procedure

from .choices import ProposalStatus
from .models import Decision, Proposal, Review


def can_review(officer, unit_id: int) -> bool:
    if not (officer.is_authenticated and officer.is_active):
        return False
    return officer.is_superuser or unit_id in officer_unit_ids(officer=officer)


def _require(officer, unit_id: int) -> None:
    if not can_review(officer, unit_id):
        raise PermissionDenied(_("You do not work at this agency."))


@transaction.atomic
def review_create(
    *,
    officer,
    unit,
    procedure: Procedure,
    reviewed_on: dt.date,
    findings: str,
    hourly_income: int,
    dossiers_per_year: int,
    now: dt.datetime | None = None,
) -> Review:
    _require(officer, unit.pk)
    findings = (findings or "").strip()
    if not findings:
        raise ValidationError({"findings": _("Write what the review found.")})
    if hourly_income < 1:
        raise ValidationError({"hourly_income": _("Enter the average income per hour in đồng.")})
    return Review.objects.create(
        unit=unit,
        procedure=procedure,
        year=reviewed_on.year,
        reviewed_on=reviewed_on,
        findings=findings,
        hourly_income=hourly_income,
        dossiers_per_year=dossiers_per_year,
        created_by=officer,
        created_at=now or timezone.now(),
    )


@transaction.atomic
def proposal_add(
    *,
    officer,
    review: Review,
    kind: str,
    description: str,
    hours_before: Decimal,
    hours_after: Decimal,
    cash_before: int,
    cash_after: int,
) -> Proposal:
    """A proposal cuts time, documents or money: it may not add applicant hours or money (then it is no
    simplification), and a review closed by its decision takes no more proposals."""
    _require(officer, review.unit_id)
    if Decision.objects.filter(review=review).exists():
        raise ValidationError(_("The decision on this review is recorded; it takes no more proposals."))
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe the proposal.")})
    if hours_after > hours_before or cash_after > cash_before:
        raise ValidationError(_("A simplification cannot add time or money for the applicant."))
    if min(hours_before, hours_after) < 0 or min(cash_before, cash_after) < 0:
        raise ValidationError(_("Hours and money cannot be negative."))
    return Proposal.objects.create(
        review=review,
        kind=kind,
        description=description,
        hours_before=hours_before,
        hours_after=hours_after,
        cash_before=cash_before,
        cash_after=cash_after,
    )


@transaction.atomic
def decision_record(
    *,
    officer,
    review: Review,
    number: str,
    signed_on: dt.date,
    issuer: str,
    adopted_ids: list[int],
    resulting_procedure: Procedure | None = None,
) -> Decision:
    """Record the decision that adopted some proposals and, when published, the catalogue version it produced:
    a later version of the same procedure code (ND 63/2010: a simplified procedure is republished)."""
    _require(officer, review.unit_id)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if Decision.objects.filter(review=review).exists():
        raise ValidationError(_("The decision on this review is already recorded."))
    number, issuer = (number or "").strip(), (issuer or "").strip()
    if not number or not issuer:
        raise ValidationError(_("Enter the decision's number and who issued it."))
    if signed_on < review.reviewed_on:
        raise ValidationError({"signed_on": _("The decision cannot precede the review.")})
    adopted = list(review.proposals.filter(pk__in=adopted_ids))
    if not adopted or len(adopted) != len(set(adopted_ids)):
        raise ValidationError(_("Choose the proposals the decision adopted."))
    base = review.procedure
    if resulting_procedure is not None and (
        resulting_procedure.code != base.code or resulting_procedure.version <= base.version
    ):
        raise ValidationError(
            {"resulting_procedure": _("Choose a later version of the same procedure in the catalogue.")}
        )
    decision = Decision.objects.create(
        review=review,
        number=number,
        signed_on=signed_on,
        issuer=issuer,
        resulting_procedure=resulting_procedure,
        recorded_by=officer,
    )
    Proposal.objects.filter(pk__in=[p.pk for p in adopted]).update(status=ProposalStatus.ADOPTED)
    return decision
