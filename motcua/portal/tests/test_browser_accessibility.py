"""axe-core on every page the demo accounts reach, at desktop and phone sizes (issue 17).

The pages are found as `test_every_page_vietnamese` finds them (following links from each account's first
screen, at most one page per URL name), then opened in Chromium with the account's session. Each must have no
axe violation of impact critical, serious or moderate, every `aria-describedby`/`aria-labelledby` must name
elements that exist, and officer pages must not scroll sideways at 390 px. axe-core comes with the
`axe-playwright-python` package (the same engine the browser extensions run).
"""

from __future__ import annotations

import collections
import datetime as dt
import re

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from django.urls import resolve

from motcua.accounts.models import User
from motcua.workdays.calendar import VN_TZ

from .demo_seed import seed_small_demo
from .test_every_page_vietnamese import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)
BLOCKING = {"critical", "serious", "moderate"}
STARTS = ["/can-bo/", "/bao-cao/", "/cai-cach/", "/ke-hoach-cchc/", "/ca-nhan/", "/tai-khoan/thong-tin-ca-nhan/"]
PRINTED = re.compile(r"/mau/\d+/|/so-theo-doi/")
PHONE_CHECKED = (
    "/can-bo/",
    "/bao-cao/",
    "/thu-tuc/",
    "/phan-anh/",
    "/tra-cuu/",
    "/ca-nhan/",
    "/tai-khoan/",
    "/thong-ke/",
)
ACCOUNTS = [None, "nguoidan", "motcua.tiepnhan", "motcua.chuyenvien", "motcua.lanhdao", "motcua.sonoivu"]


@pytest.fixture(autouse=True)
def frozen_clock():
    """The whole test at a fixed moment (seeding, the server thread, the pages): never today's date."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


MISSING_IDREFS = """() => {
  const missing = [];
  for (const el of document.querySelectorAll("[aria-describedby], [aria-labelledby], [aria-controls]")) {
    for (const name of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
      for (const id of (el.getAttribute(name) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${name}=${id}`);
      }
    }
  }
  return missing;
}"""


@pytest.fixture
def demo(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    return seed_small_demo(now=NOW)


def pages_of(client, username, checked: set[str]) -> list[str]:
    """One page per URL name not yet checked with an earlier account."""
    client.logout()
    starts = ["/"]
    if username:
        client.force_login(User.objects.get(username=username))
        starts += STARTS
    paths = []
    for path in sorted(crawl(client, starts, per_name=1)):
        match = resolve(path.split("?")[0])
        name = f"{match.namespace}:{match.url_name}"
        if name not in checked:
            checked.add(name)
            paths.append(path)
    return paths


def test_every_page_passes_axe_and_officer_pages_fit_a_phone(demo, browser, live_server, client, screenshot):
    axe = Axe()
    counts, problems, visited, checked = collections.Counter(), [], 0, set()
    for username in ACCOUNTS:
        paths = pages_of(client, username, checked)
        cookies = (
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            if username
            else []
        )
        for size in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
            context = browser.new_context(locale="vi-VN", viewport=size)
            context.add_cookies(cookies)
            page = context.new_page()
            page.set_default_timeout(15_000)
            for path in paths:
                if size["width"] == 390 and not (path == "/" or path.startswith(PHONE_CHECKED)):
                    continue
                page.goto(live_server.url + path)
                visited += 1
                for violation in axe.run(page).response["violations"]:
                    counts[violation["impact"]] += 1
                    if violation["impact"] in BLOCKING:
                        problems.append(f"{username} {size['width']} {path}: {violation['id']} ({violation['impact']})")
                for idref in page.evaluate(MISSING_IDREFS):
                    problems.append(f"{username} {path}: missing {idref}")
                # printable forms (01–07) are A5/A4 sheets by law (TT 01/2018 annexes): they keep their width
                if size["width"] == 390 and path.startswith("/can-bo/") and not PRINTED.search(path):
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > 391:
                        problems.append(f"{username} {path}: {width}px wide at 390 px")
            if username == "motcua.tiepnhan" and size["width"] == 390:
                page.goto(live_server.url + "/can-bo/?tab=all")
                screenshot(page, "a11y-officer-inbox-phone")
            context.close()
    print(f"axe: {visited} page views, violations by impact: {dict(counts)}")
    print("\n".join(sorted(set(problems))))
    assert visited > 60
    assert problems == []
