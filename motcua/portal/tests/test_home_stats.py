"""The home page leads with the most used services, life events and a contact block; the public statistics page
(`/thong-ke/`) shows on-time, online and satisfaction figures per unit from the rollups, to yesterday (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from motcua.catalog.models import LifeEvent
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import ProcedureFactory, World, vn
from motcua.metrics.models import DailyRollup
from motcua.workdays.calendar import VN_TZ

from .demo_seed import seed_small_demo

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_home_without_dossiers_offers_services_to_start_with_and_life_events(client, settings):
    settings.MOTCUA_HOTLINE = "0203 3 123 456"
    online = ProcedureFactory(name="Đăng ký khai sinh", online_level="full")
    ProcedureFactory(name="Chứng thực bản sao", online_level="partial")
    LifeEvent.objects.create(name="Sinh con", search_name="sinh con").procedures.add(online)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dịch vụ thường dùng" in body and "Dịch vụ được sử dụng nhiều nhất" not in body
    names = [p.name for p in page.context["procedures"]]
    assert names[0] == "Đăng ký khai sinh"  # fully online first in the fallback
    assert "Sự kiện cuộc sống" in body and "Sinh con" in body
    assert 'href="tel:02033123456"' in body and "Đường dây nóng" in body
    assert reverse("stats:public") in body
    assert "What this system holds" not in body and "Hệ thống đang có" not in body


def _receive(world, procedure, at: dt.datetime, times: int = 1) -> None:
    with time_machine.travel(at, tick=False):
        for _ in range(times):
            services.dossier_receive_at_counter(
                officer=world.counter,
                unit=world.one_stop,
                procedure=procedure,
                applicant_name="Lê Văn Cường",
                presented_document_ids=list(procedure.documents.values_list("pk", flat=True)),
            )


def test_home_ranks_services_by_dossiers_received_in_the_last_12_months(client):
    world = World(name="Đăng ký khai sinh")
    rare = ProcedureFactory(name="Đăng ký kết hôn")
    old = ProcedureFactory(name="Cấp bản sao trích lục")
    _receive(world, world.procedure, vn(2026, 11, 2, 9, 0), times=3)
    _receive(world, rare, vn(2026, 11, 3, 9, 0))
    _receive(world, old, vn(2025, 10, 1, 9, 0), times=5)  # more than 12 months before NOW: not counted
    assert DailyRollup.objects.filter(procedure=old).exists()
    with time_machine.travel(NOW, tick=False):
        page = client.get("/")
    assert page.context["measured"] is True
    assert [p.name for p in page.context["procedures"]] == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert "Dịch vụ được sử dụng nhiều nhất" in page.content.decode()


@pytest.fixture
def small_demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    with time_machine.travel(NOW, tick=False):
        return seed_small_demo(now=NOW)


def test_public_statistics_show_rates_per_unit_to_yesterday_without_personal_data(small_demo, client):
    with time_machine.travel(NOW, tick=False):
        page = client.get("/thong-ke/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Số liệu cập nhật đến hết ngày 17/11/2026 (tính từ ngày 01/01/2026)" in body
    stats = page.context["stats"]
    assert stats.end == dt.date(2026, 11, 17) and stats.unit_name == "Tỉnh Quảng Ninh"
    assert stats.total.received > 0 and stats.total.resolved > 0
    assert sum(r.received for r in stats.rows) == stats.total.received
    assert page.context["units"][0].name == "Tỉnh Quảng Ninh"
    assert "Phường Hà Tu" in [u.name for u in page.context["units"]]
    # nothing personal: no applicant name, phone or dossier code of the simulated traffic
    for dossier in Dossier.objects.all()[:50]:
        assert dossier.applicant_name not in body
        assert dossier.code not in body


def test_public_statistics_of_a_commune_and_a_garbage_choice(small_demo, client):
    commune = next(u for u in small_demo.children.all() if u.name == "Phường Hà Tu")
    with time_machine.travel(NOW, tick=False):
        page = client.get("/thong-ke/", {"don-vi": commune.pk})
        assert page.context["stats"].unit_name == "Phường Hà Tu"
        garbage = client.get("/thong-ke/", {"don-vi": "x' OR 1=1"})
    assert garbage.status_code == 200
    assert "đang hiển thị số liệu toàn tỉnh" in garbage.content.decode()


def test_public_statistics_are_read_once_a_day(small_demo, client, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        client.get("/thong-ke/")
        with django_assert_max_num_queries(6):
            assert client.get("/thong-ke/").status_code == 200
