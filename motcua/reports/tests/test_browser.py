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
    assert "trừ thời gian chờ bổ sung" in row.inner_text()  # the portal's formula, shown on the page
    assert "theo quy định" in row.locator("[data-testid=legal-value]").inner_text()
    assert page.locator("section[data-testid^=group-]").count() == 5
    screenshot(page, "reports-index766")
    page.goto(f"{live_server.url}/bao-cao/xep-hang/?period=2026-03")
    assert page.locator("[data-testid=below-minimum] [role=note]").count() == 1
    screenshot(page, "reports-ranking")


def test_leader_types_a_quarter_and_gets_the_nd09_window_by_default(page, live_server, screenshot, season_and_leader):
    """The form offers the ND 09/2019 reporting window first; typing "2026-Q1" and pressing Enter gives
    15/12/2025–14/3/2026; switching to the calendar gives 1/1–31/3/2026."""
    _season, leader = season_and_leader
    sign_in(page, live_server, leader, "/bao-cao/bao-cao-ky/")
    assert page.locator("#id_cutoff").input_value() == "nd09"
    assert "Nghị định 09/2019" in page.locator("#id_cutoff option:checked").inner_text()
    page.fill("#id_period", "2026-Q1")
    page.press("#id_period", "Enter")
    page.wait_for_url("**period=2026-Q1*")
    lead = page.locator("p.lead").first.inner_text()
    assert "Quý I/2026 (kỳ báo cáo theo Nghị định 09/2019): 15/12/2025 – 14/03/2026" in lead
    screenshot(page, "reports-period-nd09")
    page.select_option("#id_cutoff", "calendar")
    page.press("#id_period", "Enter")
    page.wait_for_url("**cutoff=calendar*")
    assert "01/01/2026 – 31/03/2026" in page.locator("p.lead").first.inner_text()


def test_current_quarter_says_as_of_and_lists_only_what_is_overdue_now(page, live_server, screenshot):
    """Today 7/12/2026: the ND 09 quarter (15/9–14/12) counts the dossier due 8/12 as within time, says
    "số liệu tính đến …", and the overdue cell opens a list of the one overdue dossier."""
    import time_machine

    from motcua.dossiers.choices import DossierStatus as S
    from motcua.dossiers.tests.factories import World, vn
    from motcua.units.tests.factories import ProvinceFactory

    with time_machine.travel(vn(2026, 12, 7, 9, 30), tick=True):
        province = ProvinceFactory()
        world = World()
        world.one_stop.parent = province
        world.one_stop.save()
        late = world.dossier_in(S.IN_PROGRESS, at=vn(2026, 11, 23, 9, 0))
        world.dossier_in(S.IN_PROGRESS, at=vn(2026, 12, 1, 9, 0))
        sign_in(page, live_server, officer_in(province, Role.UNIT_LEADER), "/bao-cao/bao-cao-ky/")
        page.fill("#id_period", "2026-Q4")
        page.press("#id_period", "Enter")
        page.wait_for_url("**period=2026-Q4*")
        assert "số liệu tính đến 09:3" in page.locator("[data-testid=as-of]").first.inner_text()
        total = page.locator("[data-testid=total]")
        assert total.locator("a[data-figure=in_progress_overdue]").inner_text() == "1"
        screenshot(page, "reports-period-as-of")
        total.locator("a[data-figure=in_progress_overdue]").click()
        page.wait_for_selector("[data-testid=dossiers]")
        assert page.locator("[data-testid=dossiers] tbody tr").count() == 1
        assert late.code in page.locator("[data-testid=dossiers]").inner_text()


def test_period_report_ends_with_the_online_filing_rate_column(page, live_server, screenshot, season_and_leader):
    """The registry's demo derived column (metrics.figures `online_rate`) is the table's last column."""
    _season, leader = season_and_leader
    sign_in(page, live_server, leader, "/bao-cao/bao-cao-ky/?period=2026-03")
    last_header = page.locator("[data-testid=report] thead tr").first.locator("th").last
    last_header.scroll_into_view_if_needed()
    assert last_header.inner_text() == "Tỷ lệ nộp trực tuyến"
    total = page.locator("[data-testid=total] td").last.inner_text()
    assert total == "27,3 %"  # 3 of the 11 dossiers received in March came online
    screenshot(page, "reports-period-online-rate")
