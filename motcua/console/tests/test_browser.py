"""The real flow in Chromium: receive at the counter → receipt (form 01) → forward → appraise → approve → sign →
return; a supplement round (form 02); an extension (form 04). Screenshots in var/screenshots/console-*.png."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers import clock
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.workdays.calendar import VN_TZ

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = DossierStatus


@pytest.fixture
def people(world):
    for user in (world.counter, world.specialist, world.leader):
        user.set_password(PASSWORD)
        user.save()
    return world


def act(page, action: str, fields: dict | None = None, selects: dict | None = None, values: dict | None = None):
    box = page.locator(f"details[data-action={action}]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in (fields or {}).items():
        box.locator(f"[name='{action}-{name}']").fill(value)
    for name, label in (selects or {}).items():
        box.locator(f"select[name='{action}-{name}']").select_option(label=label)
    for name, value in (values or {}).items():
        box.locator(f"select[name='{action}-{name}']").select_option(value=value)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()


def receive_at_counter(page, world, screenshot=None) -> Dossier:
    page.click("text=" + page.locator("a[accesskey=n]").inner_text())
    page.fill("#cs-proc-q", "khai sinh")
    page.wait_for_selector("#cs-proc-results li.active")
    if screenshot:
        screenshot(page, "console-intake-search")
    page.press("#cs-proc-q", "Enter")
    page.wait_for_selector("input[name=applicant_name]")
    page.fill("input[name=applicant_name]", "Nguyễn Văn An")
    page.fill("input[name=applicant_id_number]", "001099012345")
    page.fill("input[name=applicant_phone]", "0912345678")
    page.fill("input[name=applicant_address]", "Số 1 Lê Lợi, phường Hồng Gai")
    for checkbox in page.locator("input[name=presented]").all():
        checkbox.check()
    if screenshot:
        screenshot(page, "console-intake-form")
    page.click("button.cs-submit")
    page.wait_for_url("**/can-bo/ho-so/**")
    return Dossier.objects.get(applicant_id_number="001099012345", status=S.RECEIVED)


def test_receive_forward_appraise_approve_and_return(people, login, live_server, screenshot):
    world = people
    counter = login(world.counter)
    screenshot(counter, "console-inbox-empty")
    dossier = receive_at_counter(counter, world, screenshot)
    assert dossier.code in counter.locator("h1").inner_text()
    screenshot(counter, "console-dossier-received")

    # the due date is the calendar's own computation from the clock start
    cal = clock.get_calendar()
    expected_due = clock.limit_due(cal, cal.clock_start(dossier.received_at), dossier.time_limit_value, "working_days")
    assert dossier.due_at == expected_due
    counter.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/mau/01/")
    counter.emulate_media(media="print")
    receipt = counter.locator("article.of-sheet").inner_text()
    due = dossier.due_at.astimezone(VN_TZ)
    assert dossier.code in receipt
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d} tháng {due:%m} năm {due:%Y}" in receipt
    assert counter.locator(".of-qr svg").count() == 1
    screenshot(counter, "console-form-01-print")
    counter.emulate_media(media="screen")

    counter.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    act(counter, "forward", selects={"to_unit": world.department.name})
    assert Dossier.objects.get(pk=dossier.pk).status == S.IN_PROGRESS

    specialist = login(world.specialist)
    specialist.click(f"a:has-text('{dossier.code}')")
    act(specialist, "appraise", fields={"opinion": "Hồ sơ hợp lệ, đủ điều kiện."})
    assert Dossier.objects.get(pk=dossier.pk).status == S.AWAITING_APPROVAL

    leader = login(world.leader)
    leader.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    act(leader, "approve")
    act(leader, "sign")
    assert Dossier.objects.get(pk=dossier.pk).status == S.RESULT_READY

    counter.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    act(counter, "deliver", values={"method": "counter"})
    done = Dossier.objects.get(pk=dossier.pk)
    assert done.status == S.DELIVERED
    screenshot(counter, "console-dossier-delivered")

    counter.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/mau/06/")
    counter.emulate_media(media="print")
    assert world.department.name in counter.locator("table.of-table").inner_text()
    screenshot(counter, "console-form-06-print")
    counter.goto(live_server.url + f"/can-bo/so-theo-doi/?nam={dossier.register_year}")
    assert dossier.code in counter.locator("table.of-register").inner_text()
    screenshot(counter, "console-form-07-print")


def test_supplement_round_and_extension(people, login, live_server, screenshot):
    world = people
    counter = login(world.counter)
    dossier = receive_at_counter(counter, world)
    act(counter, "forward", selects={"to_unit": world.department.name})

    specialist = login(world.specialist)
    specialist.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    act(
        specialist,
        "request_supplement",
        fields={"items": "Bản sao giấy chứng sinh\nTờ khai có chữ ký của người yêu cầu"},
    )
    assert Dossier.objects.get(pk=dossier.pk).status == S.AWAITING_SUPPLEMENT
    specialist.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/mau/02/")
    specialist.emulate_media(media="print")
    notice = specialist.locator("article.of-sheet").inner_text()
    assert "Bản sao giấy chứng sinh" in notice and "Tờ khai có chữ ký của người yêu cầu" in notice
    screenshot(specialist, "console-form-02-print")

    counter.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    act(counter, "supplement_received")
    assert Dossier.objects.get(pk=dossier.pk).status == S.IN_PROGRESS

    leader = login(world.leader)
    leader.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    current = Dossier.objects.get(pk=dossier.pk)
    new_day = (current.due_at.astimezone(VN_TZ) + dt.timedelta(days=7)).date()
    act(leader, "extend", fields={"new_due_date": f"{new_day:%d/%m/%Y}", "apology": "Cần xác minh thêm thông tin."})
    extended = Dossier.objects.get(pk=dossier.pk)
    assert extended.extension_count == 1
    assert extended.due_at.astimezone(VN_TZ).date() == new_day
    screenshot(leader, "console-dossier-extended")
    leader.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/mau/04/")
    leader.emulate_media(media="print")
    letter = leader.locator("article.of-sheet").inner_text()
    assert f"ngày {new_day:%d} tháng {new_day:%m} năm {new_day:%Y}" in letter
    screenshot(leader, "console-form-04-print")

    # the extension is used: it is no longer offered (the service would refuse it, ND 61/2018 art 19.7)
    leader.emulate_media(media="screen")
    leader.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    assert leader.locator("details[data-action=extend]").count() == 0
    assert leader.locator("details[data-action=reject]").count() == 1


def test_incomplete_dossier_at_the_counter_is_recorded_and_continues_when_completed(
    people, login, live_server, screenshot
):
    world = people
    counter = login(world.counter)
    counter.goto(live_server.url + f"/can-bo/tiep-nhan/?thu_tuc={world.procedure.pk}")
    counter.fill("input[name=applicant_name]", "Phạm Thị Dung")
    counter.fill("input[name=applicant_phone]", "0933444555")
    counter.locator("input[name=presented]").first.check()
    counter.click("button.cs-submit")
    counter.wait_for_selector(".cs-incomplete")
    screenshot(counter, "console-intake-incomplete")
    counter.click(".cs-incomplete button.primary")
    counter.wait_for_url("**/mau/02/")
    dossier = Dossier.objects.get(applicant_name="Phạm Thị Dung")
    assert dossier.status == S.AWAITING_SUPPLEMENT
    notice = counter.locator("article.of-sheet").inner_text()
    assert "Giấy chứng sinh" in notice and dossier.code in notice
    screenshot(counter, "console-counter-form-02")

    counter.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    act(counter, "supplement_received")
    assert Dossier.objects.get(pk=dossier.pk).status == S.SUBMITTED
    box = counter.locator("details[data-action=receive][open]")  # the state's main step, opened
    for checkbox in box.locator("input[type=checkbox]").all():
        checkbox.check()
    box.locator("button[type=submit]").click()
    counter.wait_for_load_state()
    received = Dossier.objects.get(pk=dossier.pk)
    assert received.status == S.RECEIVED and received.code == dossier.code


def test_provisional_due_date_is_marked_on_the_dossier_page_and_the_receipt(people, login, live_server, screenshot):
    """Received 29/12/2026 with 5 working days: due in January 2027, whose notice is not on file."""
    from motcua.workdays.models import CalendarYear
    from motcua.workdays.selectors import invalidate_calendar

    # a transactional test may run after a flush that removed the shipped rows: 2026's notice is on file
    CalendarYear.objects.get_or_create(year=2026, defaults={"notice_number": "9441/TB-BNV"})
    invalidate_calendar()
    dossier = people.receive(at=dt.datetime(2026, 12, 29, 9, 0, tzinfo=VN_TZ))
    page = login(people.counter)
    page.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    mark = page.locator(".due-provisional").first
    assert mark.inner_text() == "dự kiến — lịch nghỉ năm 2027 chưa có thông báo chính thức"
    screenshot(page, "console-dossier-provisional-due")
    page.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/mau/01/")
    assert "dự kiến — lịch nghỉ năm 2027" in page.locator("p:has(.of-due)").inner_text()
    screenshot(page, "console-form-01-provisional-due")
