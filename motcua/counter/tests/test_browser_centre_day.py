"""One day at a commune centre, walked in Chromium as a new user would (issue 21, "Done means"): a citizen takes a
queue number on the phone, the counter officer calls and serves it while the public display follows; a citizen books
an appointment; the officer receives the birth + residence + health-insurance bundle at the counter and prints the
one receipt; each agency's officer moves their part and the bundle view shows each part's time; the officer
certifies an electronic copy from a scanned original, the citizen finds it in their data store and attaches it to
another dossier; the leader reads the commitment-kept rate beside the legal on-time rate and the officers' yearly
grading. Officers sign in through the sign-in form, the citizen with a one-time code, and pages are reached through
the top menu. The clock is frozen (ticking) on a working Wednesday. Screenshots: /work/notes/shots/centreday/."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.bundles.models import Bundle
from motcua.bundles.tests.conftest import BundleWorld, birth_papers
from motcua.catalog.services import commitment_set
from motcua.certify.tests.conftest import scan
from motcua.core.tests.test_browser_nav import PASSWORD, sign_in
from motcua.counter.models import Appointment, Counter, ServiceGroup
from motcua.datastore.models import DocumentReuse
from motcua.dossiers.tests.factories import OfficerFactory, ProcedureFactory
from motcua.sso.models import ExternalIdentity
from motcua.workdays.calendar import VN_TZ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# A working Wednesday morning, before the bundles' 15:00 cut-off; the live server runs in this process.
NOW = dt.datetime(2026, 11, 18, 9, 0, tzinfo=VN_TZ)
BORN = NOW.date() - dt.timedelta(days=40)
FULL_MARKS = "Hoàn thành 100% nhiệm vụ (từ 5 điểm trở lên)"
NOTES = Path("/work/notes/shots/centreday")
FIXES = Path("/work/notes/shots/fixes2")  # the pages changed after this walk's findings
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def centre(monkeypatch):
    """The bundles' commune (BundleWorld) with a queue, a certifying credential, a commitment and a leader."""
    from motcua.certify.tests.conftest import PASSPHRASE_ENV
    from motcua.esign.services import signing_credential_create
    from motcua.esign.tests.pki import make_pki

    bw = BundleWorld()
    pki = make_pki(signer_name="Ủy ban nhân dân xã Tân Lập")
    cache.clear()  # rate-limit counters of earlier browser tests live in the cache
    bw.civil = ServiceGroup.objects.create(
        centre=bw.centre, letter="A", name="Hộ tịch, chứng thực", slot_minutes=30, slot_capacity=2
    )
    bw.counter1 = Counter.objects.create(centre=bw.centre, number=1)
    bw.counter1.groups.set([bw.civil])
    # the commune's counter officer also certifies copies in the People's Committee's name
    Membership.objects.create(user=bw.centre_officer, unit=bw.committee, role=Role.COUNTER_OFFICER)
    # ... and is the commune's civil-status officer, who appraises birth registrations
    Membership.objects.create(user=bw.centre_officer, unit=bw.committee, role=Role.SPECIALIST)
    # the provincial police's officer receives the police's parts at its own desk
    Membership.objects.create(user=bw.police_officer, unit=bw.police, role=Role.COUNTER_OFFICER)
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    signing_credential_create(
        unit=bw.committee, name="Chứng thư số UBND xã", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )
    birth_papers(bw)
    commitment_set(
        procedure_code="1.001193",
        scope=bw.province,
        value=Decimal(4),
        unit="working_hours",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
        decision_issuer="UBND tỉnh Thử Nghiệm",
    )
    # another procedure the citizen files online at the centre, with two papers
    bw.other = ProcedureFactory(name="Cấp bản sao trích lục hộ tịch", online_level="full")
    bw.leader = OfficerFactory(
        full_name="Phạm Văn Lãnh",
        memberships=[(bw.committee, Role.UNIT_LEADER), (bw.centre, Role.ONE_STOP_MANAGER)],
    )
    bw.citizen.email = "mai@example.com"
    bw.citizen.save(update_fields=["email"])
    # her number as the identity provider verified it at an earlier sign-in: what links a certified copy to her
    # account and data store (motcua.certify, only a verified number counts)
    ExternalIdentity.objects.create(
        user=bw.citizen, provider="vneid", issuer="https://vneid.example", subject="mai", id_number="001190012345"
    )
    for user in (bw.centre_officer, bw.police_officer, bw.leader):
        user.set_password(PASSWORD)
        user.save()
    return bw


