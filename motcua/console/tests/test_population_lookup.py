"""The counter officer's population-database look-up and intake prefill (issue 19 §3), against the SOAP double."""

from __future__ import annotations

import pytest

from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.models import Dossier
from motcua.integrations.choices import LookupOutcome
from motcua.integrations.dancu.double import PopulationDouble
from motcua.integrations.dancu.models import PopulationLookup

from .conftest import PASSWORD

PERSON = {
    "SoDinhDanh": "079203001234",
    "HoVaTen": "Lê Thị Hoa",
    "NgayThangNamSinh": "15/04/1990",
    "GioiTinh": "Nữ",
    "NoiThuongTru": "Số 12 đường Trần Phú, phường 4, thành phố Đà Lạt, Lâm Đồng",
    "QueQuan": "Lâm Đồng",
}
URL = "/can-bo/tiep-nhan/tra-cuu-dan-cu/"


@pytest.fixture
def double(settings):
    with PopulationDouble(people=[PERSON], service_code="DVC-LD", integration_code="MOTCUA-LD") as running:
        settings.MOTCUA_DANCU = {
            "ENDPOINT": running.url,
            "SERVICE_CODE": "DVC-LD",
            "INTEGRATION_CODE": "MOTCUA-LD",
            "RETRIES": 0,
        }
        yield running


def _form(**overrides) -> dict:
    return {
        "id_number": "079203001234",
        "full_name": "Lê Thị Hoa",
        "birth_date": "1990-04-15",
        "purpose": "intake",
        "consent_method": "signed_at_counter",
        "consent": "on",
    } | overrides


@pytest.mark.django_db
def test_lookup_prefills_intake_and_the_receipt_names_the_dossier(client, world, double):
    client.force_login(world.counter)
    response = client.post(URL, _form(procedure=world.procedure.pk))
    assert response.status_code == 200
    lookup = PopulationLookup.objects.get()
    assert lookup.outcome == LookupOutcome.FOUND and lookup.dossier is None
    page = client.get(f"/can-bo/tiep-nhan/?procedure={world.procedure.pk}&tra_cuu={lookup.request_id}").content.decode()
    assert 'value="079203001234"' in page and 'value="Lê Thị Hoa"' in page and "Trần Phú" in page
    # someone else's (or a made-up) request id prefills nothing
    other = client.get(f"/can-bo/tiep-nhan/?procedure={world.procedure.pk}&tra_cuu=khac").content.decode()
    assert "079203001234" not in other


@pytest.mark.django_db
def test_no_consent_no_call(client, world, double):
    client.force_login(world.counter)
    response = client.post(URL, _form(consent=""))
    assert response.status_code == 400
    assert "đồng ý" in response.content.decode()
    assert double.requests == [] and not PopulationLookup.objects.exists()


@pytest.mark.django_db
def test_bad_number_is_a_form_error_not_a_500(client, world, double):
    client.force_login(world.counter)
    response = client.post(URL, _form(id_number="12345"))
    assert response.status_code == 400
    assert double.requests == []


@pytest.mark.django_db
def test_officers_without_a_counter_and_citizens_are_turned_away(client, world, double):
    client.force_login(world.specialist)
    assert client.post(URL, _form()).status_code == 403
    assert double.requests == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_counter_officer_looks_up_a_citizen_and_receives_the_dossier(world, double, login, live_server, screenshot):
    world.counter.set_password(PASSWORD)
    world.counter.save()
    page = login(world.counter)
    page.goto(f"{live_server.url}/can-bo/tiep-nhan/?procedure={world.procedure.pk}")
    page.get_by_test_id("dancu-link").click()
    page.get_by_label("Số định danh cá nhân").fill("079203001234")
    page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    page.get_by_label("Ngày sinh").fill("1990-04-15")
    page.get_by_label("Công dân đồng ý", exact=False).check()
    screenshot(page, "dancu-lookup-form")
    page.get_by_label("Ngày sinh").press("Enter")
    page.get_by_test_id("dancu-result").wait_for()
    screenshot(page, "dancu-lookup-found")
    page.get_by_role("link", name="Điền vào phiếu tiếp nhận").click()
    page.get_by_test_id("dancu-prefilled").wait_for()
    assert page.locator("input[name=applicant_id_number]").input_value() == "079203001234"
    assert page.locator("input[name=applicant_name]").input_value() == "Lê Thị Hoa"
    page.fill("input[name=applicant_phone]", "0912345678")
    for checkbox in page.locator("input[name=presented]").all():
        checkbox.check()
    screenshot(page, "dancu-intake-prefilled")
    page.click("button.cs-submit")
    page.wait_for_url("**/can-bo/ho-so/**")
    dossier = Dossier.objects.get(applicant_id_number="079203001234", status=S.RECEIVED)
    assert PopulationLookup.objects.get().dossier == dossier
