"""The simulator's distributions, checked without the database."""

import datetime as dt
import random

from motcua.simulation import distributions as dist


def weekdays_only(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in dist.tet_days(day.year)


def test_tet_2025_is_a_dip_preceded_by_a_peak_and_followed_by_a_slow_restart():
    assert dist.season_factor(dt.date(2025, 1, 29), is_working_day=weekdays_only) == dist.TET_FACTOR
    assert dist.season_factor(dt.date(2025, 1, 20), is_working_day=weekdays_only) == dist.PRE_TET_FACTOR
    assert dist.season_factor(dt.date(2025, 2, 3), is_working_day=weekdays_only) == dist.POST_TET_FACTOR
    assert dist.season_factor(dt.date(2025, 6, 10), is_working_day=weekdays_only) == 1.0


def test_online_share_moves_toward_online_over_time():
    def drawn_share(day):
        rng = random.Random(3)
        draws = [dist.draw_channel(rng, day=day, online=True, partial=False, post=True) for _ in range(4000)]
        return draws.count("online") / len(draws)

    early, late = drawn_share(dt.date(2024, 2, 1)), drawn_share(dt.date(2026, 6, 1))
    assert 0.25 < early < 0.36
    assert 0.58 < late < 0.70


def test_civil_status_and_certification_dominate_commune_traffic():
    procedures = [("Chứng thực", f"2.{n}") for n in range(6)] + [("Hộ tịch", f"1.{n}") for n in range(12)]
    procedures += [("Cấp phép xây dựng", "1.9"), ("Bảo trợ xã hội", "1.8")]
    weights = dist.procedure_weights(procedures)
    assert abs(sum(weights) - 1) < 1e-9
    assert sum(weights[:18]) > 0.9
    assert weights[0] > weights[1] > weights[5]


def test_poisson_draws_have_the_requested_mean():
    rng = random.Random(5)
    small = [dist.poisson(rng, 2.5) for _ in range(4000)]
    large = [dist.poisson(rng, 80) for _ in range(4000)]
    assert abs(sum(small) / len(small) - 2.5) < 0.15
    assert abs(sum(large) / len(large) - 80) < 1.5
