"""The reform scorecard is for officers: a signed-in citizen gets the friendly 403 page, never the data."""

import pytest
from django.urls import reverse

from motcua.feedback.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_client(client):
    client.force_login(CitizenFactory())
    return client


@pytest.mark.parametrize(
    "name", ["scorecard:framework", "scorecard:results", "scorecard:results_print", "scorecard:results_xlsx"]
)
def test_citizen_cannot_read_a_framework_or_its_results(citizen_client, framework, name):
    response = citizen_client.get(reverse(name, args=[framework.pk]))
    assert response.status_code == 403
    assert "console/forbidden.html" in [t.name for t in response.templates]
    assert framework.name not in response.content.decode()


@pytest.mark.parametrize("name", ["scorecard:frameworks", "scorecard:external"])
def test_citizen_cannot_read_the_framework_list_or_external_indices(citizen_client, framework, name):
    response = citizen_client.get(reverse(name))
    assert response.status_code == 403
    assert "console/forbidden.html" in [t.name for t in response.templates]
    assert framework.name not in response.content.decode()


def test_citizen_cannot_open_an_assessment(citizen_client, framework, world):
    response = citizen_client.post(
        reverse("scorecard:assessment_open", args=[framework.pk]), {"unit": world.commune.pk}
    )
    assert response.status_code == 403
    assert not framework.assessments.exists()


def test_anonymous_visitor_is_sent_to_the_login(client, framework):
    response = client.get(reverse("scorecard:results", args=[framework.pk]))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_officer_still_reads_the_framework_list(client, framework, world):
    client.force_login(world.commune_officer)
    response = client.get(reverse("scorecard:frameworks"))
    assert response.status_code == 200
    assert framework.name in response.content.decode()
