from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.reform import services
from motcua.reform.choices import ResponseChannel
from motcua.reform.models import SurveyResponse
from motcua.reform.selectors import survey_results

from .factories import question_ids


def enter(world, survey, unit, values: dict[str, int | None], form=""):
    ids = question_ids(survey)
    return services.survey_response_enter(
        actor=world.manager, survey=survey, unit=unit, answers={ids[c]: v for c, v in values.items()}, form_number=form
    )


def test_element_index_overall_index_and_province_are_computed_from_satisfied_shares(world):
    survey = world.survey()
    enter(world, survey, world.commune_a, {"TC1": 5, "TC2": 4, "TT1": 2, "YT1": 4})
    enter(world, survey, world.commune_a, {"TC1": 3, "TC2": 4, "TT1": 4, "YT1": None})
    enter(world, survey, world.commune_b, {"TC1": 1, "TC2": 2, "TT1": 5, "YT1": 5})

    results = survey_results(survey=survey)
    row_a = next(r for r in results.units if r.unit_id == world.commune_a.pk)
    access, procedure, health = results.elements
    service, policy = results.indices
    # TC1 1/2 satisfied = 50, TC2 2/2 = 100 → access 75; TT1 1/2 → 50; YT1 1/1 (blank not valid) → 100
    assert row_a.elements == {access.pk: Decimal("75.00"), procedure.pk: Decimal("50.00"), health.pk: Decimal("100.00")}
    assert row_a.indices == {service.pk: Decimal("62.50"), policy.pk: Decimal("100.00")}
    assert row_a.overall == Decimal("81.25")
    assert row_a.responses == 2
    # province pools both communes: TC1 1/3, TC2 2/3 → 50; TT1 2/3; YT1 2/2
    assert results.provinces[0].responses == 3
    assert results.provinces[0].elements[access.pk] == Decimal("50.00")
    assert results.total.indices[service.pk] == Decimal("58.33")


def test_weights_change_the_overall_index(world):
    survey = world.survey()
    _service, policy = survey.indices.all()
    policy.weight = Decimal(3)
    policy.save()
    enter(world, survey, world.commune_a, {"TC1": 5, "TC2": 5, "TT1": 5, "YT1": 1})

    assert survey_results(survey=survey).total.overall == Decimal("25.00")


def test_unit_below_minimum_sample_is_not_ranked(world):
    survey = world.survey(min_sample=2)
    enter(world, survey, world.commune_a, {"TC1": 5})
    enter(world, survey, world.commune_a, {"TC1": 4})
    enter(world, survey, world.commune_b, {"TC1": 5})

    results = survey_results(survey=survey)

    assert [(r.unit_id, r.rank) for r in results.units] == [(world.commune_a.pk, 1), (world.commune_b.pk, None)]


def test_answer_outside_the_scale_is_refused(world):
    survey = world.survey()
    with pytest.raises(ValidationError):
        enter(world, survey, world.commune_a, {"TC1": 6})


def test_same_paper_form_number_cannot_be_entered_twice(world):
    survey = world.survey()
    enter(world, survey, world.commune_a, {"TC1": 5}, form="P-001")
    with pytest.raises(ValidationError):
        enter(world, survey, world.commune_a, {"TC1": 4}, form="P-001")


def test_commune_officer_cannot_type_in_responses(world):
    survey = world.survey()
    with pytest.raises(PermissionDenied):
        services.survey_response_enter(
            actor=world.leader_a, survey=survey, unit=world.commune_a, answers={question_ids(survey)["TC1"]: 5}
        )


def test_csv_import_reports_every_faulty_row_and_saves_nothing(world):
    survey = world.survey()
    data = f"unit,form,TC1,TC2,TT1,YT1\n{world.commune_a.code},F1,5,4,3,2\nX999,F2,5,5,5,5\n{world.commune_a.code},F3,7,5,5,5\n{world.commune_b.code},F1,5,5,5,5\n"

    report = services.survey_responses_import(actor=world.manager, survey=survey, data=data.encode())

    assert [line for line, _message in report.errors] == [3, 4, 5]
    assert SurveyResponse.objects.count() == 0


def test_csv_import_saves_all_rows_when_valid(world):
    survey = world.survey()
    data = f"\ufeffunit,TC1,TT1\n{world.commune_a.code},5,\n{world.commune_b.code},2,4\n"

    report = services.survey_responses_import(actor=world.manager, survey=survey, data=data.encode())

    assert (report.ok, report.imported) == (True, 2)
    assert set(SurveyResponse.objects.values_list("channel", flat=True)) == {ResponseChannel.IMPORT}


def test_one_time_link_is_spent_after_one_answer(world):
    survey = world.survey()
    [token] = services.survey_invitations_create(actor=world.manager, target=world.target_b, count=1)
    answers = {question_ids(survey)["TC1"]: 5}

    services.survey_response_submit_online(token=token, answers=answers)

    with pytest.raises(ValidationError):
        services.survey_response_submit_online(token=token, answers=answers)


def test_open_link_records_anonymous_response_for_its_unit(world):
    survey = world.survey()

    response = services.survey_response_submit_online(
        token=world.target_a.open_token, answers={question_ids(survey)["TC1"]: 4}
    )

    assert (response.unit, response.channel, response.entered_by) == (world.commune_a, ResponseChannel.ONLINE, None)


def test_disabled_open_link_is_refused(world):
    survey = world.survey()
    with pytest.raises(ValidationError):
        services.survey_response_submit_online(
            token=world.target_b.open_token, answers={question_ids(survey)["TC1"]: 4}
        )
