"""`motcua reform overdue` and `motcua reform survey-import`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.reform.models import SurveyResponse


def _run(*args) -> str:
    out = StringIO()
    call_command("reform", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan(world):
    plan = world.plan()
    world.task(plan, number="1", title="Quá hạn của xã A", due_date=dt.date(2020, 1, 31))
    world.task(plan, number="2", title="Quá hạn của xã B", due_date=dt.date(2020, 3, 31), lead_unit=world.commune_b)
    world.task(plan, number="3", title="Còn hạn", due_date=dt.date(2099, 12, 31))
    return plan


def test_overdue_lists_open_tasks_past_their_deadline_as_json(plan):
    data = json.loads(_run("overdue", "--json"))

    assert [t["number"] for t in data["tasks"]] == ["1", "2"]
    assert data["tasks"][0]["days_overdue"] > 0


def test_overdue_filters_by_lead_unit(world, plan):
    data = json.loads(_run("overdue", "--unit", world.commune_b.code, "--json"))

    assert [t["task"] for t in data["tasks"]] == ["Quá hạn của xã B"]


def test_overdue_text_output_has_a_total(plan):
    assert "tổng / total: 2" in _run("overdue")


def test_unknown_unit_is_one_line(world):
    with pytest.raises(CommandError, match="no such unit: NOPE"):
        _run("overdue", "--unit", "NOPE")


def test_survey_import_saves_forms(world, tmp_path):
    survey = world.survey()
    path = tmp_path / "phieu.csv"
    path.write_text(f"unit,form,TC1,TC2,TT1,YT1\n{world.commune_a.code},P1,5,4,3,5\n", encoding="utf-8")

    output = _run("survey-import", str(path), "--survey", survey.code, "--user", world.manager.username)

    assert "1" in output
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_survey_import_with_a_bad_row_saves_nothing(world, tmp_path):
    survey = world.survey()
    path = tmp_path / "phieu.csv"
    path.write_text(f"unit,TC1\n{world.commune_a.code},9\n", encoding="utf-8")

    with pytest.raises(CommandError, match="nothing saved"):
        _run("survey-import", str(path), "--survey", survey.code, "--user", world.manager.username)
    assert not SurveyResponse.objects.exists()


def test_survey_import_of_a_missing_file_is_one_line(world):
    survey = world.survey()

    with pytest.raises(CommandError, match="cannot read"):
        _run("survey-import", "/nonexistent.csv", "--survey", survey.code, "--user", world.manager.username)
