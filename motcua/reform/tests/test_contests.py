from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers.tests.factories import OfficerFactory
from motcua.reform import services
from motcua.reform.choices import InitiativeStatus, RoundStatus
from motcua.reform.selectors import round_list_published, round_ranking


def submit(world, contest, unit=None, actor=None, title="Số hóa sổ hộ tịch"):
    return services.initiative_submit(
        actor=actor or world.officer_a,
        contest_round=contest,
        unit=unit or world.commune_a,
        title=title,
        authors="Nguyễn Văn A",
        summary="Quét và đối chiếu sổ hộ tịch cũ",
    )


def sheet(contest, novelty, effect):
    first, second = contest.criteria.all()
    return {first.pk: novelty, second.pk: effect}


def test_officer_cannot_submit_for_a_unit_he_does_not_belong_to(world):
    contest = world.contest()
    with pytest.raises(PermissionDenied):
        submit(world, contest, unit=world.commune_b)


def test_only_the_submitting_units_leader_screens(world):
    contest = world.contest()
    initiative = submit(world, contest)
    with pytest.raises(PermissionDenied):
        services.initiative_screen(actor=world.leader_b, initiative=initiative, accept=True)
    with pytest.raises(PermissionDenied):
        services.initiative_screen(actor=world.officer_a, initiative=initiative, accept=True)

    services.initiative_screen(actor=world.leader_a, initiative=initiative, accept=True)

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ACCEPTED


def test_ranking_is_mean_of_complete_judge_sheets(world):
    contest = world.contest()
    judge_1, judge_2, judge_3 = OfficerFactory(), OfficerFactory(), OfficerFactory()
    contest.judges.add(judge_1, judge_2, judge_3)
    one = submit(world, contest, title="Một")
    two = submit(world, contest, unit=world.commune_b, actor=world.officer_b, title="Hai")
    services.initiative_screen(actor=world.leader_a, initiative=one, accept=True)
    services.initiative_screen(actor=world.leader_b, initiative=two, accept=True)
    contest.status = RoundStatus.JUDGING
    contest.save()
    services.initiative_score(judge=judge_1, initiative=one, scores=sheet(contest, 30, 50))
    services.initiative_score(judge=judge_2, initiative=one, scores=sheet(contest, "35,5", 45))
    services.initiative_score(judge=judge_3, initiative=one, scores={contest.criteria.first().pk: 0})  # partial
    services.initiative_score(judge=judge_1, initiative=two, scores=sheet(contest, 40, 60))

    ranking = round_ranking(contest_round=contest)

    assert [(r.initiative, r.score, r.judges, r.rank) for r in ranking] == [
        (two, Decimal("100.00"), 1, 1),
        (one, Decimal("80.25"), 2, 2),
    ]


def test_score_above_criterion_maximum_is_refused_and_non_judges_cannot_score(world):
    contest = world.contest()
    judge = OfficerFactory()
    contest.judges.add(judge)
    initiative = submit(world, contest)
    services.initiative_screen(actor=world.leader_a, initiative=initiative, accept=True)
    contest.status = RoundStatus.JUDGING
    contest.save()
    with pytest.raises(ValidationError):
        services.initiative_score(judge=judge, initiative=initiative, scores=sheet(contest, 41, 10))
    with pytest.raises(PermissionDenied):
        services.initiative_score(judge=world.manager, initiative=initiative, scores=sheet(contest, 1, 1))


def test_prize_cannot_be_given_more_often_than_it_exists_and_publication_is_public(world):
    contest = world.contest()
    one, two = submit(world, contest, title="Một"), submit(world, contest, title="Hai")
    for initiative in (one, two):
        services.initiative_screen(actor=world.leader_a, initiative=initiative, accept=True)
    contest.status = RoundStatus.JUDGING
    contest.save()
    first_prize = contest.prizes.get(rank=1)
    with pytest.raises(PermissionDenied):
        services.initiative_award(actor=world.leader_a, initiative=one, prize=first_prize)
    services.initiative_award(actor=world.manager, initiative=one, prize=first_prize)
    with pytest.raises(ValidationError):
        services.initiative_award(actor=world.manager, initiative=two, prize=first_prize)
    assert list(round_list_published()) == []

    services.round_advance(actor=world.manager, contest_round=contest)

    assert list(round_list_published()) == [contest]
