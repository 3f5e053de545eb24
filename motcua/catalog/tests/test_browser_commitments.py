"""Service commitments in Chromium: the province's manager records a commitment on the console screen with the
keyboard (a time not shorter than the legal one is refused in Vietnamese first), ends another, and a visitor finds
the commitment from the procedure page on the public list, legal time beside committed time. Screenshots:
/work/notes/shots/centre/ (when that folder exists) and var/screenshots/commitments-*.png."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from motcua.accounts.choices import Role
from motcua.catalog.models import ServiceCommitment, ServiceCommitmentChange
from motcua.catalog.services import commitment_set
from motcua.core.text import fold
from motcua.dossiers.tests.factories import ProcedureFactory, officer_in, vn
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
SHOTS = Path("/work/notes/shots/centre")
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective));
"""


def shot(page, screenshot, name: str) -> None:
    path = screenshot(page, f"commitments-{name}")
    if SHOTS.is_dir():
        (SHOTS / f"{name}.png").write_bytes(path.read_bytes())


def test_manager_records_and_ends_and_a_visitor_finds_it(live_server, browser, screenshot):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=True):
        province = ProvinceFactory(name="Tỉnh Sơn Hà")
        UnitFactory(parent=province, name="Xã Tân Lập")
        business = ProcedureFactory(
            name="Đăng ký thành lập hộ kinh doanh", time_limit_value=Decimal(3), time_limit_unit="working_days"
        )
        birth = ProcedureFactory(
            name="Đăng ký lại khai sinh", time_limit_value=Decimal(5), time_limit_unit="working_days"
        )
        for procedure in (business, birth):
            procedure.search_text = fold(procedure.name)
            procedure.save(update_fields=["search_text"])
        running = commitment_set(
            procedure_code=birth.code,
            scope=province,
            value=Decimal(1),
            unit="working_days",
            decision_number="12/QĐ-UBND",
            decision_date=dt.date(2026, 1, 5),
            decision_issuer="UBND tỉnh Sơn Hà",
        )
        manager = officer_in(province, Role.ONE_STOP_MANAGER)
        manager.set_password(PASSWORD)
        manager.save()

        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.add_init_script(LISTEN)
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/cam-ket/")
        page.fill("input[name=username]", manager.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/cam-ket/")
        page.get_by_test_id("manage-link").click()
        page.wait_for_url("**/cam-ket/quan-ly/")
        page.get_by_label("Mã thủ tục").focus()
        page.keyboard.type(business.code)
        page.get_by_label("Thời gian cam kết").fill("3")  # 3 working days: not shorter than the legal 3 days
        page.get_by_label("Số quyết định").fill("88/QĐ-UBND")
        page.get_by_label("Ngày quyết định").fill("20/02/2026")
        page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Sơn Hà")
        with page.expect_navigation():
            page.get_by_label("Cơ quan ban hành").press("Enter")
        expect(page.get_by_test_id("form-error")).to_contain_text("phải ngắn hơn thời hạn giải quyết theo quy định")
        shot(page, screenshot, "manage-refused")
        assert not ServiceCommitment.objects.filter(procedure_code=business.code).exists()

        page.get_by_label("Thời gian cam kết").fill("4")
        page.get_by_label("Tính theo").select_option(label="giờ làm việc")
        with page.expect_navigation():
            page.get_by_role("button", name="Ghi nhận cam kết").press("Enter")
        expect(page.get_by_test_id("commitment-history")).to_contain_text("Ghi nhận")
        shot(page, screenshot, "commitment-recorded")

        page.goto(f"{live_server.url}/cam-ket/quan-ly/{running.pk}/")
        page.get_by_label("Không còn áp dụng từ ngày").fill("10/03/2026")
        page.get_by_label("Lý do").fill("Quyết định 99/QĐ-UBND bãi bỏ")
        with page.expect_navigation():
            page.get_by_label("Lý do").press("Enter")
        expect(page.get_by_test_id("commitment-history")).to_contain_text("Quyết định 99/QĐ-UBND bãi bỏ")
        shot(page, screenshot, "commitment-ended")
        assert page.evaluate("window.__csp") == []
        context.close()

        assert ServiceCommitmentChange.objects.filter(actor=manager).count() == 2

        visitor = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = visitor.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/thu-tuc/{business.code}/")
        expect(page.get_by_test_id("procedure-commitments")).to_contain_text("4 giờ làm việc")
        page.get_by_test_id("commitments-link").click()
        page.wait_for_url("**/cam-ket/?q=*")
        table = page.get_by_test_id("commitments")
        expect(table).to_contain_text("Đăng ký thành lập hộ kinh doanh")
        expect(table).to_contain_text("3 ngày làm việc")
        expect(table).to_contain_text("88/QĐ-UBND")
        shot(page, screenshot, "public-from-procedure")
        page.get_by_label("Thủ tục, số quyết định hoặc đơn vị").fill("")
        page.get_by_label("Gồm cả cam kết đã hết hiệu lực").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Tìm kiếm").click()
        expect(page.get_by_test_id("commitment-count")).to_have_text("2 cam kết")
        shot(page, screenshot, "public-all")
        visitor.close()
