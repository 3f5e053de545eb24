"""TT 01/2018 indices 4 and 7 from the citizens' ratings, 8 from the PAKN handled on time (art 13, 14)."""

import datetime as dt

from motcua.dossiers.tests.factories import vn
from motcua.feedback import services as feedback_services
from motcua.metrics.evaluation import evaluation_for_dossier, evaluation_for_unit, grade_for

from .factories import RatingFactory

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def scores(evaluation):
    return {item.number: item.score for item in evaluation.indices}


def send(season, *, at):
    """A question the sender does not want published (no publishing step is owed once answered)."""
    return feedback_services.feedback_submit(
        unit=season.a.one_stop,
        now=at,
        kind="question",
        subject="general",
        title="Lệ phí",
        content="Bao nhiêu?",
        publish_allowed=False,
    )


def test_a_rated_dossier_scores_agencies_contacted_and_staff_attitude_from_its_answers(season):
    dossier = season.dossiers["a1"]
    RatingFactory(unit=season.a.one_stop, dossier=dossier, overall=4, answers={"one_place": 5, "attitude": 3})
    s = scores(evaluation_for_dossier(dossier=dossier))
    assert (s[4], s[7]) == (2.0, 1.0)


def test_the_unit_index_is_the_mean_rating_on_the_two_point_scale(season):
    for one_place, attitude in ((5, 4), (4, 4), (2, 5)):
        RatingFactory(
            unit=season.a.one_stop,
            answers={"one_place": one_place, "attitude": attitude},
            created_at=vn(2026, 3, 10, 9, 0),
        )
    s = scores(evaluation_for_unit(unit=season.province, start=MARCH[0], end=MARCH[1]))
    # one place: mean 11/3 → (3.67 − 1) / 2; attitude: mean 13/3 → (4.33 − 1) / 2
    assert (s[4], s[7]) == (1.3, 1.7)


def test_feedback_all_on_time_scores_two_and_with_all_nine_known_the_grade_is_given(season):
    for day in (2, 9):
        feedback = send(season, at=vn(2026, 3, day, 9, 0))
        feedback_services.feedback_answer(
            officer=season.a.manager, feedback=feedback, answer="Theo biểu phí.", now=vn(2026, 3, day + 1, 9, 0)
        )
    RatingFactory(unit=season.a.one_stop, answers={"one_place": 5, "attitude": 5}, created_at=vn(2026, 3, 10, 9, 0))
    evaluation = evaluation_for_unit(unit=season.province, start=MARCH[0], end=MARCH[1])
    assert scores(evaluation)[8] == 2
    assert {item.number for item in evaluation.indices if item.score is None} == set()
    assert (evaluation.known, evaluation.grade) == (9, grade_for(evaluation.total))


def test_feedback_late_beyond_ten_percent_scores_zero(season):
    send(season, at=vn(2026, 3, 25, 9, 0))  # never classified: past its limit at the end of March
    evaluation = evaluation_for_unit(unit=season.province, start=MARCH[0], end=MARCH[1])
    index = next(item for item in evaluation.indices if item.number == 8)
    assert (index.score, index.basis) == (0, "0/1 phản ánh, kiến nghị xử lý đúng hạn")