def shot(page, screenshot, name: str) -> None:
    path = screenshot(page, f"centreday-{name}")
    if NOTES.parent.is_dir():
        NOTES.mkdir(exist_ok=True)
        shutil.copy(path, NOTES / path.name)


def fix_shot(page, screenshot, name: str) -> None:
    path = screenshot(page, f"fixes2-{name}")
    if FIXES.parent.is_dir():
        FIXES.mkdir(exist_ok=True)
        shutil.copy(path, FIXES / path.name)


def tabs_on_one_line(page) -> bool:
    """The reports' tab bar shows all its tabs on one line (no tab wrapped alone to a second line)."""
    return page.evaluate("new Set([...document.querySelectorAll('.rp-tabs a')].map((a) => a.offsetTop)).size === 1")


def new_page(browser, *, phone: bool = False):
    if phone:
        context = browser.new_context(
            locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.add_init_script(LISTEN)
    return page


def menu(page, group: str, link: str) -> None:
    """Open a group of the top menu with the keyboard and follow one of its links."""
    page.locator(f"#main-nav details[data-nav-group={group}] summary").focus()
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.locator(f"#main-nav details[data-nav-group={group}]").get_by_role("link", name=link, exact=True).click()


def officer_signs_in(browser, live_server, user, next_url: str):
    page = new_page(browser)
    sign_in(page, live_server, user, next_url)
    return page


def citizen_signs_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/")
    if page.locator("button.menu-toggle").is_visible():  # on a phone the menu folds behind one button
        page.click("button.menu-toggle")
    page.locator("#main-nav").get_by_role("link", name="Đăng nhập").click()
    page.fill("#id_address", email)
    page.locator("[data-testid=citizen-signin] button[type=submit]").click()
    page.get_by_test_id("citizen-verify").wait_for()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.locator("[data-testid=citizen-verify] button[type=submit]").click()


def act(page, action: str, note: str = "") -> None:
    """Open an action of the officer's dossier page, type the note if it asks for one, and submit it."""
    box = page.locator(f"details[data-action={action}]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    if note and box.locator("textarea").count():
        box.locator("textarea").first.fill(note)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()


def no_csp_violation(page) -> None:
    assert page.evaluate("window.__csp") == []


def test_a_day_at_the_commune_centre(centre, live_server, browser, screenshot, tmp_path):
    c = centre
    base = live_server.url

    # 1. A citizen takes a queue number on the phone, through the public menu, with the keyboard.
    phone = new_page(browser, phone=True)
    phone.goto(base + "/")
    phone.click("button.menu-toggle")
    phone.locator("#main-nav").get_by_role("link", name="Lấy số thứ tự").click()
    phone.wait_for_url("**/xep-hang/")
    phone.get_by_role("link", name="Lấy số thứ tự").last.click()
    phone.wait_for_url(f"**/xep-hang/trung-tam/{c.centre.code}/")
    phone.get_by_role("button", name="Hộ tịch, chứng thực").focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.get_by_test_id("ticket-number").inner_text() == "A001"
    ticket = phone.url
    shot(phone, screenshot, "01-ticket-phone")
    no_csp_violation(phone)

    display = new_page(browser)
    display.goto(base + f"/xep-hang/trung-tam/{c.centre.code}/man-hinh/")

    # 2. The counter officer signs in, opens counter 1 from the menu and calls the next number with the keyboard.
    officer = officer_signs_in(browser, live_server, c.centre_officer, "/can-bo/")
    menu(officer, "desks", "Quầy phục vụ")
    officer.get_by_role("link", name="Quầy 1").click()
    officer.wait_for_url("**/xep-hang/quay/*/")
    officer.get_by_test_id("call-next").focus()
    with officer.expect_navigation():
        officer.keyboard.press("Enter")
    assert "Mời số A001" in officer.inner_text("main")
    shot(officer, screenshot, "02-desk-calling")
    display.get_by_test_id("counter-1").locator(".q-number", has_text="A001").wait_for(timeout=25_000)
    shot(display, screenshot, "03-display")
    no_csp_violation(display)
    phone.goto(ticket)
    assert "quầy 1" in phone.get_by_test_id("called").inner_text()
    shot(phone, screenshot, "04-ticket-called-phone")
    # served: the officer marks the number done
    served = officer.get_by_role("button", name=re.compile("Đã phục vụ|Hoàn thành|Xong"))
    with officer.expect_navigation():
        served.first.click()
    shot(officer, screenshot, "05-desk-served")
    no_csp_violation(officer)

    # 3. The citizen signs in with a one-time code and books an appointment slot with the keyboard.
    citizen = phone
    citizen_signs_in(citizen, live_server, "mai@example.com")
    citizen.click("button.menu-toggle")
    with citizen.expect_navigation():
        citizen.locator("#main-nav").get_by_role("link", name="Lấy số thứ tự").click()
    citizen.get_by_role("link", name="Đặt lịch hẹn").click()
    citizen.wait_for_url("**/dat-lich/")
    citizen.get_by_label("Dịch vụ").focus()
    citizen.keyboard.press("ArrowDown")
    citizen.get_by_label("Ngày (chỉ ngày làm việc)").focus()
    citizen.keyboard.press("ArrowDown")
    citizen.keyboard.press("Tab")
    citizen.keyboard.press("Enter")
    citizen.wait_for_url("**ngay=**")
    citizen.locator("input[name=slot]:not([disabled])").first.focus()
    citizen.keyboard.press("Space")
    assert citizen.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Mai"
    shot(citizen, screenshot, "06-book-phone")
    citizen.get_by_role("button", name="Đặt giờ này").focus()
    citizen.keyboard.press("Enter")
    citizen.wait_for_url("**/xep-hang/lich-hen/")
    assert "Đã đặt lịch hẹn" in citizen.inner_text("main")
    shot(citizen, screenshot, "07-appointments-phone")
    assert Appointment.objects.get().centre_id == c.centre.pk

    # 4. The counter officer receives the birth bundle at the counter and prints the one receipt.
    menu(officer, "dossiers", "Trang cán bộ")
    officer.goto(base + "/can-bo/tiep-nhan/")
    officer.get_by_test_id("intake-bundle-link").click()
    officer.wait_for_url("**/lien-thong/can-bo/tiep-nhan/")
    officer.get_by_test_id("counter-definitions").get_by_role("link", name="Liên thông đăng ký khai sinh").click()
    officer.wait_for_url("**/lien-thong/can-bo/tiep-nhan/LT-KHAISINH/")
    officer.get_by_label("Quầy tiếp nhận").select_option(str(c.centre.pk))
    officer.get_by_label("Họ và tên").first.focus()
    officer.keyboard.type("Nguyễn Thị Mai")
    officer.keyboard.press("Tab")
    officer.keyboard.type("001190012345")
    officer.keyboard.press("Tab")
    officer.keyboard.type("0912345678")
    officer.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Trần Minh Khang")
    officer.get_by_label("Ngày sinh của trẻ").focus()
    officer.keyboard.type(BORN.strftime("%d/%m/%Y"))
    for paper in ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"):
        officer.get_by_label(paper).focus()
        officer.keyboard.press("Space")
    shot(officer, screenshot, "08-bundle-intake")
    officer.get_by_role("button", name="Tiếp nhận và in giấy hẹn").focus()
    with officer.expect_navigation():
        officer.keyboard.press("Enter")
    bundle = Bundle.objects.get()
    officer.wait_for_url(f"**/lien-thong/can-bo/{bundle.code}/giay-hen/")
    assert officer.get_by_test_id("receipt-code").inner_text() == bundle.code
    shot(officer, screenshot, "09-bundle-receipt")
    no_csp_violation(officer)

    # 5. Each agency's officer moves their part: the centre forwards the birth registration to the commune's People's
    # Committee, the police officer receives the residence part at the police's desk; the bundle view shows each
    # part's holder and working time against its budget.
    birth = bundle.parts.get(component__order=1).dossier
    residence = bundle.parts.get(component__order=2).dossier
    menu(officer, "dossiers", "Hồ sơ liên thông")
    officer.get_by_role("link", name=bundle.code).click()
    officer.wait_for_url(f"**/lien-thong/can-bo/{bundle.code}/")
    officer.get_by_role("link", name=birth.code).click()
    officer.wait_for_url(f"**/can-bo/ho-so/{birth.code}/")
    forward = officer.locator("details[data-action=forward]")
    if forward.get_attribute("open") is None:
        forward.locator("summary").click()
    forward.locator("select").first.select_option(label="Ủy ban nhân dân xã Tân Lập")
    shot(officer, screenshot, "10-birth-part-forward")
    with officer.expect_navigation():
        forward.get_by_role("button", name="Chuyển xử lý").click()
    assert "Ủy ban nhân dân xã Tân Lập" in officer.inner_text("main")
    shot(officer, screenshot, "11-birth-part-forwarded")
    act(officer, "appraise", "Đủ điều kiện đăng ký khai sinh.")
    # the commune's leader approves and signs the birth registration, within the committed 4 working hours
    leader = officer_signs_in(browser, live_server, c.leader, f"/can-bo/ho-so/{birth.code}/")
    act(leader, "approve")
    act(leader, "sign")
    birth.refresh_from_db()
    assert birth.status == "result_ready", birth.status
    shot(leader, screenshot, "11b-birth-part-signed")

    police = officer_signs_in(browser, live_server, c.police_officer, "/can-bo/")
    menu(police, "dossiers", "Hồ sơ liên thông")
    shot(police, screenshot, "12-police-bundles")
    police.get_by_role("link", name=bundle.code).click()
    police.wait_for_url(f"**/lien-thong/can-bo/{bundle.code}/")
    police.get_by_role("link", name=residence.code).click()
    police.wait_for_url(f"**/can-bo/ho-so/{residence.code}/")
    receive = police.locator("details[data-action=receive]")
    if receive.get_attribute("open") is None:
        receive.locator("summary").click()
    shot(police, screenshot, "13-residence-part-receive")
    with police.expect_navigation():
        receive.get_by_role("button", name="Tiếp nhận").click()
    residence.refresh_from_db()
    assert residence.status == "received"
    shot(police, screenshot, "14-residence-part-received")
    menu(police, "dossiers", "Hồ sơ liên thông")
    police.get_by_role("link", name=bundle.code).click()
    police.wait_for_url(f"**/lien-thong/can-bo/{bundle.code}/")
    parts = police.get_by_test_id("parts").inner_text()
    assert "Giờ làm việc đã dùng / được giao" in parts
    for agency in ("Trung tâm Phục vụ hành chính công xã Tân Lập", "Công an tỉnh", "Bảo hiểm xã hội tỉnh"):
        assert agency in parts
    assert "/ 8,0 giờ" in parts and parts.count("/ 16,0 giờ") == 2  # the birth's day, then 2 days each
    shot(police, screenshot, "15-bundle-view-per-agency")

    # 6. Certify an electronic copy from the scanned original.
    pages = []
    for n in (1, 2):
        upload = scan(f"trang-{n}.png")
        path = tmp_path / upload.name
        path.write_bytes(upload.read())
        pages.append(str(path))
    menu(officer, "dossiers", "Chứng thực bản sao")
    officer.get_by_role("link", name="Chứng thực bản sao", exact=True).last.click()
    officer.wait_for_url("**/chung-thuc/moi/")
    officer.get_by_label("Họ tên người yêu cầu").fill("Nguyễn Thị Mai")
    officer.get_by_label("Số định danh cá nhân của người yêu cầu").fill("001190012345")
    officer.get_by_label("Giấy tờ được chứng thực").fill("Giấy khai sinh của mẹ")
    officer.get_by_label("Các trang quét của bản chính (JPEG hoặc PNG, mỗi trang một tệp)").set_input_files(pages)
    shot(officer, screenshot, "20-certify-form")
    officer.get_by_role("button", name="Chứng thực và ký số").focus()
    with officer.expect_navigation():
        officer.keyboard.press("Enter")
    assert "Đã chứng thực bản sao: số 1/" in officer.inner_text("main")
    shot(officer, screenshot, "21-certified")

    # 7. The citizen finds the copy in their data store and attaches it to another dossier.
    citizen.click("button.menu-toggle")
    citizen.locator("#main-nav details[data-nav-group=account] summary").click()
    with citizen.expect_navigation():
        citizen.get_by_role("link", name="Kho dữ liệu cá nhân").click()
    assert "Giấy khai sinh của mẹ" in citizen.inner_text("main")
    stored = citizen.get_by_test_id("stored-documents").locator("li", has_text="Giấy khai sinh của mẹ")
    assert stored.locator(".eyebrow").text_content().startswith("Bản sao chứng thực điện tử")
    shot(citizen, screenshot, "22-data-store-phone")
    fix_shot(citizen, screenshot, "data-store-certified-copy-phone")
    citizen.goto(f"{base}/thu-tuc/{c.other.code}/nop-truc-tuyen/")
    first, second = c.other.documents.order_by("order")
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    citizen.select_option("#id_receiving_unit", str(c.centre.pk))
    citizen.fill("#id_applicant_address", "Thôn Đông, xã Tân Lập")
    citizen.set_input_files(f"#id_doc_{first.pk}", str(pdf))
    copy = citizen.locator(f"#id_stored_{second.pk} option", has_text="Giấy khai sinh của mẹ")
    citizen.select_option(f"#id_stored_{second.pk}", copy.get_attribute("value"))
    shot(citizen, screenshot, "23-reuse-form-phone")
    citizen.locator("button[name=submit]").click()
    citizen.get_by_test_id("receipt").wait_for()
    assert DocumentReuse.objects.get().dossier.procedure.code == c.other.code
    shot(citizen, screenshot, "24-reuse-receipt-phone")
    fix_shot(citizen, screenshot, "reuse-receipt-phone")

    # 8. The leader reads the commitment-kept rate beside the legal on-time rate, then the officers' grading.
    menu(leader, "reports", "Báo cáo thống kê")
    shot(leader, screenshot, "30-reports")
    assert leader.viewport_size["width"] == 1366 and tabs_on_one_line(leader)
    fix_shot(leader, screenshot, "reports-tabs-1366")
    leader.get_by_role("link", name="Xếp hạng").click()
    leader.wait_for_url("**/xep-hang/**")
    assert tabs_on_one_line(leader)  # with the bold current tab too
    text = leader.get_by_test_id("commitment-rates").inner_text()
    assert "Tỷ lệ đúng hạn theo quy định" in text and "tỷ lệ giữ đúng cam kết" in text
    row = leader.get_by_test_id("commitment-rates").locator("tbody tr", has_text=c.centre.name)
    # the birth part: resolved within the legal day and within the committed 4 working hours
    assert [cell.inner_text().strip() for cell in row.locator("td").all()][1:] == ["1", "100,0 %", "1", "100,0 %"]
    total = leader.get_by_test_id("commitment-total").locator("th").inner_text()
    assert total.startswith("Tổng cộng") and c.committee.name in total
    shot(leader, screenshot, "31-commitment-rates")
    fix_shot(leader, screenshot, "commitment-total")
    leader.get_by_role("link", name="Mục tiêu").click()
    leader.wait_for_url("**/chi-tieu/**")
    assert tabs_on_one_line(leader)
    fix_shot(leader, screenshot, "reports-targets-tabs-1366")
    menu(leader, "reports", "Đánh giá cán bộ")
    officers = leader.get_by_test_id("officers")
    line = officers.locator("tbody tr", has_text=c.centre.name).filter(has_text=c.centre_officer.full_name)
    assert "Năm 2026" in leader.inner_text("main")
    # one line for the officer of the centre who also serves the committee, both units listed on it
    assert officers.locator("tbody tr", has_text=c.centre_officer.full_name).count() == 1
    units = line.get_by_test_id("units").inner_text()
    assert c.centre.name in units and c.committee.name in units
    shot(leader, screenshot, "32-appraisal")
    fix_shot(leader, screenshot, "appraisal-one-line-per-officer")
    with leader.expect_navigation():
        line.get_by_role("link", name=c.centre_officer.full_name).click()
    with leader.expect_navigation():
        leader.get_by_role("link", name="Ghi nhận phân loại").click()
    form = leader.get_by_test_id("grading-form")
    form.get_by_label("Năm").fill("2026")
    form.get_by_label(FULL_MARKS).check()
    with leader.expect_navigation():
        form.get_by_role("button", name="Ghi nhận phân loại").click()
    assert FULL_MARKS.split(" (")[0] in leader.get_by_test_id("gradings").inner_text()
    shot(leader, screenshot, "33-graded")
    assert "18/11/2026" in leader.get_by_test_id("gradings").inner_text()  # Vietnam time, not the test zone's
    fix_shot(leader, screenshot, "appraisal-graded-vietnam-time")
    for page in (officer, police, leader, citizen):
        no_csp_violation(page)
