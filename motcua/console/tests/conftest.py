import pytest

from motcua.dossiers.tests.factories import World
from motcua.workdays.selectors import invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def world(db) -> World:
    # the catalogue's importer folds the search text; the dossier factory leaves it empty
    return World(name="Đăng ký khai sinh", search_text="dang ky khai sinh 1.000001.000.00.00.h22")


PASSWORD = "mat-khau-thu-nghiem"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def login(browser, live_server):
    """Sign an officer in on the console (password `PASSWORD`) in a fresh browser context, desktop or phone."""
    contexts = []

    def sign_in(user, *, phone=False):
        options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
        context = browser.new_context(locale="vi-VN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/can-bo/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/can-bo/")
        return page

    yield sign_in
    for context in contexts:
        context.close()
