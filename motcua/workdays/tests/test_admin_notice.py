"""An administrator records a day off next month from a notice in the admin: preview, confirm, re-planned
dossiers, their history and the messages sent (issue 13 §3 "done means"). Frozen clocks."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from motcua.dossiers.choices import Action
from motcua.dossiers.models import Notification
from motcua.dossiers.tests.factories import World, vn
from motcua.workdays.models import CalendarAdjustment

NOW = vn(2026, 2, 23, 10, 0)  # Monday; the notice gives Friday 06/03/2026 (next month) off
URL = "admin:workdays_calendaradjustment_apply_notice"
FORM = {
    "number": "123/QĐ-UBND",
    "notice_date": "20/02/2026",
    "title": "Lễ hội truyền thống",
    "day": "06/03/2026",
    "kind": "day_off",
    "name": "Lễ hội truyền thống của tỉnh",
}


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(username="quantri", password="mat-khau-thu-nghiem")


@pytest.fixture
def dossier(db):
    world = World(time_limit_value=10)
    return world.receive(at=vn(2026, 2, 23, 9, 0))  # 10 working days → Mon 09/03/2026 09:00


def test_preview_lists_the_dossier_and_writes_nothing(client, admin_user, dossier):
    client.force_login(admin_user)
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse(URL), {**FORM, "preview": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in body
    assert "Thứ Hai 09/03/2026 09:00" in body and "Thứ Ba 10/03/2026 09:00" in body
    assert not CalendarAdjustment.objects.filter(date=dt.date(2026, 3, 6)).exists()


def test_confirm_records_the_day_and_re_plans(client, admin_user, dossier, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), {**FORM, "confirm": "1"})
    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 3, 10, 9, 0)
    event = dossier.events.order_by("-seq").first()
    assert (event.action, event.actor) == (Action.REPLAN, admin_user)
    assert Notification.objects.filter(dossier=dossier, template="due_date_moved").exists()


def test_a_notice_without_a_number_or_with_a_bad_date_is_refused(client, admin_user, dossier):
    client.force_login(admin_user)
    response = client.post(reverse(URL), {**FORM, "number": "", "confirm": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    response = client.post(reverse(URL), {**FORM, "day": "31/02/2026", "confirm": "1"})  # 06.03.2026 is a day
    assert response.context["form"].errors["day"]
    assert not CalendarAdjustment.objects.filter(date=dt.date(2026, 3, 6)).exists()


def test_changing_the_24_november_row_in_the_admin_re_plans(client, admin_user, django_capture_on_commit_callbacks):
    """The one row of the 24/11/2026 decision: made a day off once an instrument exists."""
    world = World()
    with time_machine.travel(vn(2026, 11, 20, 10, 0), tick=False):
        dossier = world.receive(at=vn(2026, 11, 20, 9, 0))  # 5 working days → Fri 27/11/2026 09:00
    row = CalendarAdjustment.objects.get(date=dt.date(2026, 11, 24))
    client.force_login(admin_user)
    data = {
        "date": "2026-11-24",
        "kind": "day_off",
        "name": "Ngày Văn hóa Việt Nam",
        "source_number": "99/2026/QH15",
        "source_date": "2026-11-01",
        "note": "",
    }
    with time_machine.travel(vn(2026, 11, 21, 10, 0), tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:workdays_calendaradjustment_change", args=[row.pk]), data)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 11, 30, 9, 0)
    assert CalendarAdjustment.objects.get(date=dt.date(2026, 11, 24)).source_number == "99/2026/QH15"


def test_the_admin_change_form_needs_the_instruments_date(client, admin_user):
    row = CalendarAdjustment.objects.get(date=dt.date(2026, 11, 24))
    client.force_login(admin_user)
    data = {
        "date": "2026-11-24",
        "kind": "day_off",
        "name": "x",
        "source_number": "1/QĐ",
        "source_date": "",
        "note": "",
    }
    response = client.post(reverse("admin:workdays_calendaradjustment_change", args=[row.pk]), data)
    assert response.status_code == 200
    assert CalendarAdjustment.objects.get(pk=row.pk).kind == "working_day"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_adds_a_day_off_next_month_in_the_browser(page, live_server, screenshot, dossier_for_browser):
    dossier = dossier_for_browser
    with time_machine.travel(NOW, tick=True):
        page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/workdays/calendaradjustment/")
        page.fill("input[name=username]", "quantri")
        page.fill("input[name=password]", "mat-khau-thu-nghiem")
        page.keyboard.press("Enter")
        page.wait_for_url("**/calendaradjustment/")
        page.click("text=Áp dụng thông báo lịch nghỉ")
        for name, value in FORM.items():
            if name == "kind":
                page.select_option("select[name=kind]", value)
            else:
                page.fill(f"[name={name}]", value)
        page.click("input[name=preview]")
        result = page.locator("#notice-result")
        assert "Xem trước: 1 hồ sơ đang giải quyết sẽ thay đổi hạn" in result.inner_text()
        assert dossier.code in result.inner_text()
        screenshot(page, "admin-apply-notice-preview")
        page.click("input[name=confirm]")
        result = page.locator("#notice-result")
        assert "Đã ghi thông báo: tính lại hạn 1 hồ sơ đang giải quyết" in result.inner_text()
        assert "Thứ Ba 10/03/2026 09:00" in result.inner_text()
        screenshot(page, "admin-apply-notice-confirmed")
        page.click("text=Tin nhắn đã gửi")
        page.wait_for_load_state()
        screenshot(page, "admin-apply-notice-messages")
        assert "due_date_moved" in page.content()


@pytest.fixture
def dossier_for_browser(transactional_db):
    get_user_model().objects.create_superuser(username="quantri", password="mat-khau-thu-nghiem")
    world = World(time_limit_value=10)
    return world.receive(at=vn(2026, 2, 23, 9, 0))
