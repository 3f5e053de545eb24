"""Reads of procedure reviews, scoped to the officer's agencies, with the cost figures of each proposal."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from motcua.accounts.selectors import officer_unit_ids
from motcua.catalog.models import Procedure
from motcua.units.models import Unit

from . import cost
from .models import Proposal, Review


def review_list_for_officer(*, officer) -> QuerySet[Review]:
    reviews = Review.objects.select_related("unit", "procedure").order_by("-reviewed_on", "-pk")
    return reviews if officer.is_superuser else reviews.filter(unit_id__in=officer_unit_ids(officer=officer))


def review_get_for_officer(*, officer, pk) -> Review:
    return review_list_for_officer(officer=officer).get(pk=pk)


def reviewing_unit_list(*, officer) -> QuerySet[Unit]:
    units = Unit.objects.order_by("name")
    return units if officer.is_superuser else units.filter(pk__in=officer_unit_ids(officer=officer))


def procedure_in_force(*, code: str, on) -> Procedure | None:
    """The catalogue version of `code` in force on the review day (the version the review looked at)."""
    return (
        Procedure.objects.filter(code=(code or "").strip(), valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-version")
        .first()
    )


def later_versions(*, review: Review) -> QuerySet[Procedure]:
    return Procedure.objects.filter(code=review.procedure.code, version__gt=review.procedure.version).order_by(
        "version"
    )


@dataclass
class ProposalRow:
    proposal: Proposal
    cost_before: int
    cost_after: int
    saving: int
    rate: object


def proposal_rows(*, review: Review) -> tuple[list[ProposalRow], dict]:
    rows = []
    for proposal in review.proposals.all():
        before, after = proposal.inputs()
        rows.append(
            ProposalRow(
                proposal=proposal,
                cost_before=cost.yearly_cost(before),
                cost_after=cost.yearly_cost(after),
                saving=cost.yearly_saving(before, after),
                rate=cost.saving_rate(before, after),
            )
        )
    adopted = [row for row in rows if row.proposal.status == "adopted"]
    totals = {"proposed": sum(r.saving for r in rows), "adopted": sum(r.saving for r in adopted)}
    return rows, totals
