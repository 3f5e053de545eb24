"""A due date that crosses a year without its official calendar notice (docs/domain/deadlines.md §1.3) carries a
small "dự kiến" mark on the dossier page and on the receipt (form 01); recording the notice removes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.tests.factories import vn
from motcua.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db
MARK = "dự kiến — lịch nghỉ năm 2027 chưa có thông báo chính thức"


def test_dossier_due_in_2027_shows_the_provisional_mark_on_the_page_and_the_receipt(client, world):
    dossier = world.receive(at=vn(2026, 12, 29, 9, 0))  # 5 working days → January 2027
    assert dossier.due_at.year == 2027
    client.force_login(world.counter)
    page = client.get(reverse("console:dossier", args=[dossier.code])).content.decode()
    receipt = client.get(reverse("console:dossier_form", args=[dossier.code, "01"])).content.decode()
    assert MARK in page
    assert MARK in receipt


def test_dossier_due_inside_an_official_year_has_no_mark(client, world):
    dossier = world.receive(at=vn(2026, 3, 2, 9, 0))
    client.force_login(world.counter)
    page = client.get(reverse("console:dossier", args=[dossier.code])).content.decode()
    receipt = client.get(reverse("console:dossier_form", args=[dossier.code, "01"])).content.decode()
    assert "dự kiến" not in page
    assert "dự kiến" not in receipt


def test_recording_the_2027_notice_removes_the_mark(client, world):
    dossier = world.receive(at=vn(2026, 12, 29, 9, 0))
    CalendarYear.objects.create(year=2027, notice_number="9999/TB-BNV")
    client.force_login(world.counter)
    assert MARK not in client.get(reverse("console:dossier", args=[dossier.code])).content.decode()
