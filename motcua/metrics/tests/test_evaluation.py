import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.metrics.choices import EvaluationGrade
from motcua.metrics.evaluation import evaluation_for_dossier, evaluation_for_unit, grade_for

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (15, EvaluationGrade.EXCELLENT),
        (14.9, EvaluationGrade.GOOD),
        (12, EvaluationGrade.GOOD),
        (9, EvaluationGrade.FAIR),
        (6, EvaluationGrade.AVERAGE),
        (5.9, EvaluationGrade.WEAK),
    ],
)
def test_unit_grades_follow_the_bands_of_article_15(total, grade):
    assert grade_for(total) == grade


def scores(evaluation) -> dict:
    return {item.number: item.score for item in evaluation.indices}


def test_a_late_dossier_scores_zero_on_time_and_an_early_one_two(season):
    assert scores(evaluation_for_dossier(dossier=season.dossiers["a2"]))[1] == 0
    early = evaluation_for_dossier(dossier=season.dossiers["a1"])
    assert scores(early)[1] == 2 and scores(early)[3] == 2
    # a4: one supplement request at reception
    assert scores(evaluation_for_dossier(dossier=season.dossiers["a4"]))[3] == 1


def test_indices_needing_ratings_or_feedback_say_so(season):
    evaluation = evaluation_for_dossier(dossier=season.dossiers["a1"])
    missing = {item.number: item.no_data_reason for item in evaluation.indices if item.score is None}
    assert set(missing) == {4, 7}
    assert all(missing.values())
    assert evaluation.grade is None


def test_unit_indices_average_the_dossiers_and_leave_unknown_ones_out_of_the_grade(season):
    evaluation = evaluation_for_unit(unit=season.province, start=MARCH[0], end=MARCH[1])
    s = scores(evaluation)
    # March finished: a11 on time, a1 early, a2 late, a4 on time, a9 early, a10 early → (2·3 + 2) / 6
    assert evaluation.dossiers == 6
    assert s[1] == 1.3
    assert s[3] == 1.8  # a4 had one supplement request
    assert {n for n, score in s.items() if score is None} == {4, 7, 8}
    # index 5 from who acted (motcua.appraisal.index5): departments appraised, the one-stop centres received → 1
    assert s[5] == 1
    assert evaluation.grade is None and evaluation.estimated_grade in EvaluationGrade.values
    assert evaluation.known == 6


def test_evaluation_command_prints_the_nine_indices(season, capsys):
    call_command("evaluation", "--unit", season.province.code, "--period", "2026-03", "--json")
    data = json.loads(capsys.readouterr().out)
    assert [item["number"] for item in data["indices"]] == list(range(1, 10))
    with pytest.raises(CommandError, match="invalid period"):
        call_command("evaluation", "--unit", season.province.code, "--period", "March")
