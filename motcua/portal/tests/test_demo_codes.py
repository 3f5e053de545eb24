"""The demo-only page of one-time codes (issue 17): on only in a demo, only the demo's addresses, 404 elsewhere."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.simulation.tryme import DEMO_EMAIL, TRY_ME
from motcua.workdays.calendar import VN_TZ

pytestmark = pytest.mark.django_db
DEMO_PHONE = TRY_ME[0][1]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def code_sent_to(django_capture_on_commit_callbacks):
    """Ask for a sign-in code as a visitor (the code is delivered once the request's transaction commits)."""

    def send(address: str) -> Client:
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/tai-khoan/ma-mot-lan/", {"address": address})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return send


def test_off_by_default_the_page_does_not_exist(client):
    assert client.get("/thu-nghiem/ma-xac-thuc/").status_code == 404


def test_in_a_demo_the_codes_of_the_demo_addresses_are_shown_and_work(settings, client, code_sent_to):
    settings.MOTCUA_DEMO_OUTBOX = True
    signing_in = code_sent_to(DEMO_PHONE)
    code_sent_to(DEMO_EMAIL)
    code_sent_to("0987111222")  # someone else's number typed into a demo: never shown
    page = client.get("/thu-nghiem/ma-xac-thuc/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mã đăng nhập của bạn là" in body
    shown = {m["address"]: m["text"] for m in page.context["outbox"]}
    sent_at = page.context["outbox"][0]["at"].astimezone(VN_TZ)
    assert f"{sent_at:%H:%M:%S %d/%m/%Y}" in body  # Vietnamese time, whatever the server's zone
    assert set(shown) == {DEMO_PHONE, DEMO_EMAIL}
    assert "0987111222" not in body
    code = re.search(r"\b(\d{6})\b", shown[DEMO_PHONE]).group(1)
    verified = signing_in.post("/tai-khoan/ma-mot-lan/xac-nhan/", {"code": code})
    assert verified.status_code == 302  # the code read on the page signs the visitor in


def test_production_never_records_nor_shows_codes(settings, client, code_sent_to):
    settings.MOTCUA_DEMO_OUTBOX = True
    settings.MOTCUA_DEMO_ALLOWED = False  # production settings
    code_sent_to(DEMO_PHONE)
    assert client.get("/thu-nghiem/ma-xac-thuc/").status_code == 404
    settings.MOTCUA_DEMO_ALLOWED = True
    assert client.get("/thu-nghiem/ma-xac-thuc/").context["outbox"] == []  # nothing was kept


def test_check_deploy_warns_when_the_outbox_is_on(settings):
    from motcua.security.checks import check_demo_outbox

    assert check_demo_outbox(None) == []
    settings.MOTCUA_DEMO_OUTBOX = True
    assert [(w.id, w.level) for w in check_demo_outbox(None)] == [("motcua.W010", 30)]  # a warning, not an error
