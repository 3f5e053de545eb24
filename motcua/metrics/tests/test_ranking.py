import datetime as dt

import pytest

from motcua.metrics.ranking import ranking

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_units_under_the_minimum_sample_are_listed_apart_with_a_note(season):
    result = ranking(parent_unit=season.province, indicator="on_time_rate", start=MARCH[0], end=MARCH[1])
    assert result.rows == []
    # a: 6 resolved; b: nothing resolved in March (b1 still open), no value
    assert [(row.unit, row.sample) for row in result.below_minimum] == [(season.a.one_stop, 6), (season.b.one_stop, 0)]
    assert "30" in str(result.note)


def test_a_lower_minimum_ranks_units_best_first(season):
    result = ranking(parent_unit=season.province, indicator="online_rate", start=MARCH[0], end=MARCH[1], min_sample=1)
    # b: 1 online of 1 received; a: 2 of 10
    assert [(row.rank, row.unit, row.value, row.sample) for row in result.rows] == [
        (1, season.b.one_stop, 1.0, 1),
        (2, season.a.one_stop, 0.2, 10),
    ]
    assert result.below_minimum == [] and result.note == ""


def test_indicators_read_from_dossiers_rank_the_same_way(season):
    result = ranking(
        parent_unit=season.province, indicator="average_processing_days", start=MARCH[0], end=MARCH[1], min_sample=1
    )
    assert [row.unit for row in result.rows] == [season.a.one_stop]
    assert [row.unit for row in result.below_minimum] == [season.b.one_stop]


def test_unknown_indicator_is_refused(season):
    with pytest.raises(ValueError):
        ranking(parent_unit=season.province, indicator="nope", start=MARCH[0], end=MARCH[1])
