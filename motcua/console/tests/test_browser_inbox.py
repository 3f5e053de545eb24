"""The inbox in Chromium with a caseload: the counter officer lands on "new" with its count, goes to "all" with the
keyboard, and pages back through the register without a count ("Trang 1", "Trang 2"; issue 20 item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.dossiers.tests.factories import vn

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOMENT = vn(2026, 3, 11, 9, 0)  # a Wednesday morning
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


def test_the_counter_officer_pages_back_through_all_dossiers_with_the_keyboard(world, login, screenshot):
    world.counter.set_password(PASSWORD)
    world.counter.save()
    received = [
        world.receive(applicant_name=f"{NAMES[i % len(NAMES)]} {i}", at=vn(2026, 3, 2, 8, 0) + dt.timedelta(hours=i))
        for i in range(30)
    ]
    newest_first = [d.code for d in sorted(received, key=lambda d: (d.created_at, d.pk), reverse=True)]
    with time_machine.travel(MOMENT, tick=False):
        page = login(world.counter)
        tabs = page.locator("nav.cs-tabs")
        new_tab = tabs.locator("a[aria-current=page]")
        assert new_tab.inner_text().split()[-1] == "30"  # lands on its work queue, counted
        all_tab = tabs.get_by_role("link", name="Tất cả")
        assert all_tab.locator(".cs-count").count() == 0  # the register's size is history: not counted
        screenshot(page, "inbox-new-tab")

        all_tab.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**tab=all**")
        pagination = page.locator("nav.pagination")
        assert pagination.inner_text().split("\n")[0].strip().startswith("Trang 1")
        assert "Trang 1/" not in pagination.inner_text()  # no total: nothing was counted
        first = page.locator("table.cs-table a.code").all_inner_texts()
        assert first == newest_first[:25]
        screenshot(page, "inbox-all-page-1")

        pagination.get_by_role("link", name="Trang sau").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**page=2**")
        assert page.locator("table.cs-table a.code").all_inner_texts() == newest_first[25:]
        assert "Trang 2" in pagination.inner_text()
        assert pagination.get_by_role("link", name="Trang sau").count() == 0  # the last page: no next
        screenshot(page, "inbox-all-page-2")

        pagination.get_by_role("link", name="Trang trước").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**page=1**")
        assert page.locator("table.cs-table a.code").all_inner_texts() == newest_first[:25]
