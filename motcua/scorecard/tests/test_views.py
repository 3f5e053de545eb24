import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.scorecard import services
from motcua.scorecard.tests.factories import self_assess_all

pytestmark = pytest.mark.django_db


def test_unit_officer_cannot_open_another_units_assessment(client, framework, world):
    other = services.assessment_start(framework=framework, unit=world.department)
    client.force_login(world.commune_officer)
    assert client.get(reverse("scorecard:assessment", args=[other.pk])).status_code == 404
    assert client.post(reverse("scorecard:assessment", args=[other.pk]), {"action": "save"}).status_code == 404
    assert client.get(reverse("scorecard:results", args=[framework.pk])).status_code == 404


def test_unit_officer_saves_points_through_the_form(client, framework, world):
    client.force_login(world.department_officer)
    response = client.post(reverse("scorecard:assessment_open", args=[framework.pk]), {"unit": world.department.pk})
    assessment = world.department.reform_assessments.get()
    node = framework.nodes.get(code="3.1.1")
    client.post(response.url, {"action": "save", f"points-{node.pk}": "1,25", f"note-{node.pk}": "Biên bản số 12"})
    entry = assessment.entries.get(criterion=node)
    assert (entry.self_points, entry.note) == (Decimal("1.25"), "Biên bản số 12")


def test_department_gets_ranking_excel(client, framework, world):
    a = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(a, world.department_officer)
    services.assessment_submit(assessment=a, actor=world.department_officer)
    services.assessment_finish_appraisal(assessment=a, actor=world.appraiser)
    client.force_login(world.appraiser)
    response = client.get(reverse("scorecard:results_xlsx", args=[framework.pk]))
    import io

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]][:5] == [
        1,
        "Sở Tư pháp",
        57.5,
        57.5,
        "D",
    ]  # survey items (42.5 points) not imported
    assert client.get(reverse("scorecard:results_print", args=[framework.pk])).status_code == 200


def test_the_history_reads_in_vietnam_time(client, framework, world):
    """Points saved at 17:30 UTC on 31/03 were saved at 00:30 on 01/04 in Vietnam: the assessment's history says so
    whatever the display zone (the test settings' is Los Angeles, where it is 31/03 10:30)."""
    assessment = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(assessment, world.department_officer)
    assert assessment.events.update(at=dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC))
    client.force_login(world.department_officer)
    page = client.get(reverse("scorecard:assessment", args=[assessment.pk])).content.decode()
    assert "01/04/2026 00:30" in page and "31/03/2026" not in page
