"""Project-wide pytest fixtures: browser (Playwright driving Debian's Chromium) and screenshots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


SCREENSHOT_DIR = Path(__file__).parent / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str:
    path = os.environ.get("MOTCUA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium not found: run 'make test' (it installs Debian's chromium) or set MOTCUA_CHROMIUM.")
    return path


def pytest_addoption(parser):
    parser.addoption(
        "--clock-at",
        metavar="ISO-MOMENT",
        help="run the session with the wall clock moved to this moment, still ticking (the moved-clock passes of "
        "`make test`, docs/testing.md); tests that freeze their own clock still do",
    )


def pytest_configure(config):
    moment = config.getoption("--clock-at")
    if moment:
        import datetime as dt

        import time_machine

        when = dt.datetime.fromisoformat(moment)
        if when.tzinfo is None:
            raise pytest.UsageError("--clock-at needs a time zone, e.g. 2030-01-02T08:00+07:00")
        config._moved_clock = time_machine.travel(when, tick=True)
        config._moved_clock.start()


def pytest_unconfigure(config):
    traveller = getattr(config, "_moved_clock", None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    moment = config.getoption("--clock-at")
    return [f"wall clock moved to {moment} (time-machine, ticking)"] if moment else []


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def wait_for_pdf_check(settings):
    """`wait_for_pdf_check(page, action)` runs `action` (a click that submits to /xac-thuc/ with `no_wait_after`) and
    waits for the answer as long as the sandboxed PDF check may take (its wall limit,
    `MOTCUA_PDF_CHECK_LIMITS["wall_seconds"]`, 60 s in the test settings), not the page's 15 s default: on a busy
    machine the child's start-up alone can pass 15 s (a CI failure of 2026-12-07)."""
    seconds = float(settings.MOTCUA_PDF_CHECK_LIMITS.get("wall_seconds", 10)) + 15

    def wait(page, action) -> None:
        with page.expect_navigation(timeout=seconds * 1000):
            action()

    return wait


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under var/screenshots/NAME.png for a person to look at."""

    def take(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Vietnamese). Django's LocaleMiddleware activates a request's
    language in the thread and never deactivates it, so a test that fetched an /en/ page left English active for
    the next test's direct service calls (their error messages came out in English)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
