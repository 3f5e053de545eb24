"""Every page a demo account reaches speaks Vietnamese: no English words, untranslated msgids or code identifiers.

The test seeds a small demo (one province with three communes, the demo catalogue, the demo accounts, the reform
and scorecard demo, a month of simulated dossiers), then follows every link from each account's first screen,
as a person clicking through would, and reads what each page shows (`vietnamese.page_text`). Pages of the same
URL name are visited at most twice. The Django admin is checked on its index only: its other screens are
Django's own translation.
"""

from __future__ import annotations

import collections
import datetime as dt

import pytest
import time_machine
from django.urls import Resolver404, resolve

from motcua.accounts.models import User
from motcua.dossiers.clock import VN_TZ

from .demo_seed import seed_small_demo
from .vietnamese import english_on_page, page_text, same_site_links

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)
SKIP = ("/en/", "/static/", "/media/", "/i18n/", "/api/", "/tai-khoan/dang-xuat/")
ACCOUNTS = [
    None,
    "motcua.tiepnhan",
    "motcua.chuyenvien",
    "motcua.lanhdao",
    "motcua.quanly",
    "motcua.sonoivu",
    "motcua.daumoi",
    "nguoidan",
    "admin",
]


@pytest.fixture
def small_demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    with time_machine.travel(NOW, tick=False):
        return seed_small_demo(now=NOW)


def crawl(client, starts: list[str], *, per_name: int = 2) -> dict[str, list[str]]:
    seen, visits, queue, found = set(), collections.Counter(), list(starts), {}
    while queue:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIP):
            continue
        seen.add(path)
        try:
            match = resolve(path.split("?")[0])
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}"
        if match.namespace == "admin" and match.url_name != "index":
            continue
        if visits[name] >= per_name:
            continue
        visits[name] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text, links = page_text(response.content.decode())
        found[path] = english_on_page(text)
        queue += same_site_links("http://testserver" + path, links)
    return found


def test_every_page_reached_from_the_first_screen_is_vietnamese(small_demo, client):
    problems, reached = {}, {}
    with time_machine.travel(NOW, tick=False):
        for username in ACCOUNTS:
            client.logout()
            starts = ["/"]
            if username:
                client.force_login(User.objects.get(username=username))
                starts += ["/can-bo/", "/bao-cao/", "/cai-cach/", "/ke-hoach-cchc/", "/quan-tri/", "/ca-nhan/"]
            pages = crawl(client, starts)
            reached[username] = len(pages)
            problems.update({f"{username} {path}": found for path, found in pages.items() if found})
    print(reached)
    # every account reaches its screens (officers: inbox, reports, reform; Sở Nội vụ: the scorecard rounds)
    assert min(reached.values()) >= 8
    assert reached["motcua.sonoivu"] >= 40
    assert problems == {}


def test_the_checker_finds_what_the_issue_reported():
    """The page reader flags each example of issue 17 (so a green crawl means something)."""
    examples = {
        "Xếp loại weak": "word: weak",
        "no data in the system for this indicator": "word: data",
        "points = value × 6": "word: points",
        "resolved_early = 246": "identifier: resolved_early",
        "motcua/metrics/index766.yaml": "path: motcua/metrics/index766.yaml",
        "1 ratings": "word: ratings",
        "Unit: Nhập một số tổng thể.": "word: Unit",
    }
    for text, problem in examples.items():
        assert problem in english_on_page(text)
    assert english_on_page("Đăng ký khai sinh · Hồ sơ H22.06660.01-261118-0001 · an@example.com") == []
    text, _links = page_text('<p>Tiếp nhận<button lang="en">English</button><script>var a_b = 1;</script></p>')
    assert text == "Tiếp nhận"
