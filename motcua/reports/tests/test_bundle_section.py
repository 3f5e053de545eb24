"""The bundled procedures' section of the period report (issue 21 part 2): the page's tables, the Excel sheet
read back with openpyxl, the API's `bundles` field, and access — a leader of another unit sees none of them.
Figures of the worked example of `metrics/tests/test_bundle_rollups.py` (total limit: QĐ 296/QĐ-VPCP of
12/6/2024, as `bundles.rules` cites it)."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.db import transaction
from openpyxl import load_workbook

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in, vn
from motcua.metrics.tests.test_bundle_rollups import Season
from motcua.workdays.selectors import invalidate_calendar

MARCH = {"period": "2026-03"}
LATER = vn(2026, 4, 10, 9, 0)  # March is read in April: a past period, whatever day the suite runs


@pytest.fixture(scope="module")
def season_once(django_db_setup, django_db_blocker):
    """The worked example, built once for the module and rolled back afterwards (the tests only read it; what
    they write — accounts, API clients — goes with each test's own transaction)."""
    with django_db_blocker.unblock():
        invalidate_calendar()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield Season()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            invalidate_calendar()


@pytest.fixture
def season(season_once, db):
    return season_once


@pytest.fixture
def leader(season):
    return officer_in(season.world.province, Role.UNIT_LEADER)


def get(client, user, url, params):
    client.force_login(user)
    with time_machine.travel(LATER, tick=False):
        return client.get(url, params)


def test_the_period_report_shows_the_bundles_by_group_and_agency(client, season, leader):
    response = get(client, leader, "/bao-cao/bao-cao-ky/", MARCH)
    assert response.status_code == 200
    bundles = response.context["bundles"]
    (group,) = bundles.groups
    assert (group.received, group.finished, group.finished_on_time, group.open, group.overdue) == (3, 2, 1, 1, 1)
    (commune,) = bundles.units
    assert commune.name == "Xã Tân Lập" and commune.on_time_rate == 0.5
    html = response.content.decode()
    assert "Hồ sơ liên thông" in html and "QĐ 296/QĐ-VPCP" in html
    assert 'data-col="on_time_rate">50,0 %</td>' in html
    assert 'data-col="average_hours">19,5</td>' in html  # social insurance: (29.5 h + 9.5 h) / 2
    # a field or procedure filter leaves the section out (a bundle is not one procedure)
    filtered = get(client, leader, "/bao-cao/bao-cao-ky/", {**MARCH, "procedure": "1.001193"})
    assert filtered.context["bundles"] is None and 'data-testid="bundles"' not in filtered.content.decode()


def test_the_excel_file_has_a_bundle_sheet_with_the_same_cells(client, season, leader):
    response = get(client, leader, "/bao-cao/bao-cao-ky/excel/", MARCH)
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Báo cáo", "Liên thông"]
    sheet = book["Liên thông"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert rows[0] == (
        "STT",
        "Nhóm liên thông",
        "Tiếp nhận",
        "Đã giải quyết xong",
        "Trong thời hạn chung",
        "Tỷ lệ đúng hạn (%)",
        "Đang mở cuối kỳ",
        "Quá hạn, chưa xong",
    )
    assert rows[1][0] == 1 and rows[1][1].startswith("LT-KHAISINH — ")
    assert rows[1][2:] == (3, 2, 1, 50.0, 1, 1)
    assert rows[2][1:] == ("Tổng số", 3, 2, 1, 50.0, 1, 1)
    assert rows[4][0] == "Theo đơn vị tiếp nhận" and rows[5][:2] == ("STT", "Đơn vị")
    assert rows[6] == (1, "Xã Tân Lập", 3, 2, 1, 50.0, 1, 1)
    agencies = {row[0]: row for row in rows[9:] if row[0]}
    insurance = agencies["Bảo hiểm xã hội"]
    assert insurance[1] == "Bảo hiểm xã hội tỉnh" and insurance[2:6] == (2, 19.5, 16.0, 1)
    assert agencies["Công an (đăng ký cư trú)"][2:4] == (2, 3.5)


def test_a_leader_of_another_unit_sees_none_of_them(client, season):
    other = officer_in(season.world.other_commune, Role.UNIT_LEADER)
    assert get(client, other, "/bao-cao/bao-cao-ky/", {**MARCH, "unit": season.world.province.pk}).status_code == 404
    assert get(client, other, "/bao-cao/bao-cao-ky/", {**MARCH, "unit": season.world.centre.pk}).status_code == 404
    own = get(client, other, "/bao-cao/bao-cao-ky/", MARCH)
    assert own.status_code == 200 and own.context["bundles"].empty
    assert "LT-KHAISINH" not in own.content.decode()
    sheet = load_workbook(io.BytesIO(get(client, other, "/bao-cao/bao-cao-ky/excel/", MARCH).content))["Liên thông"]
    assert not any("LT-KHAISINH" in str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_the_api_period_report_has_the_bundles(client, season):
    from motcua.integrations.tests.factories import api_client, auth_header

    province, other = season.world.province, season.world.other_commune
    headers = auth_header(api_client(province), "metrics:read")
    with time_machine.travel(LATER, tick=False):
        body = client.get(f"/api/v1/metrics/period-report?unit={province.code}&period=2026-03", headers=headers).json()
    (group,) = body["bundles"]["groups"]
    assert group["code"] == "LT-KHAISINH"
    assert {k: group[k] for k in ("received", "finished", "finished_on_time", "on_time_rate", "open", "overdue")} == {
        "received": 3,
        "finished": 2,
        "finished_on_time": 1,
        "on_time_rate": 0.5,
        "open": 1,
        "overdue": 1,
    }
    (commune,) = body["bundles"]["units"]
    assert (commune["unit"], commune["name"], commune["received"]) == (season.world.commune.pk, "Xã Tân Lập", 3)
    insurance = next(a for a in body["bundles"]["agencies"] if a["role"] == "social_insurance")
    assert (insurance["parts"], insurance["average_hours"], insurance["over_budget"]) == (2, 19.5, 1)
    # a client of another unit reads its own unit: no bundle of the province's commune; the province: refused
    elsewhere = auth_header(api_client(other), "metrics:read")
    with time_machine.travel(LATER, tick=False):
        own = client.get(f"/api/v1/metrics/period-report?unit={other.code}&period=2026-03", headers=elsewhere)
        refused = client.get(f"/api/v1/metrics/period-report?unit={province.code}&period=2026-03", headers=elsewhere)
    assert own.json()["bundles"] == {
        "groups": [],
        "units": [],
        "total": own.json()["bundles"]["total"],
        "agencies": [],
    }
    assert own.json()["bundles"]["total"]["received"] == 0 and refused.status_code == 403
