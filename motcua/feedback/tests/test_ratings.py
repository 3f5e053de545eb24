"""Ratings: the applicant rates a returned dossier once, kiosk ratings by code or anonymous, aggregates only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, vn
from motcua.feedback import selectors, services
from motcua.feedback.choices import RatingChannel
from motcua.feedback.models import Rating
from motcua.feedback.services import RatingError

pytestmark = pytest.mark.django_db
S = DossierStatus
ANSWERS = {"time": 5, "contacts": 4, "one_place": 4, "attitude": 5, "information": 3, "overall": 4}


def citizen(username: str):
    return user_create(username=username, password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An")


@pytest.fixture
def world():
    return World()


def kiosk_rate(*, unit, **kwargs):
    """A rating from a tablet registered for `unit` (only those count in the figures, issue 18)."""
    _device, token = services.kiosk_device_register(unit=unit, name="Máy tính bảng quầy 1")
    return services.rating_submit_at_kiosk(unit=unit, device_token=token, **kwargs)


def delivered_for(world, user):
    dossier = world.dossier_in(S.DELIVERED)
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_user=user)
    dossier.refresh_from_db()
    return dossier


def test_applicant_rates_a_returned_dossier_without_being_recorded_as_the_rater(world):
    an = citizen("an")
    dossier = delivered_for(world, an)

    rating = services.rating_submit_by_applicant(user=an, dossier=dossier, answers=ANSWERS, comment="Nhanh")

    assert (rating.unit, rating.dossier, rating.overall, rating.channel) == (
        world.one_stop,
        dossier,
        4,
        RatingChannel.ONLINE,
    )
    assert {f.name for f in Rating._meta.get_fields()}.isdisjoint({"user", "rater", "applicant", "ip"})


def test_a_dossier_is_rated_only_once(world):
    an = citizen("an")
    dossier = delivered_for(world, an)
    services.rating_submit_by_applicant(user=an, dossier=dossier, answers=ANSWERS)

    with pytest.raises(RatingError) as error:
        services.rating_submit_by_applicant(user=an, dossier=dossier, answers=ANSWERS)

    assert (error.value.code, Rating.objects.count()) == ("already_rated", 1)


def test_another_citizen_cannot_rate_the_dossier(world):
    dossier = delivered_for(world, citizen("an"))

    with pytest.raises(RatingError) as error:
        services.rating_submit_by_applicant(user=citizen("binh"), dossier=dossier, answers=ANSWERS)

    assert error.value.code == "not_owner"


def test_dossier_cannot_be_rated_before_the_result_is_returned(world):
    an = citizen("an")
    dossier = world.dossier_in(S.RESULT_READY)
    type(dossier).objects.filter(pk=dossier.pk).update(applicant_user=an)
    dossier.refresh_from_db()

    with pytest.raises(RatingError) as error:
        services.rating_submit_by_applicant(user=an, dossier=dossier, answers=ANSWERS)

    assert error.value.code == "not_delivered"


@pytest.mark.parametrize("answers", [{"time": 5}, {"overall": 7}, {"overall": 0}])
def test_overall_answer_on_the_five_level_scale_is_required(world, answers):
    with pytest.raises(RatingError):
        kiosk_rate(unit=world.one_stop, answers=answers)


def test_kiosk_rating_without_a_code_is_anonymous(world):
    rating = kiosk_rate(unit=world.one_stop, answers={"overall": 5})

    assert (rating.dossier, rating.channel, rating.unit) == (None, RatingChannel.KIOSK, world.one_stop)


def test_kiosk_rating_with_a_code_of_another_unit_is_refused(world):
    dossier = world.dossier_in(S.DELIVERED)
    other = World()

    with pytest.raises(RatingError) as error:
        kiosk_rate(unit=other.one_stop, answers={"overall": 5}, dossier_code=dossier.code)

    assert error.value.code == "unknown_code"


def test_kiosk_rating_with_a_code_counts_as_the_dossiers_one_rating(world):
    dossier = world.dossier_in(S.DELIVERED)
    kiosk_rate(unit=world.one_stop, answers={"overall": 5}, dossier_code=dossier.code.lower())

    with pytest.raises(RatingError):
        kiosk_rate(unit=world.one_stop, answers={"overall": 2}, dossier_code=dossier.code)

    assert selectors.dossier_is_rated(dossier=dossier)


def test_satisfaction_rate_counts_the_two_top_levels_per_unit_and_vietnamese_period(world):
    other = World()
    # 2026-03-31 23:30 in Vietnam is still March there (and March 31 in Los Angeles too, but 16:30 UTC)
    for moment, unit, overall in [
        (vn(2026, 3, 2, 9), world.one_stop, 5),
        (vn(2026, 3, 10, 9), world.one_stop, 4),
        (vn(2026, 3, 31, 23, 30), world.one_stop, 2),
        (vn(2026, 4, 1, 0, 30), world.one_stop, 1),
        (vn(2026, 3, 5, 9), other.one_stop, 1),
    ]:
        with time_machine.travel(moment, tick=False):
            kiosk_rate(unit=unit, answers={"overall": overall})

    rate = selectors.satisfaction_rate(
        start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), unit_ids=[world.one_stop.pk]
    )

    assert (rate.numerator, rate.denominator, rate.percent) == (2, 3, 66.67)


def test_summary_gives_averages_per_criterion(world):
    with time_machine.travel(vn(2026, 3, 2, 9), tick=False):
        kiosk_rate(unit=world.one_stop, answers=ANSWERS)
        kiosk_rate(unit=world.one_stop, answers={"overall": 2, "attitude": 3})

    summary = {
        row.criterion: (row.answers, row.average)
        for row in selectors.rating_summary(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    }

    assert (summary["overall"], summary["attitude"], summary["time"]) == ((2, 3.0), (2, 4.0), (1, 5.0))


def test_rating_is_unavailable_without_ratings():
    rate = selectors.satisfaction_rate(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))

    assert rate.percent is None


def test_withdrawn_dossier_cannot_be_rated(world):
    an = citizen("an")
    dossier = dossier_services.dossier_submit(
        procedure=world.procedure, receiving_unit=world.one_stop, applicant_name="An", applicant_user=an
    )

    with pytest.raises(RatingError):
        services.rating_submit_by_applicant(user=an, dossier=dossier, answers=ANSWERS)
