"""Indicator pages list the dossiers behind their figure (issue 15 item 4), the 766 page links to them, and the
points-at-risk page (item 5) is scoped to the units the person may see."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.metrics import basis

MARCH = {"period": "2026-03", "cutoff": "calendar"}


@pytest.fixture
def leader(season):
    return officer_in(season.province, Role.UNIT_LEADER)


@pytest.mark.parametrize(("ident", "part"), [("on_time_rate", "numerator"), ("portal_on_time_rate", "denominator")])
def test_indicator_page_lists_the_dossiers_of_its_numerator_and_denominator(client, season, leader, ident, part):
    client.force_login(leader)
    response = client.get(f"/bao-cao/chi-so/{ident}/", {**MARCH, "part": part})
    assert response.status_code == 200
    value = response.context["value"]
    figure = value.numerator if part == "numerator" else value.denominator
    assert response.context["count"] == response.context["cell"] == figure > 0
    body = response.content.decode()
    assert 'data-testid="reconcile"' in body and "badge ok" in body
    ids = basis.dossier_ids(ident, part, unit=season.province, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert {d.pk for d in response.context["dossiers"]} == set(ids)


def test_indicators_that_are_not_dossier_shares_have_no_list(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/chi-so/average_processing_days/", {**MARCH, "part": "numerator"})
    assert response.status_code == 200
    assert "dossiers" not in response.context and 'data-testid="basis"' not in response.content.decode()


def test_index766_rows_link_to_the_indicator_pages(client, season, leader):
    client.force_login(leader)
    body = client.get("/bao-cao/chi-so-766/", MARCH).content.decode()
    assert "/bao-cao/chi-so/portal_on_time_rate/?" in body
    assert "/bao-cao/chi-so/full_online_portal_rate/?" in body


def test_points_at_risk_page_lists_the_resolved_dossiers_without_e_result(client, season, leader):
    season.a.procedure.results.create(name="Giấy khai sinh", code="KQ.1.000001")
    client.force_login(leader)
    response = client.get("/bao-cao/chi-so-766/diem-co-nguy-co/", MARCH)
    assert response.status_code == 200
    items = response.context["result"].items
    assert {i.code for i in items} == {"4.1"}
    assert len(items) == 6  # the six dossiers of procedure a resolved in March, none with an e-result
    body = response.content.decode()
    assert "Cấp kết quả điện tử" in body and 'data-testid="estimate"' in body


def test_points_at_risk_page_refuses_a_bad_horizon_in_vietnamese(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/chi-so-766/diem-co-nguy-co/", {**MARCH, "within": "abc"})
    assert response.status_code == 400
    assert "số nguyên từ 1 đến 30" in response.content.decode()


def test_points_at_risk_page_is_scoped_to_the_units_the_person_may_see(client, season):
    officer = officer_in(season.a.one_stop, Role.COUNTER_OFFICER)
    client.force_login(officer)
    own = client.get("/bao-cao/chi-so-766/diem-co-nguy-co/", {**MARCH, "unit": season.a.one_stop.pk})
    assert own.status_code == 200
    other = client.get("/bao-cao/chi-so-766/diem-co-nguy-co/", {**MARCH, "unit": season.b.one_stop.pk})
    assert other.status_code == 404
