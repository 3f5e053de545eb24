"""PAKN and ratings in Chromium: the officer finds a complaint in the inbox, accepts it, answers and publishes;
the answer shows on the public answers page (desktop and phone); the ratings page shows the figures.
Screenshots: var/screenshots/console-pakn-*.png, portal-pakn-*.png, console-ratings-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils.translation import gettext, override

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in, vn
from motcua.feedback import services as feedback_services
from motcua.feedback.choices import FeedbackStatus
from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import send_feedback
from motcua.workdays.calendar import VN_TZ

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ANSWER = (
    "Trung tâm đã bố trí thêm hai quầy tiếp nhận vào buổi sáng và áp dụng lấy số thứ tự qua điện thoại từ ngày "
    "01/4/2026. Thời gian chờ trung bình hiện nay dưới 20 phút."
)
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def frozen_clock():
    """The whole test at a fixed moment (seeding, the server thread, the pages): never today's date."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def manager(world):
    user = officer_in(world.one_stop, Role.ONE_STOP_MANAGER)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def complaint(world):
    """A complaint sent now (the inbox's "to handle" queue) and an older one past its reject limit (overdue)."""
    send_feedback(
        unit=world.one_stop,
        at=vn(2026, 3, 2, 9),
        title="Không được hướng dẫn khi nộp hồ sơ đất đai",
        content="Cán bộ không giải thích rõ các giấy tờ cần bổ sung.",
    )
    return send_feedback(
        unit=world.one_stop,
        at=NOW,
        publish_allowed=True,
        title="Thời gian chờ tại quầy quá lâu vào buổi sáng thứ Hai",
        content="Tôi phải chờ hơn hai giờ để được tiếp nhận hồ sơ đăng ký khai sinh cho con.",
        contact_name="Nguyễn Văn An",
        contact="0912345678",
    )


def no_horizontal_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_officer_answers_a_complaint_and_the_answer_is_public(
    login, manager, complaint, live_server, page, phone_page, screenshot
):
    officer = login(manager)
    officer.goto(live_server.url + "/can-bo/phan-anh/")
    rows = officer.get_by_test_id("feedback-rows")
    assert complaint.code in rows.inner_text()
    assert officer.get_by_test_id("tab-overdue").locator(".cs-count").inner_text() == "1"
    screenshot(officer, "console-pakn-inbox")

    officer.click(f"text={complaint.code}")
    officer.wait_for_url(f"**/can-bo/phan-anh/{complaint.code}/")
    assert "0912345678" in officer.inner_text("main")  # the unit sees how to reach the sender
    screenshot(officer, "console-pakn-detail")
    officer.get_by_test_id("accept").click()
    officer.wait_for_load_state()
    officer.get_by_test_id("answer-form").locator("textarea").fill(ANSWER)
    screenshot(officer, "console-pakn-answer-form")
    officer.get_by_test_id("answer-form").locator("button").click()
    officer.wait_for_load_state()
    officer.get_by_test_id("publish").click()
    officer.wait_for_load_state()
    with override("vi"):
        published = gettext("Answer published")
    assert officer.get_by_test_id("feedback-status").inner_text() == published
    screenshot(officer, "console-pakn-published")
    assert Feedback.objects.get(pk=complaint.pk).status == FeedbackStatus.PUBLISHED

    page.goto(live_server.url + "/phan-anh/")
    assert complaint.title in page.inner_text("main")
    screenshot(page, "portal-pakn-answers-desktop")
    page.click(f"text={complaint.title}")
    page.wait_for_url(f"**/phan-anh/{complaint.code}/")
    text = page.inner_text("main")
    assert ANSWER in text
    assert "0912345678" not in text and "Nguyễn Văn An" not in text  # contact details never public
    screenshot(page, "portal-pakn-answer-detail-desktop")

    phone_page.goto(live_server.url + "/phan-anh/")
    screenshot(phone_page, "portal-pakn-answers-phone")
    no_horizontal_overflow(phone_page)
    phone_page.goto(live_server.url + f"/phan-anh/{complaint.code}/")
    assert ANSWER in phone_page.inner_text("main")
    screenshot(phone_page, "portal-pakn-answer-detail-phone")
    no_horizontal_overflow(phone_page)


def test_officer_pakn_screens_fit_a_phone(login, manager, complaint, live_server, screenshot):
    officer = login(manager, phone=True)
    officer.goto(live_server.url + "/can-bo/phan-anh/?tab=overdue")
    assert officer.get_by_test_id("feedback-rows").is_visible()
    screenshot(officer, "console-pakn-inbox-phone")
    no_horizontal_overflow(officer)
    officer.goto(live_server.url + f"/can-bo/phan-anh/{complaint.code}/")
    screenshot(officer, "console-pakn-detail-phone")
    no_horizontal_overflow(officer)


def test_ratings_page_shows_the_figures(login, manager, world, live_server, screenshot):
    _device, token = feedback_services.kiosk_device_register(unit=world.one_stop, name="Máy tính bảng quầy 1")
    for overall, attitude in ((5, 5), (4, 5), (2, 3)):
        feedback_services.rating_submit_at_kiosk(
            unit=world.one_stop, answers={"overall": overall, "attitude": attitude, "time": 4}, device_token=token
        )

    officer = login(manager)
    officer.goto(live_server.url + "/can-bo/danh-gia/")
    card = officer.get_by_test_id("unit-ratings").filter(has_text=world.one_stop.name)
    text = card.inner_text()
    assert "66.67% (2/3)" in text or "66,67% (2/3)" in text
    assert "4.33 / 5 (3)" in text or "4,33 / 5 (3)" in text
    today = NOW.date()
    assert officer.input_value("input[name=start]") == f"01/01/{today.year}"  # the period is shown in the form
    assert officer.input_value("input[name=end]") == f"{today:%d/%m/%Y}"
    screenshot(officer, "console-ratings-desktop")

    phone = login(manager, phone=True)
    phone.goto(live_server.url + "/can-bo/danh-gia/")
    screenshot(phone, "console-ratings-phone")
    no_horizontal_overflow(phone)
