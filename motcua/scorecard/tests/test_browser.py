"""Department loads the framework, two units self-assess, the Department appraises; ranking, lost points and the
external indices table appear. Screenshots in var/screenshots/scorecard-*.png."""

from __future__ import annotations

import pytest

from motcua.scorecard import services
from motcua.scorecard.external import external_results_import
from motcua.scorecard.tests.factories import build_province, par_framework, self_assess_all
from motcua.scorecard.tests.test_external import PAR_CSV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"


def sign_in(page, live_server, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/cai-cach/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/cai-cach/")


def test_self_assessment_appraisal_and_ranking(page, live_server, screenshot):
    world = build_province()
    framework = par_framework()
    commune = services.assessment_start(framework=framework, unit=world.commune)
    self_assess_all(commune, world.commune_officer)
    services.assessment_submit(assessment=commune, actor=world.commune_officer)
    department = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(department, world.department_officer)

    sign_in(page, live_server, world.department_officer)
    page.click(f"text={framework.name}")
    page.click("text=Sở Tư pháp")
    node = framework.nodes.get(code="1.3.1")
    page.fill(f"#points-{node.pk}", "1")
    screenshot(page, "scorecard-self-assessment")
    page.click("button[value=submit]")
    page.wait_for_load_state()
    page.context.clear_cookies()

    sign_in(page, live_server, world.appraiser)
    page.goto(live_server.url + f"/cai-cach/cham-diem/{department.pk}/")
    page.fill(f"input[name=appraised-{node.pk}]", "0.5")
    page.fill(f"textarea[name=reason-{node.pk}]", "Chưa có biên bản kiểm tra")
    screenshot(page, "scorecard-appraisal")
    page.click("button[value=finish]")
    page.wait_for_load_state()
    services.assessment_finish_appraisal(assessment=commune, actor=world.appraiser)
    page.goto(live_server.url + f"/cai-cach/khung/{framework.pk}/ket-qua/?don-vi={department.pk}")
    ranking = page.locator("[data-testid=ranking] tbody tr")
    assert ranking.count() == 2
    assert "Xã Hòa Bình" in ranking.nth(0).inner_text()
    assert "57,00" in ranking.nth(1).inner_text()  # 57.50 self-assessed, 1.3.1 adjusted from 1 to 0.5
    assert page.locator("[data-testid=lost] tbody tr").first.inner_text().startswith("8.3.1.")
    screenshot(page, "scorecard-results")

    external_results_import(content=PAR_CSV.encode())
    page.goto(live_server.url + "/cai-cach/chi-so-ngoai/")
    assert (
        "92,18" in page.locator("[data-testid=external]").inner_text()
        or "92.18" in page.locator("[data-testid=external]").inner_text()
    )
    table = page.locator("[data-testid=external]")
    assert "xếp hạng trong 5 đơn vị có số liệu" in table.locator("[data-testid=ranked-2023]").inner_text()
    assert table.locator("tbody tr").first.locator("[data-testid=rank]").first.inner_text() == "hạng 1"
    assert table.locator("tbody tr").first.locator("[data-testid=group]").first.inner_text() == "nhóm A"
    screenshot(page, "scorecard-external")
