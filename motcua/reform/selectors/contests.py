"""Reads of initiative contests: rankings from judges' sheets, screening queues, the public results page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from motcua.accounts.selectors import officer_unit_ids

from ..access import SCREENING_ROLES
from ..choices import InitiativeStatus, RoundStatus
from ..models import ContestRound, Initiative, JudgeScore


@dataclass
class RankRow:
    initiative: Initiative
    score: Decimal | None
    judges: int
    rank: int | None = None


def round_ranking(*, contest_round: ContestRound) -> list[RankRow]:
    """Forwarded initiatives by score: the mean over judges of each judge's total, counting only judges who
    scored every criterion of the round (a partial sheet would lower the mean unfairly)."""
    criteria_count = contest_round.criteria.count()
    initiatives = list(
        contest_round.initiatives.filter(status=InitiativeStatus.ACCEPTED).select_related("unit", "prize")
    )
    sheets: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for initiative_id, judge_id, score in JudgeScore.objects.filter(
        initiative__round=contest_round, criterion__round=contest_round
    ).values_list("initiative_id", "judge_id", "score"):
        sheets[initiative_id][judge_id].append(score)
    rows = []
    for initiative in initiatives:
        totals = [sum(s) for s in sheets[initiative.pk].values() if criteria_count and len(s) == criteria_count]
        score = (sum(totals) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if totals else None
        rows.append(RankRow(initiative=initiative, score=score, judges=len(totals)))
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.initiative.pk))
    for position, row in enumerate(scored, start=1):
        row.rank = position
    return scored + [r for r in rows if r.score is None]


def round_list_published() -> QuerySet[ContestRound]:
    return ContestRound.objects.filter(status=RoundStatus.PUBLISHED).select_related("organizer")


def round_get_published(*, slug: str) -> ContestRound:
    return round_list_published().get(slug=slug)


def round_list_for_officer(*, officer) -> QuerySet[ContestRound]:
    """Every round past its draft (officers submit and screen), plus drafts of rounds their unit organises."""
    rounds = ContestRound.objects.select_related("organizer")
    if officer.is_superuser:
        return rounds
    from django.db.models import Q

    return rounds.filter(
        ~Q(status=RoundStatus.DRAFT) | Q(organizer_id__in=officer_unit_ids(officer=officer)) | Q(judges=officer)
    ).distinct()


def initiative_list_for_screening(*, officer, contest_round: ContestRound) -> QuerySet[Initiative]:
    """Initiatives of the units where the officer may screen (unit leader), in this round."""
    initiatives = contest_round.initiatives.select_related("unit", "submitted_by")
    if officer.is_superuser:
        return initiatives
    return initiatives.filter(unit_id__in=officer_unit_ids(officer=officer, roles=SCREENING_ROLES))


def initiative_list_of_officer_units(*, officer, contest_round: ContestRound) -> QuerySet[Initiative]:
    return contest_round.initiatives.filter(unit_id__in=officer_unit_ids(officer=officer)).select_related("unit")


def judge_sheet(*, judge, initiative: Initiative) -> dict[int, Decimal]:
    return dict(JudgeScore.objects.filter(judge=judge, initiative=initiative).values_list("criterion_id", "score"))
