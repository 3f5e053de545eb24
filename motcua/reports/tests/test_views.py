"""Report screens: access by unit membership (own unit and subtree), bad parameters never a 500, numbers on
screen equal the selectors', drill-down links, Excel, indicator and 766 pages, query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.metrics.drilldown import dossier_ids_behind
from motcua.metrics.targets import target_set

MARCH = {"period": "2026-03"}


@pytest.fixture
def leader(season):
    return officer_in(season.province, Role.UNIT_LEADER)


@pytest.fixture
def commune_officer(season):
    return officer_in(season.a.one_stop, Role.COUNTER_OFFICER)


def test_anonymous_is_sent_to_sign_in(client, season):
    response = client.get("/bao-cao/")
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]


def test_citizen_without_membership_cannot_open_reports(client, season, django_user_model):
    citizen = django_user_model.objects.create_user(username="dan", password="x", kind="citizen")
    client.force_login(citizen)
    assert client.get("/bao-cao/", MARCH).status_code == 404


def test_commune_officer_cannot_open_the_province_report(client, season, commune_officer):
    client.force_login(commune_officer)
    for url in ("/bao-cao/", "/bao-cao/bao-cao-ky/", "/bao-cao/bao-cao-ky/excel/", "/bao-cao/chi-so-766/"):
        assert client.get(url, {**MARCH, "unit": season.province.pk}).status_code == 404, url
    drill = {**MARCH, "unit": season.province.pk, "figure": "received"}
    assert client.get("/bao-cao/ho-so/", drill).status_code == 404


def test_commune_officer_sees_own_unit_by_default(client, season, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/bao-cao/", MARCH)
    assert response.status_code == 200
    assert response.context["unit"] == season.a.one_stop


def test_leader_sees_province_and_child_units(client, season, leader):
    client.force_login(leader)
    assert client.get("/bao-cao/", MARCH).context["unit"] == season.province
    child = client.get("/bao-cao/bao-cao-ky/", {**MARCH, "unit": season.b.one_stop.pk})
    assert child.status_code == 200
    assert child.context["total"].received["total"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2026-13"},
        {"period": "abc"},
        {"start": "2026-03-31", "end": "2026-03-01"},
        {"start": "2026-03-01"},
        {"start": "1900-01-01", "end": "2026-01-01"},
        {"period": "2026-Q1", "unit": "x"},
        {"period": "2026-Q1", "unit": "999999"},
    ],
)
def test_bad_parameters_are_a_400_or_404_never_a_500(client, season, leader, params):
    client.force_login(leader)
    for url in ("/bao-cao/", "/bao-cao/bao-cao-ky/", "/bao-cao/bao-cao-ky/excel/", "/bao-cao/chi-so/"):
        assert client.get(url, params).status_code in (400, 404), (url, params)


def test_an_unknown_grouping_is_a_400(client, season, leader):
    client.force_login(leader)
    assert client.get("/bao-cao/bao-cao-ky/", {**MARCH, "by": "nonsense"}).status_code == 400
    assert client.get("/bao-cao/bao-cao-ky/excel/", {**MARCH, "by": "nonsense"}).status_code == 400


def test_drilldown_with_an_unknown_figure_or_field_is_not_a_500(client, season, leader):
    client.force_login(leader)
    assert client.get("/bao-cao/ho-so/", {**MARCH, "figure": "nope"}).status_code == 400
    assert client.get("/bao-cao/ho-so/", {**MARCH, "figure": "received", "field": 999999}).status_code == 404
    assert client.get("/bao-cao/chi-so/khong-co/", MARCH).status_code == 404


def test_every_report_cell_links_to_a_list_of_the_same_size(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/bao-cao-ky/", {**MARCH, "by": "unit"})
    total = response.context["total"]
    assert total.reconciles()
    late = client.get("/bao-cao/ho-so/", {**MARCH, "unit": season.province.pk, "figure": "resolved_late"})
    assert late.context["count"] == late.context["cell"] == total.resolved["late"] == 1
    assert late.context["dossiers"][0].code == season.dossiers["a2"].code
    assert [h.unit for h in late.context["held"]] == [season.a.department]
    assert "/bao-cao/ho-so/?" in response.content.decode()


def test_drilldown_of_a_unit_row_lists_that_units_dossiers(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/ho-so/", {**MARCH, "unit": season.b.one_stop.pk, "figure": "in_progress_overdue"})
    assert [d.code for d in response.context["dossiers"]] == [season.dossiers["b1"].code]


def test_dashboard_shows_the_units_falling_behind(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/", MARCH)
    behind = [r["row"].key for r in response.context["behind"]]
    assert set(behind) == {season.a.one_stop.pk, season.b.one_stop.pk}
    data = response.context["chart_data"]
    assert data["channels"]["values"] == [
        response.context["figures"].received["online"],
        response.context["figures"].received["counter"],
        response.context["figures"].received["post"],
    ]
    assert sum(data["ageing"]["values"]) == response.context["figures"].in_progress["overdue"]
    assert 'id="rp-chart-data"' in response.content.decode()


def test_excel_download_has_the_report_numbers(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/bao-cao-ky/excel/", {"period": "2026-Q1", "by": "unit"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    total_row = list(sheet.iter_rows(min_row=8, values_only=True))[-1]
    page = client.get("/bao-cao/bao-cao-ky/", {"period": "2026-Q1", "by": "unit"}).context["total"]
    late_column = 2 + 5 + 4  # No., label, five received columns, total/early/on time/late
    assert total_row[late_column - 1] == page.resolved["late"]
    assert total_row[2] == page.carried_over + page.received["total"]


def test_excel_rows_match_the_drilldown_lists(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/bao-cao-ky/excel/", {"period": "2026-Q1", "by": "unit"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    by_label = {row[1]: row for row in sheet.iter_rows(min_row=8, values_only=True)}
    unit = season.a.one_stop
    late = dossier_ids_behind(unit=unit, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), figure="resolved_late")
    assert by_label[unit.name][10] == len(late)


def test_indicator_pages_cite_their_source(client, season, leader):
    client.force_login(leader)
    listing = client.get("/bao-cao/chi-so/", MARCH)
    assert listing.status_code == 200
    page = client.get("/bao-cao/chi-so/on_time_rate/", MARCH)
    assert page.status_code == 200
    assert "QĐ 766/QĐ-TTg" in page.content.decode()
    assert (
        page.context["value"].inputs["resolved"] == client.get("/bao-cao/", MARCH).context["figures"].resolved["total"]
    )


def test_index766_page_shows_each_indicator_with_points(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/chi-so-766/", MARCH)
    assert response.status_code == 200
    index = response.context["index"]
    assert index.max_points == 100
    assert 'data-code="2.1"' in response.content.decode()


def test_period_report_query_count_does_not_grow_with_rows(client, season, leader):
    client.force_login(leader)
    with CaptureQueriesContext(connection) as by_unit:
        client.get("/bao-cao/bao-cao-ky/", {**MARCH, "by": "unit"})
    with CaptureQueriesContext(connection) as by_procedure:
        client.get("/bao-cao/bao-cao-ky/", {**MARCH, "by": "procedure"})
    # 15, plus four for the bundles' section (metrics.bundle_figures: child units, flows, open stock, agency times)
    assert len(by_unit) <= 19
    assert len(by_procedure) <= 19


def test_dashboard_query_count_is_bounded(client, season, leader):
    client.force_login(leader)
    with CaptureQueriesContext(connection) as queries:
        client.get("/bao-cao/", {"period": "2026-Q1"})
    assert len(queries) <= 40


def test_ranking_keeps_small_units_out_of_the_table_with_a_note(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/xep-hang/", {"period": "2026-Q1", "indicator": "on_time_rate", "min_sample": 30})
    assert response.status_code == 200
    assert response.context["ranking"].rows == []
    assert len(response.context["ranking"].below_minimum) == 2
    assert response.context["ranking"].note in response.content.decode()


def test_ranking_with_a_small_minimum_ranks_the_units(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/xep-hang/", {"period": "2026", "indicator": "on_time_rate", "min_sample": 1})
    ranked = [(row.rank, row.unit) for row in response.context["ranking"].rows]
    assert ranked == [(1, season.b.one_stop), (2, season.a.one_stop)]


@pytest.mark.parametrize("params", [{"indicator": "nope"}, {"min_sample": "0"}, {"min_sample": "abc"}])
def test_ranking_bad_parameters_are_a_400(client, season, leader, params):
    client.force_login(leader)
    assert client.get("/bao-cao/xep-hang/", {**MARCH, **params}).status_code == 400


def test_a_unit_behind_its_target_gets_a_warning(client, season, leader):
    target_set(year=2026, indicator="on_time_rate", value=0.95)
    client.force_login(leader)
    targets = client.get("/bao-cao/chi-tieu/", MARCH)
    assert [g.indicator for g in targets.context["behind"]] == ["on_time_rate"]
    assert 'data-testid="behind-warning"' in targets.content.decode()
    dashboard = client.get("/bao-cao/", MARCH)
    assert 'data-testid="targets-warning"' in dashboard.content.decode()


def test_evaluation_page_lists_nine_indices(client, season, leader):
    client.force_login(leader)
    response = client.get("/bao-cao/danh-gia/", MARCH)
    assert response.status_code == 200
    assert len(response.context["evaluation"].indices) == 9


def test_commune_officer_cannot_rank_or_evaluate_the_province(client, season, commune_officer):
    client.force_login(commune_officer)
    for url in ("/bao-cao/xep-hang/", "/bao-cao/chi-tieu/", "/bao-cao/danh-gia/", "/bao-cao/chi-so/"):
        assert client.get(url, {**MARCH, "unit": season.province.pk}).status_code == 404, url


def test_period_report_defaults_to_the_current_nd09_window(client, season, leader):
    """No parameters: the current quarter on the ND 09/2019 art 12 windows (20/3/2026 lies in 15/3–14/6)."""
    client.force_login(leader)
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        response = client.get("/bao-cao/bao-cao-ky/")
    period = response.context["period"]
    assert (period.start, period.end, period.cutoff) == (dt.date(2026, 3, 15), dt.date(2026, 6, 14), "nd09")
    html = response.content.decode()
    assert '<option value="nd09" selected>' in html
    assert "Quý II/2026 (kỳ báo cáo theo Nghị định 09/2019): 15/03/2026 – 14/06/2026" in html


def test_nd09_quarter_equals_its_days_and_the_excel_states_the_window(client, season, leader):
    client.force_login(leader)
    official = client.get("/bao-cao/bao-cao-ky/", {"period": "2026-Q1", "cutoff": "nd09", "by": "unit"})
    days = client.get("/bao-cao/bao-cao-ky/", {"start": "2025-12-15", "end": "2026-03-14", "by": "unit"})
    assert official.context["total"] == days.context["total"]
    assert official.context["total"] != client.get("/bao-cao/bao-cao-ky/", {"period": "2026-Q1"}).context["total"]
    response = client.get("/bao-cao/bao-cao-ky/excel/", {"period": "2026-Q1", "cutoff": "nd09", "by": "unit"})
    assert "2026-Q1-nd09" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Nghị định 09/2019" in sheet["A3"].value and "15/12/2025 – 14/03/2026" in sheet["A3"].value


def test_an_unknown_cutoff_is_a_400(client, season, leader):
    client.force_login(leader)
    assert client.get("/bao-cao/bao-cao-ky/", {"period": "2026-Q1", "cutoff": "lunar"}).status_code == 400
