"""A leader opens the dashboard (projector and phone), sees which units are late and which unit held the
time, opens the dossiers behind a number, downloads the quarterly Excel, and reads the 766 index.
Screenshots in var/screenshots/reports-*.png."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.metrics.tests.factories import build_season

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"


def sign_in(page, live_server, user, next_url: str):
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}*")


@pytest.fixture
def season_and_leader():
    season = build_season()
    return season, officer_in(season.province, Role.UNIT_LEADER)


def test_dashboard_on_a_projector_shows_late_units_and_who_held_the_time(
    page, live_server, screenshot, season_and_leader
):
    season, leader = season_and_leader
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, live_server, leader, "/bao-cao/?period=2026-03")
    page.wait_for_selector("body[data-charts-ready='1']")
    for chart in ("trend", "channels", "units", "ageing"):
        assert page.locator(f"#chart-{chart}").bounding_box()["height"] > 150
    behind = page.locator("[data-testid=behind] tbody tr")
    assert behind.count() == 2
    screenshot(page, "reports-dashboard-projector")
    page.locator("[data-testid=behind] a[data-figure=resolved_late]").first.click()
    page.wait_for_selector("[data-testid=held]")
    assert season.a.department.name in page.locator("[data-testid=held]").inner_text()
    assert season.dossiers["a2"].code in page.locator("[data-testid=dossiers]").inner_text()
    assert page.locator("[data-testid=reconcile] .badge.ok").count() == 1
    screenshot(page, "reports-drilldown")


def test_dashboard_on_a_phone_keeps_charts_and_their_tables(phone_page, live_server, screenshot, season_and_leader):
    _season, leader = season_and_leader
    sign_in(phone_page, live_server, leader, "/bao-cao/?period=2026-03")
    phone_page.wait_for_selector("body[data-charts-ready='1']")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.locator("[data-testid=chart-channels] summary").click()
    assert phone_page.locator("[data-testid=chart-channels] table").is_visible()
    screenshot(phone_page, "reports-dashboard-phone")


def test_quarterly_report_drills_down_and_exports_matching_excel(page, live_server, screenshot, season_and_leader):
    _season, leader = season_and_leader
    sign_in(page, live_server, leader, "/bao-cao/bao-cao-ky/?period=2026-Q1")
    total = page.locator("[data-testid=total]")
    received_online = total.locator("a[data-figure=received_online]").inner_text()
    screenshot(page, "reports-period-report")
    with page.expect_download() as download:
        page.click("[data-testid=xlsx]")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    excel_total = list(sheet.iter_rows(min_row=8, values_only=True))[-1]
    assert str(excel_total[4]) == received_online  # (5) online
    total.locator("a[data-figure=received_online]").click()
    page.wait_for_selector("[data-testid=dossiers]")
    assert page.locator("[data-testid=dossiers] tbody tr").count() == int(received_online)
    screenshot(page, "reports-drilldown-online")


def test_index766_page_shows_formula_inputs_and_points(page, live_server, screenshot, season_and_leader):
    _season, leader = season_and_leader
    sign_in(page, live_server, leader, "/bao-cao/chi-so-766/?period=2026-03")
    row = page.locator("tr[data-code='2.1']")
    assert "đã giải quyết: 6" in row.inner_text()  # the formula inputs by their Vietnamese names
    assert page.locator("section[data-testid^=group-]").count() == 5
    screenshot(page, "reports-index766")
    page.goto(f"{live_server.url}/bao-cao/xep-hang/?period=2026-03")
    assert page.locator("[data-testid=below-minimum] [role=note]").count() == 1
    screenshot(page, "reports-ranking")
