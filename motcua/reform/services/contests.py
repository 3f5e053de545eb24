"""Writes of initiative contests: submit, screen by the submitting unit, score by judges, award, publish."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import can_manage_round, can_screen, is_judge, is_member
from ..choices import InitiativeStatus, RoundStatus
from ..models import ContestRound, Initiative, JudgeScore, Prize

NEXT_STATUS = {
    RoundStatus.DRAFT: RoundStatus.OPEN,
    RoundStatus.OPEN: RoundStatus.SCREENING,
    RoundStatus.SCREENING: RoundStatus.JUDGING,
    RoundStatus.JUDGING: RoundStatus.PUBLISHED,
}


@transaction.atomic
def round_advance(*, actor, contest_round: ContestRound) -> ContestRound:
    """Move the round to its next stage (organising unit only); publishing stamps the time."""
    contest_round = ContestRound.objects.select_for_update().get(pk=contest_round.pk)
    if not can_manage_round(actor, contest_round):
        raise PermissionDenied
    following = NEXT_STATUS.get(contest_round.status)
    if following is None:
        raise ValidationError(_("The results are already published."))
    contest_round.status = following
    if following == RoundStatus.PUBLISHED:
        contest_round.published_at = timezone.now()
    contest_round.save(update_fields=["status", "published_at"])
    return contest_round


@transaction.atomic
def initiative_submit(
    *, actor, contest_round: ContestRound, unit, title: str, authors: str, summary: str, results: str = ""
) -> Initiative:
    """An officer submits an initiative on behalf of a unit he belongs to, while the round is open."""
    if not is_member(actor, unit.pk):
        raise PermissionDenied
    if contest_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The contest is not accepting submissions."))
    initiative = Initiative(
        round=contest_round,
        unit=unit,
        title=title.strip(),
        authors=authors.strip(),
        summary=summary.strip(),
        results=results.strip(),
        submitted_by=actor,
    )
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def initiative_screen(*, actor, initiative: Initiative, accept: bool, note: str = "") -> Initiative:
    """The submitting unit's leader forwards the initiative to the judges or not (open or screening stage)."""
    initiative = Initiative.objects.select_for_update().select_related("round").get(pk=initiative.pk)
    if not can_screen(actor, initiative):
        raise PermissionDenied
    if initiative.round.status not in (RoundStatus.OPEN, RoundStatus.SCREENING):
        raise ValidationError(_("Screening is closed for this contest."))
    if not accept and not note.strip():
        raise ValidationError(_("Give the reason for not forwarding the initiative."))
    initiative.status = InitiativeStatus.ACCEPTED if accept else InitiativeStatus.REJECTED
    initiative.screening_note = note.strip()
    initiative.screened_by = actor
    initiative.save(update_fields=["status", "screening_note", "screened_by"])
    return initiative


@transaction.atomic
def initiative_score(*, judge, initiative: Initiative, scores: Mapping[int, object]) -> list[JudgeScore]:
    """A judge's sheet for one initiative: one score per criterion, between 0 and the criterion's maximum."""
    initiative = Initiative.objects.select_related("round").get(pk=initiative.pk)
    contest_round = initiative.round
    if not is_judge(judge, contest_round):
        raise PermissionDenied
    if contest_round.status != RoundStatus.JUDGING:
        raise ValidationError(_("The contest is not at the judging stage."))
    if initiative.status != InitiativeStatus.ACCEPTED:
        raise ValidationError(_("Only initiatives forwarded by their unit are judged."))
    criteria = {c.pk: c for c in contest_round.criteria.all()}
    saved = []
    for criterion_id, raw in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        try:
            value = Decimal(str(raw).replace(",", ".")).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}) from None
        if not Decimal(0) <= value <= criterion.max_score:
            raise ValidationError(
                _("%(criterion)s: the score must be between 0 and %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
        row, _created = JudgeScore.objects.update_or_create(
            initiative=initiative, judge=judge, criterion=criterion, defaults={"score": value}
        )
        saved.append(row)
    return saved


@transaction.atomic
def initiative_award(*, actor, initiative: Initiative, prize: Prize | None) -> Initiative:
    """The organiser gives (or takes back) a prize; a prize cannot be given more times than it exists."""
    initiative = Initiative.objects.select_for_update().select_related("round").get(pk=initiative.pk)
    contest_round = initiative.round
    if not can_manage_round(actor, contest_round):
        raise PermissionDenied
    if contest_round.status != RoundStatus.JUDGING:
        raise ValidationError(_("Prizes are given at the judging stage."))
    if prize is not None:
        if prize.round_id != contest_round.pk:
            raise ValidationError(_("This prize belongs to another contest."))
        if initiative.status != InitiativeStatus.ACCEPTED:
            raise ValidationError(_("Only initiatives forwarded by their unit can win a prize."))
        given = Prize.objects.select_for_update().get(pk=prize.pk).winners.exclude(pk=initiative.pk).count()
        if given >= prize.quantity:
            raise ValidationError(_("All “%(prize)s” prizes have been given.") % {"prize": prize.name})
    initiative.prize = prize
    initiative.save(update_fields=["prize"])
    return initiative
