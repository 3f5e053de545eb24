"""A provincial leader reads the legal on-time rate and the commitment-kept rate of the communes on the rankings
page, in Chromium (deadlines.md §10). Screenshot: var/screenshots/commitments-ranking.png."""

from __future__ import annotations

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_commitment_kept_beside_legal_on_time(page, live_server, screenshot):
    from motcua.metrics.tests.test_commitments import build_two_communes

    province, a, b, _dossiers = build_two_communes()
    leader = officer_in(province, Role.UNIT_LEADER)
    sign_in(page, live_server, leader, "/bao-cao/bao-cao-ky/")
    # The leader types March 2026 (calendar month) in the period report's box, then opens the rankings tab.
    page.select_option("#id_cutoff", "calendar")
    page.fill("#id_period", "2026-03")
    page.press("#id_period", "Enter")
    page.wait_for_url("**period=2026-03*")
    page.get_by_role("link", name="Xếp hạng").click()
    page.wait_for_url("**/xep-hang/**")
    section = page.get_by_test_id("commitment-rates")
    text = section.inner_text()
    assert "Tỷ lệ đúng hạn theo quy định" in text and "Tỷ lệ giữ đúng cam kết" in text
    row = section.locator("tbody tr", has_text=a.one_stop.name)
    cells = [c.inner_text().strip() for c in row.locator("td").all()]
    assert cells[1:] == ["2", "100,0 %", "2", "50,0 %"]
    other = section.locator("tbody tr", has_text=b.one_stop.name)
    assert [c.inner_text().strip() for c in other.locator("td").all()][1:] == ["1", "100,0 %", "0", "—"]
    screenshot(page, "commitments-ranking")
