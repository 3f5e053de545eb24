"""Issue 17, as a person does it: the Department's officer types an appraisal with the keyboard, makes one mistake
(5 points where the maximum is 1) and presses Enter. Every other entry stays on the page, the mistake is linked to
its field and has the focus, and the headline says "đang thẩm định (x/y tiêu chí)". Screenshots in
var/screenshots/scorecard-entry-*.png."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from motcua.portal.tests.test_browser_accessibility import BLOCKING, MISSING_IDREFS
from motcua.scorecard import services
from motcua.scorecard.tests.factories import build_province, par_framework, self_assess_all

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_mistake_keeps_every_other_appraisal_entry(page, live_server, screenshot):
    world = build_province()
    framework = par_framework()
    assessment = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(assessment, world.department_officer)
    services.assessment_submit(assessment=assessment, actor=world.department_officer)
    total = assessment.entries.filter(criterion__method="self_appraised").count()
    node = {code: framework.nodes.get(code=code).pk for code in ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2"]}

    sign_in(page, live_server, world.appraiser)
    page.goto(live_server.url + f"/cai-cach/cham-diem/{assessment.pk}/")
    headline = page.locator("[data-testid=headline]")
    assert headline.inner_text() == f"đang thẩm định (0/{total} tiêu chí)"

    page.focus(f"#appraised-{node['1.1.1']}")
    keyboard = page.keyboard
    keyboard.type("0,25")
    keyboard.press("Tab")
    keyboard.type("Thiếu minh chứng kế hoạch")
    keyboard.press("Tab")
    keyboard.type("5")  # the mistake: 1.1.2 is worth 1 point
    keyboard.press("Tab")
    keyboard.type("Chỉ đạt một phần")
    keyboard.press("Tab")
    keyboard.type("0.5")  # 1.1.3 accepted as self-assessed: no reason needed
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.type("0.25")  # 1.2.1
    keyboard.press("Tab")
    keyboard.type("Báo cáo quý II gửi chậm")
    keyboard.press("Tab")  # 1.2.2's points
    screenshot(page, "scorecard-entry-typed")
    with page.expect_navigation():
        keyboard.press("Enter")

    assert page.locator("[data-testid=error-summary]").is_visible()
    bad = page.locator(f"#appraised-{node['1.1.2']}")
    assert page.evaluate("document.activeElement.id") == f"appraised-{node['1.1.2']}"
    assert bad.get_attribute("aria-invalid") == "true"
    described = bad.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text() == "Hãy nhập một số từ 0 đến 1,00."
    assert bad.input_value() == "5"
    assert page.locator(f"#appraised-{node['1.1.1']}").input_value() == "0,25"
    assert page.locator(f"#reason-{node['1.1.1']}").input_value() == "Thiếu minh chứng kế hoạch"
    assert page.locator(f"#reason-{node['1.1.2']}").input_value() == "Chỉ đạt một phần"
    assert page.locator(f"#appraised-{node['1.1.3']}").input_value() == "0.5"
    assert page.locator(f"#appraised-{node['1.2.1']}").input_value() == "0.25"
    assert page.locator(f"#reason-{node['1.2.1']}").input_value() == "Báo cáo quý II gửi chậm"
    assert headline.inner_text() == f"đang thẩm định (0/{total} tiêu chí)"  # nothing was half-saved
    screenshot(page, "scorecard-entry-error")
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert (violations, page.evaluate(MISSING_IDREFS)) == ([], [])

    # The focus is on the mistake: select it, type the right value, press Enter.
    keyboard.press("Control+A")
    keyboard.type("0.5")
    with page.expect_navigation():
        keyboard.press("Enter")
    assert not page.locator("[data-testid=error-summary]").count()
    assert headline.inner_text() == f"đang thẩm định (4/{total} tiêu chí)"
    assert page.locator(f"#appraised-{node['1.1.2']}").input_value() == "0.50"
    assert page.locator(f"#reason-{node['1.2.1']}").input_value() == "Báo cáo quý II gửi chậm"
    screenshot(page, "scorecard-entry-saved")
