"""A unit leader opens the points-at-risk worklist of the current month, sees the dossier due within three working
days first with the action that saves its points, widens the horizon, then opens the 766 index, an indicator and
the dossiers behind its figure. Screenshots in var/screenshots/reports-at-risk*.png."""

from __future__ import annotations

import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in, vn
from motcua.metrics.tests.factories import build_points_at_risk

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_the_dossiers_that_cost_points_and_what_to_do(page, live_server, screenshot):
    with time_machine.travel(vn(2026, 3, 20, 10, 0), tick=True):
        province, d = build_points_at_risk()
        leader = officer_in(province, Role.UNIT_LEADER)
        sign_in(page, live_server, leader, "/bao-cao/chi-so-766/")
        page.get_by_role("link", name="Điểm có nguy cơ bị trừ").click()
        page.wait_for_url("**/diem-co-nguy-co/*")
        page.fill("#id_period", "2026-03")
        page.select_option("#id_cutoff", "calendar")
        page.press("#id_period", "Enter")
        page.wait_for_url("**period=2026-03*")
        rows = page.locator("[data-testid=at-risk] tbody tr")
        first = rows.first.inner_text()
        assert d["soon"].code in first or d["once"].code in first  # 2.1 items are worth the most
        table = page.locator("[data-testid=at-risk]").inner_text()
        assert "Giải quyết và trả kết quả trước ngày hẹn trả" in table
        assert "Cấp kết quả điện tử" in table and "Gửi lại trạng thái" in table
        assert d["later"].code not in page.locator("[data-risk=due_soon]").all_inner_texts()[0]
        page.locator("[data-testid=estimate] summary").click()
        screenshot(page, "reports-at-risk")
        page.fill("#id_within", "5")
        page.press("#id_within", "Enter")
        page.wait_for_url("**within=5*")
        due_soon = " ".join(page.locator("[data-risk=due_soon]").all_inner_texts())
        assert d["later"].code in due_soon
        page.goto(f"{live_server.url}/bao-cao/chi-so-766/?period=2026-03&cutoff=calendar&unit={province.pk}")
        page.locator("tr[data-code='4.1'] a").first.click()
        page.wait_for_selector("[data-testid=basis]")
        page.locator("[data-testid=part-denominator]").click()
        page.wait_for_selector("[data-testid=dossiers]")
        assert page.locator("[data-testid=reconcile] .badge.ok").count() == 1
        assert page.locator("[data-testid=dossiers] tbody tr").count() == 2  # done and signed
        screenshot(page, "reports-indicator-dossiers")
