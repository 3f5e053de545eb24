"""The whole "done means" of the reform scorecard, in a browser: the Department loads this year's framework, two
units self-assess and submit, the Department appraises, the province-internal ranking and the lost-points view
appear, a PCI table imported from CSV gives the published totals, and a plan's overdue tasks show up.
Screenshots: var/screenshots/scorecard-walk-*.png and reform-walk-*.png."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import officer_in
from motcua.reform import services as reform_services
from motcua.scorecard import services
from motcua.scorecard.loader import SHIPPED_DIR, framework_load_file
from motcua.scorecard.models import Framework
from motcua.scorecard.tests.factories import build_province, self_assess_all
from motcua.units.selectors import today_in_vietnam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
# Illustrative PCI sub-indices (no real sub-index row is in the repository); 10 × Σ wᵢ·sᵢ = 64.00 with the
# weights of frameworks/pci-2021.yaml.
PCI_CSV = (
    "index,year,province,value,rank,source,gia_nhap_thi_truong,tiep_can_dat_dai,tinh_minh_bach,chi_phi_thoi_gian,"
    "chi_phi_khong_chinh_thuc,canh_tranh_binh_dang,tinh_nang_dong,ho_tro_doanh_nghiep,dao_tao_lao_dong,"
    "thiet_che_phap_ly\n"
    "pci,2021,Tỉnh Thử Nghiệm,64.00,12,illustrative test row,7,6,6.5,7,6,6,7,6.5,6,7\n"
)


def sign_in(page, live_server, user, next_url="/cai-cach/"):
    user.set_password(PASSWORD)
    user.save()
    page.context.clear_cookies()
    page.goto(live_server.url + f"/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}")


def test_department_round_from_framework_to_overdue_tasks(page, live_server, screenshot, tmp_path):
    world = build_province()
    year = today_in_vietnam().year
    framework_load_file(path=SHIPPED_DIR / "pci-2021.yaml")

    # the Department loads this year's framework
    sign_in(page, live_server, world.appraiser)
    page.select_option("#load-file", "par-index-province-2024.yaml")
    page.fill("#load-year", str(year))
    screenshot(page, "scorecard-walk-frameworks")
    page.click("form[action$='khung/nap/'] button")
    framework = Framework.objects.get(code="par-index-province", year=year)
    page.wait_for_url(f"**/cai-cach/khung/{framework.pk}/")

    # two units self-assess; the commune submits from its screen
    commune = services.assessment_start(framework=framework, unit=world.commune)
    self_assess_all(commune, world.commune_officer, share=Decimal("0.8"))
    department = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(department, world.department_officer, share=Decimal("0.9"))
    services.assessment_submit(assessment=department, actor=world.department_officer)
    sign_in(page, live_server, world.commune_officer, next_url=f"/cai-cach/cham-diem/{commune.pk}/")
    screenshot(page, "scorecard-walk-self-assessment")
    page.click("button[value=submit]")
    page.wait_for_load_state()
    commune.refresh_from_db()
    assert commune.status == "submitted"

    # the Department appraises both (one adjustment with a reason)
    sign_in(page, live_server, world.appraiser, next_url=f"/cai-cach/cham-diem/{department.pk}/")
    node = framework.nodes.get(code="1.3.1")
    page.fill(f"input[name=appraised-{node.pk}]", "0.5")
    page.fill(f"textarea[name=reason-{node.pk}]", "Chưa có biên bản kiểm tra")
    screenshot(page, "scorecard-walk-appraisal")
    page.click("button[value=finish]")
    page.wait_for_load_state()
    page.goto(live_server.url + f"/cai-cach/cham-diem/{commune.pk}/")
    page.click("button[value=finish]")
    page.wait_for_load_state()

    # the province-internal ranking and the lost-points view
    page.goto(live_server.url + f"/cai-cach/khung/{framework.pk}/ket-qua/?don-vi={commune.pk}")
    ranking = page.locator("[data-testid=ranking] tbody tr")
    assert ranking.count() == 2
    assert "Sở Tư pháp" in ranking.nth(0).inner_text()
    assert page.locator("[data-testid=lost] tbody tr").count() > 0
    screenshot(page, "scorecard-walk-results")

    # a PCI table imported from CSV gives the published total (no mismatch warning)
    csv_file = tmp_path / "pci.csv"
    csv_file.write_text(PCI_CSV, encoding="utf-8")
    page.goto(live_server.url + "/cai-cach/chi-so-ngoai/?chi-so=pci")
    page.set_input_files("input[name=file]", str(csv_file))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("section.card ul.messages").inner_text().strip() == ""  # no error, no mismatch warning
    page.goto(live_server.url + "/cai-cach/chi-so-ngoai/?chi-so=pci")
    assert "64,00" in page.locator("[data-testid=external]").inner_text()
    screenshot(page, "scorecard-walk-external")

    # a plan's overdue tasks show up (a task added on the entry screen with a past deadline)
    manager = officer_in(world.home_affairs, Role.SPECIALIST)
    plan = reform_services.plan_create(
        actor=manager,
        year=year,
        unit=world.province,
        managing_unit=world.home_affairs,
        title=f"Kế hoạch CCHC năm {year}",
    )
    sign_in(page, live_server, manager, next_url=f"/ke-hoach-cchc/{plan.pk}/nhiem-vu/moi/")
    page.fill("#id_number", "III.2")
    page.fill("#id_title", "Số hóa hồ sơ, kết quả giải quyết TTHC")
    page.fill("input.filter-select >> nth=1", "hoa binh")
    page.select_option("#id_lead_unit", str(world.commune.pk))
    page.fill("#id_expected_output", "Báo cáo kết quả số hóa")
    page.fill("#id_due_date", (today_in_vietnam() - dt.timedelta(days=10)).isoformat())
    screenshot(page, "reform-walk-task-form")
    page.click("form.form-card button.primary")
    page.wait_for_url(f"**/ke-hoach-cchc/{plan.pk}/")
    page.goto(live_server.url + f"/ke-hoach-cchc/{plan.pk}/?qua-han=1")
    assert "Số hóa hồ sơ" in page.locator("main table").inner_text()
    screenshot(page, "reform-walk-plan-overdue")
