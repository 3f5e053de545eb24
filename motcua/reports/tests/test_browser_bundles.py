"""A provincial leader opens the period report of March 2026 in Chromium and reads the bundled procedures'
section (issue 21 part 2): by bundle group, by receiving unit, and the time of each agency. Screenshot:
var/screenshots/period-report-bundles.png."""

from __future__ import annotations

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_bundle_section_of_the_period_report(page, live_server, screenshot):
    from motcua.metrics.tests.test_bundle_rollups import Season

    season = Season()
    leader = officer_in(season.world.province, Role.UNIT_LEADER)
    sign_in(page, live_server, leader, "/bao-cao/bao-cao-ky/")
    page.select_option("#id_cutoff", "calendar")
    page.fill("#id_period", "2026-03")
    page.press("#id_period", "Enter")
    page.wait_for_url("**period=2026-03*")
    section = page.get_by_test_id("bundles")
    section.scroll_into_view_if_needed()
    assert section.get_by_role("heading", name="Hồ sơ liên thông", exact=True).is_visible()
    row = section.get_by_test_id("bundle-groups").locator("tbody tr")
    cells = [c.inner_text().strip() for c in row.locator("td").all()]
    assert cells[1].startswith("LT-KHAISINH — ")
    assert cells[2:] == ["3", "2", "1", "50,0 %", "1", "1"]
    by_unit = section.get_by_test_id("bundle-units").locator("tbody tr")
    assert [c.inner_text().strip() for c in by_unit.locator("td").all()][1:] == [
        "Xã Tân Lập",
        "3",
        "2",
        "1",
        "50,0 %",
        "1",
        "1",
    ]
    agencies = section.get_by_test_id("bundle-agencies")
    insurance = agencies.locator("tbody tr", has_text="Bảo hiểm xã hội tỉnh")
    assert [c.inner_text().strip() for c in insurance.locator("td").all()][2:] == ["2", "19,5", "16,0", "1"]
    screenshot(page, "period-report-bundles")
