"""In Chromium: the leader signs the result off, issues the signed e-result from the dossier page, and the
verification page answers "valid" for its code. Screenshots: var/screenshots/console-eresult-*.png."""

from __future__ import annotations

import pytest

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.esign.demo import make_demo_pki
from motcua.esign.models import SignedResult, TrustRoot
from motcua.esign.services import signing_credential_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"
PASSPHRASE_ENV = "MOTCUA_TEST_BROWSER_P12_PASSPHRASE"


@pytest.fixture
def signing_world(world, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, "pass-for-browser-test")
    pki = make_demo_pki(signer_name=world.department.name, passphrase="pass-for-browser-test")
    signing_credential_create(
        unit=world.department, name="Chứng thư thử", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )
    TrustRoot.objects.create(name="CA thử nghiệm", certificate_pem=pki.ca_pem)
    world.leader.set_password(PASSWORD)
    world.leader.save()
    return world


def test_leader_signs_issues_the_e_result_and_it_verifies_as_valid(
    signing_world, page, live_server, screenshot, wait_for_pdf_check
):
    world = signing_world
    dossier = world.dossier_in("awaiting_signature")
    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/can-bo/")
    page.fill("input[name=username]", world.leader.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/can-bo/")

    page.goto(live_server.url + f"/can-bo/ho-so/{dossier.code}/")
    assert page.locator("[data-testid=eresult-issue]").count() == 0  # not signed off yet
    page.locator("details[data-action=sign] button[type=submit]").click()
    page.wait_for_load_state()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RESULT_READY

    issue = page.locator("[data-testid=eresult-issue]")
    issue.locator("textarea[name=decision]").fill("Chấp thuận đăng ký khai sinh cho cháu Nguyễn Văn Bình.")
    screenshot(page, "console-eresult-form")
    issue.locator("button[type=submit]").click()
    page.wait_for_load_state()
    signed = SignedResult.objects.get(dossier=dossier)
    link = page.locator("[data-testid=eresult-verify]")
    assert link.count() == 1
    assert signed.result_code in page.locator(".cs-docs").inner_text()
    assert page.locator("[data-testid=eresult-issue] input[name=result_no]").input_value() == "2"
    screenshot(page, "console-eresult-issued")

    page.goto(live_server.url + link.get_attribute("href"))
    assert page.locator("input[name=code]").input_value() == signed.result_code
    wait_for_pdf_check(page, lambda: page.locator("main button[type=submit]").click(no_wait_after=True))
    page.wait_for_selector("[data-testid=verify-result]")
    assert page.locator("[data-testid=verify-verdict]").get_attribute("data-verdict") == "valid"
    assert page.locator("[data-testid=verify-signer]").inner_text() == world.department.name
    assert page.locator("[data-testid=verify-code]").inner_text() == signed.result_code
    screenshot(page, "console-eresult-verified")
