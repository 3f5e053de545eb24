import datetime as dt

from motcua.metrics.targets import target_set, targets_with_gaps

TODAY = dt.date(2026, 3, 31)


def test_a_unit_behind_its_target_is_flagged_with_the_gap(season):
    target_set(year=2026, indicator="on_time_rate", value=0.95)  # province-wide default
    target_set(year=2026, indicator="e_result_rate", value=1)
    gaps = {g.indicator: g for g in targets_with_gaps(unit=season.province, year=2026, today=TODAY)}
    # Q1 to 31/3: 5 of 6 resolved on time or early
    assert (gaps["on_time_rate"].value, gaps["on_time_rate"].gap, gaps["on_time_rate"].behind) == (
        0.8333,
        -0.1167,
        True,
    )
    assert gaps["e_result_rate"].behind and gaps["e_result_rate"].target_unit is None


def test_a_unit_target_wins_over_the_default_and_can_be_met(season):
    target_set(year=2026, indicator="on_time_rate", value=0.95)
    target_set(year=2026, indicator="on_time_rate", value=0.8, unit=season.province)
    target_set(year=2026, indicator="on_time_rate", value=0.75, unit=season.province)  # updated, not duplicated
    (gap,) = targets_with_gaps(unit=season.province, year=2026, today=TODAY)
    assert (gap.target, gap.behind, gap.target_unit) == (0.75, False, season.province.pk)


def test_no_value_yet_is_not_behind(season):
    target_set(year=2026, indicator="satisfaction_rate", value=0.9)
    (gap,) = targets_with_gaps(unit=season.province, year=2026, today=TODAY)
    assert (gap.value, gap.gap, gap.behind) == (None, None, False)
