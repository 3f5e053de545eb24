"""A leader types the report's days the Vietnamese way (day/month/year) and gets that window; a mistyped day is
said in Vietnamese next to the form, never a server error. The outreach report reads its days the same way.
Screenshots in var/screenshots/dates-*.png (copied to the session's notes)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.metrics.tests.factories import build_season
from motcua.workdays.calendar import VN_TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 4, 20, 9, 0, tzinfo=VN_TZ)
PASSWORD = "mat-khau-thu-nghiem"
NOTES = Path("/work/notes/shots/navui")
DAY_ERROR = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 07/03/2026."


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def shot(page, screenshot, name: str) -> None:
    path = screenshot(page, f"dates-{name}")
    if NOTES.parent.is_dir():
        NOTES.mkdir(exist_ok=True)
        shutil.copy(path, NOTES / path.name)


def sign_in(page, live_server, user, next_url: str) -> None:
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}*")


def test_leader_types_the_report_days_as_day_month_year(page, live_server, screenshot):
    season = build_season()
    leader = officer_in(season.province, Role.UNIT_LEADER, Role.ONE_STOP_MANAGER)
    sign_in(page, live_server, leader, "/bao-cao/bao-cao-ky/")
    start = page.get_by_label("Từ ngày")
    assert start.get_attribute("type") == "text" and start.get_attribute("placeholder") == "dd/mm/yyyy"
    page.fill("#id_period", "")
    start.press_sequentially("01/03/2026")
    page.get_by_label("Đến ngày").press_sequentially("31/03/2026")
    with page.expect_navigation():
        page.get_by_label("Đến ngày").press("Enter")
    assert "01/03/2026 – 31/03/2026" in page.locator("p.lead").first.inner_text()
    assert page.get_by_label("Từ ngày").input_value() == "01/03/2026"  # shown back the same way
    assert page.get_by_test_id("total").count() == 1
    shot(page, screenshot, "report-typed")

    page.get_by_label("Từ ngày").fill("31/02/2026")
    with page.expect_navigation():
        page.get_by_label("Từ ngày").press("Enter")
    alert = page.get_by_test_id("bad-params")
    assert DAY_ERROR in alert.inner_text()
    assert page.get_by_label("Từ ngày").input_value() == "31/02/2026"  # what was typed, to correct
    shot(page, screenshot, "report-bad-day")


def test_outreach_report_reads_typed_days_and_says_a_bad_one(page, live_server, screenshot):
    season = build_season()
    officer = officer_in(season.province, Role.UNIT_LEADER)
    sign_in(page, live_server, officer, "/luu-dong/bao-cao/")
    page.get_by_label("Từ ngày").fill("01/04/2026")
    page.get_by_label("Đến ngày").fill("30/04/2026")
    with page.expect_navigation():
        page.get_by_label("Đến ngày").press("Enter")
    assert "tu=01%2F04%2F2026" in page.url
    assert page.get_by_label("Từ ngày").input_value() == "01/04/2026"
    page.get_by_label("Từ ngày").fill("1/4/26")
    with page.expect_navigation():
        page.get_by_label("Từ ngày").press("Enter")
    assert DAY_ERROR in page.get_by_test_id("bad-day").inner_text()
    shot(page, screenshot, "outreach-bad-day")
