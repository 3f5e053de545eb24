import datetime as dt

import pytest

from motcua.dossiers.choices import Outcome
from motcua.metrics.choices import Grouping
from motcua.metrics.selectors import period_report, period_report_grouped

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
APRIL = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def report(season, period, **kwargs):
    return period_report(unit=season.province, start=period[0], end=period[1], **kwargs)


def test_season_outcomes_are_the_ones_the_report_expects(season):
    outcomes = {key: dossier.outcome for key, dossier in season.dossiers.items() if dossier.outcome}
    assert outcomes == {
        "a11": Outcome.ON_TIME,
        "a1": Outcome.EARLY,
        "a2": Outcome.LATE,
        "a4": Outcome.ON_TIME,
        "a8": Outcome.EARLY,
        "a9": Outcome.EARLY,
        "a10": Outcome.EARLY,
        "b2": Outcome.EARLY,
    }


def test_march_report_counts_every_movement(season):
    figures = report(season, MARCH).as_dict()
    assert figures == {
        "carried_over": 1,
        "received": {"online": 3, "counter": 7, "post": 1, "total": 11},
        "resolved": {"early": 3, "on_time": 2, "late": 1, "total": 6},
        "in_progress": {"within_time": 2, "overdue": 1, "total": 3},
        "waiting": 2,
        "refused": 0,
        "stopped": 0,
        "withdrawn": 1,
        "delivered": 1,
        "supplement_requested": 2,
        "extended": 1,
        "committed_resolved": 0,
        "committed_kept": 0,
        "on_time_rate": round(5 / 6, 4),
        "commitment_kept_rate": None,
        "online_rate": round(3 / 11, 4),
    }


def test_april_report_takes_over_what_march_left_open(season):
    figures = report(season, APRIL)
    assert figures.carried_over == 5
    assert figures.received == {"online": 0, "counter": 1, "post": 0, "total": 1}
    assert figures.resolved == {"early": 2, "on_time": 0, "late": 0, "total": 2}
    assert (figures.refused, figures.stopped, figures.withdrawn, figures.waiting) == (1, 1, 0, 0)
    # a3 was within time at the end of March (due 1/4) and is overdue at the end of April.
    assert figures.in_progress == {"within_time": 0, "overdue": 2, "total": 2}
    assert figures.on_time_rate == 1.0


@pytest.mark.parametrize(
    "start,end",
    [
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        MARCH,
        APRIL,
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 10), dt.date(2026, 4, 6)),
        (dt.date(2026, 3, 17), dt.date(2026, 3, 17)),
        (dt.date(2026, 3, 27), dt.date(2026, 4, 2)),
    ],
)
def test_totals_reconcile_in_any_period(season, start, end):
    figures = period_report(unit=season.province, start=start, end=end)
    ended = figures.resolved["total"] + figures.refused + figures.stopped + figures.withdrawn
    assert figures.carried_over + figures.received["total"] == ended + figures.in_progress["total"] + figures.waiting


def test_carried_over_equals_what_was_open_at_the_end_of_the_previous_day(season):
    day = dt.date(2026, 2, 20)
    while day <= dt.date(2026, 4, 10):
        previous = period_report(unit=season.province, start=day - dt.timedelta(days=7), end=day)
        following = period_report(unit=season.province, start=day + dt.timedelta(days=1), end=day + dt.timedelta(7))
        assert following.carried_over == previous.open_at_end, day
        day += dt.timedelta(days=3)


def test_nothing_resolved_gives_no_on_time_rate(season):
    assert report(season, (dt.date(2026, 2, 1), dt.date(2026, 2, 28))).on_time_rate is None


def test_report_of_a_unit_without_descendants_counts_only_its_own_dossiers(season):
    assert report(season, MARCH, include_descendants=False).received["total"] == 0
    own = period_report(unit=season.b.one_stop, start=MARCH[0], end=MARCH[1], include_descendants=False)
    assert own.received == {"online": 1, "counter": 0, "post": 0, "total": 1}
    assert own.in_progress == {"within_time": 0, "overdue": 1, "total": 1}


def test_field_and_procedure_filters(season):
    land = report(season, MARCH, field=season.b.procedure.field)
    assert (land.received["total"], land.in_progress["overdue"]) == (1, 1)
    civil = report(season, MARCH, procedure=season.a.procedure)
    assert civil.received["total"] == 10
    assert civil.resolved["total"] == 6


def test_start_after_end_is_refused(season):
    with pytest.raises(ValueError):
        report(season, (dt.date(2026, 4, 1), dt.date(2026, 3, 1)))


@pytest.mark.parametrize("by", [Grouping.UNIT, Grouping.FIELD, Grouping.PROCEDURE])
def test_grouped_rows_add_up_to_the_total_in_constant_queries(season, by, django_assert_max_num_queries):
    # At most: two partial-month edges, the whole months, the closed-month check, two checkpoints, the labels.
    with django_assert_max_num_queries(7):
        rows, total = period_report_grouped(unit=season.province, start=MARCH[0], end=MARCH[1], by=by)
    assert len(rows) == 2
    assert total.as_dict() == report(season, MARCH).as_dict()
    assert sum(row.figures.received["total"] for row in rows) == 11
    assert all(row.figures.reconciles() for row in rows)


def test_grouping_by_unit_labels_each_child_centre(season):
    rows, _total = period_report_grouped(unit=season.province, start=MARCH[0], end=MARCH[1], by=Grouping.UNIT)
    by_unit = {row.key: row.figures.received["total"] for row in rows}
    assert by_unit == {season.a.one_stop.pk: 10, season.b.one_stop.pk: 1}
    assert {row.label for row in rows} == {season.a.one_stop.name, season.b.one_stop.name}
