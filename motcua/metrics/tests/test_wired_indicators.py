"""The indicators read from the other apps' records (data-store reuse, ratings, PAKN, national-portal sync):
value, inputs and 766 points; "no data" only where nothing is recorded."""

import datetime as dt

from django.utils.translation import gettext

from motcua.dossiers.tests.factories import vn
from motcua.feedback import services as feedback_services
from motcua.metrics.index766 import index766
from motcua.metrics.indicators import NO_PORTAL, indicator_values
from motcua.sync.choices import DeliveryStatus

from .factories import DocumentReuseFactory, PortalEndpointFactory, RatingFactory, portal_delivery

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
JANUARY_2025 = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


def values(season, period=MARCH):
    return indicator_values(unit=season.province, start=period[0], end=period[1])


def scores(season, period=MARCH):
    result = index766(unit=season.province, start=period[0], end=period[1])
    return {item.code: item for group in result.groups for item in group.indicators}


def test_reuse_rate_counts_march_receptions_with_a_component_from_the_data_store(season):
    for name in ("a1", "a2"):
        DocumentReuseFactory(dossier=season.dossiers[name])
    reuse = values(season)["reuse_rate"]
    assert (reuse.numerator, reuse.denominator, reuse.value) == (2, 10, 0.2)
    assert reuse.inputs == {"reused": 2, "received": 10}
    by_code = scores(season)
    # 4.3 full at 80 %: 0.2 × 2 / 0.8; 4.4 proportional: 0.2 × 4
    assert (by_code["4.3"].points, by_code["4.4"].points) == (0.5, 0.8)
    assert by_code["4.3"].status == by_code["4.4"].status == "scored"


def test_satisfaction_rate_subtracts_the_late_rate_and_the_ratings_not_satisfied(season):
    for overall in (5, 4, 4, 2):
        RatingFactory(unit=season.a.one_stop, overall=overall, created_at=vn(2026, 3, 20, 10, 0))
    RatingFactory(unit=season.a.one_stop, overall=1, created_at=vn(2026, 4, 2, 10, 0))  # April: not counted
    satisfaction = values(season)["satisfaction_rate"]
    # 1 − 1/6 late (a2) − 1/4 not satisfied
    assert satisfaction.value == round(1 - 1 / 6 - 1 / 4, 4)
    assert satisfaction.inputs == {"late": 1, "resolved": 6, "ratings": 4, "ratings_satisfied": 3}
    assert satisfaction.sample == 4
    assert scores(season)["5.4"].points == round(satisfaction.value * 6 / 0.9, 2)


def test_without_ratings_satisfaction_has_no_value_and_scores_zero(season):
    satisfaction = values(season)["satisfaction_rate"]
    assert (satisfaction.value, str(satisfaction.no_data_reason)) == (
        None,
        gettext("No citizen ratings in the period."),
    )
    assert (scores(season)["5.4"].status, scores(season)["5.4"].points) == ("no_data", 0.0)


def test_feedback_indicators_read_the_pakn_of_the_period(season):
    # Received Wed 25/3: the one never classified is past its 2-working-day limit at the end of March.
    kept = feedback_services.feedback_submit(
        unit=season.a.one_stop, now=vn(2026, 3, 25, 9, 0), kind="complaint", subject="general", title="Chờ lâu",
        content="Chờ hơn hai giờ.",
    )  # fmt: skip
    feedback_services.feedback_submit(
        unit=season.a.one_stop, now=vn(2026, 3, 25, 10, 0), kind="question", subject="general", title="Lệ phí",
        content="Lệ phí bao nhiêu?",
    )  # fmt: skip
    feedback_services.feedback_accept(officer=season.a.manager, feedback=kept, now=vn(2026, 3, 26, 9, 0))
    v = values(season)
    assert v["feedback_classified_rate"].inputs == {"feedback_classified": 1, "feedback": 2}
    assert (v["feedback_on_time_rate"].value, v["feedback_satisfaction_rate"].value) == (0.5, 0.5)
    by_code = scores(season)
    assert (by_code["5.1"].status, by_code["5.1"].value, by_code["5.1"].points) == ("not_scored", 0.5, 0.0)
    assert (by_code["5.2"].points, by_code["5.3"].points) == (3.0, 3.0)


def test_a_period_without_pakn_gives_the_pakn_metrics_full_points_as_the_portal_does(season):
    v = values(season, JANUARY_2025)
    assert v["feedback_on_time_rate"].value is None and v["feedback_on_time_rate"].no_data_reason
    by_code = scores(season, JANUARY_2025)
    assert [(by_code[c].status, by_code[c].points) for c in ("5.2", "5.3")] == [("no_data", 6.0)] * 2


def test_portal_sync_rate_counts_dossiers_delivered_to_the_national_portal_without_dead_letters(season):
    endpoint = PortalEndpointFactory()
    portal_delivery(endpoint=endpoint, dossier=season.dossiers["a1"], status=DeliveryStatus.DELIVERED)
    portal_delivery(endpoint=endpoint, dossier=season.dossiers["a2"], status=DeliveryStatus.DELIVERED)
    portal_delivery(endpoint=endpoint, dossier=season.dossiers["a2"], status=DeliveryStatus.DEAD)
    portal_delivery(endpoint=endpoint, dossier=season.dossiers["a10"], status=DeliveryStatus.PENDING)
    sync = values(season)["portal_sync_rate"]
    assert (sync.inputs, sync.value) == ({"synced": 1, "received": 10}, 0.1)
    assert scores(season)["1.4"].points == 0.6


def test_without_a_national_portal_endpoint_sync_has_no_value(season):
    sync = values(season)["portal_sync_rate"]
    assert (sync.value, str(sync.no_data_reason)) == (None, str(NO_PORTAL))
    assert scores(season)["1.4"].status == "no_data"
