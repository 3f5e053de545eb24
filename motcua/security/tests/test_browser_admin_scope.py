"""The admin as a centre's staff member sees it, in Chromium (issue 21): signed in through the admin's own sign-in
page, the counters list shows only the own centre's counter, the add form's centre and group choices only the own
centre's, and another centre's counter URL is a 404.
Screenshots: var/screenshots/admin-scope-*.png."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.counter.models import ServiceGroup
from motcua.counter.tests.factories import QueueWorld
from motcua.dossiers.tests.factories import OneStopFactory, officer_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"


def admin_signed_in(browser, live_server, staff):
    """A Vietnamese browser page signed in to the admin as `staff`, through the login form and the keyboard."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("input[name=username]", staff.username)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/quan-tri/")
    return page


def test_a_centre_manager_sees_only_the_own_centre_in_the_admin(live_server, browser, screenshot):
    here = QueueWorld()
    there = QueueWorld()
    there.centre.name = "Trung tâm Phục vụ hành chính công xã Tân Phú"
    there.centre.save()
    ServiceGroup.objects.filter(pk=there.land.pk).update(name="Nhóm của Tân Phú")
    staff = officer_in(here.centre, Role.ONE_STOP_MANAGER)
    staff.is_staff = True
    staff.set_password(PASSWORD)
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="counter"))
    OneStopFactory()  # a third centre nobody here belongs to

    page = admin_signed_in(browser, live_server, staff)

    page.goto(live_server.url + reverse("admin:counter_counter_changelist"))
    listing = page.inner_text("#result_list")
    assert "Tân Phú" not in listing and "Tân Lập" in listing
    assert page.locator("#result_list tbody tr").count() == 2  # counters 1 and 2 of the own centre
    screenshot(page, "admin-scope-counters")

    page.goto(live_server.url + reverse("admin:counter_counter_add"))
    centres = page.locator("select[name=centre] option").all_inner_texts()
    assert [c for c in centres if c.strip("-")] == [here.centre.name]
    groups = " ".join(page.locator("select[name=groups_old] option").all_inner_texts())
    assert "Nhóm của Tân Phú" not in groups and "Đất đai" in groups
    screenshot(page, "admin-scope-counter-add")

    response = page.goto(live_server.url + reverse("admin:counter_counter_change", args=[there.counter1.pk]))
    assert response is not None and response.status == 404
    page.context.close()


def test_who_recorded_a_review_is_shown_not_chosen(live_server, browser, screenshot):
    """The review form as a centre's staff member sees it: the author is their own name, read-only, on the add
    page; a review whose author has left the centre saves without an error and keeps its author."""
    import datetime as dt

    from motcua.dossiers.tests.factories import ProcedureFactory, vn
    from motcua.simplify.models import Review

    here, there = QueueWorld(), QueueWorld()
    there.manager.full_name = "Lê Văn Chuyển"
    there.manager.save()
    staff = officer_in(here.centre, Role.ONE_STOP_MANAGER)
    staff.is_staff, staff.full_name = True, "Nguyễn Thị Quản"
    staff.set_password(PASSWORD)
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="simplify"))
    review = Review.objects.create(
        unit=here.centre, procedure=ProcedureFactory(), year=2026, reviewed_on=dt.date(2026, 4, 1),
        findings="Thừa giấy tờ", hourly_income=30000, dossiers_per_year=100, created_by=there.manager,
        created_at=vn(2026, 4, 1, 9),
    )  # fmt: skip

    page = admin_signed_in(browser, live_server, staff)

    page.goto(live_server.url + reverse("admin:simplify_review_add"))
    author = page.locator(".field-created_by_recorded")
    assert "Người tạo" in author.inner_text() and str(staff) in author.inner_text()
    assert page.locator("[name=created_by], [name=created_at_0]").count() == 0
    screenshot(page, "admin-review-add")

    page.goto(live_server.url + reverse("admin:simplify_review_change", args=[review.pk]))
    author = page.locator(".field-created_by_recorded")
    assert str(there.manager) in author.inner_text()
    assert author.locator("a").count() == 0  # a name, not a link to an account page this officer may not open
    page.fill("textarea[name=findings]", "Bỏ bản sao chứng thực")
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator(".errornote").count() == 0
    screenshot(page, "admin-review-change-saved")
    review.refresh_from_db()
    assert review.findings == "Bỏ bản sao chứng thực" and review.created_by == there.manager
    page.context.close()
