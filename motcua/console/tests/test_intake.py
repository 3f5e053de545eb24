"""Counter intake: the happy path, incomplete dossiers (forms 02/03) and hostile input — never a 500."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from motcua.accounts.choices import Role
from motcua.console.forms import MoneyField
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import OneStopFactory, ProcedureFactory, officer_in, vn

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INTAKE = reverse("console:intake")


def payload(world, **overrides) -> dict:
    data = {
        "procedure": str(world.procedure.pk),
        "unit": str(world.one_stop.pk),
        "channel": "counter",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001099012345",
        "applicant_phone": "0912345678",
        "applicant_email": "an@example.com",
        "applicant_address": "Số 1 Lê Lợi",
        "presented": [str(pk) for pk in world.all_documents()],
        "fee_amount": "0",
    }
    data.update(overrides)
    return data


def test_counter_officer_receives_a_complete_dossier_and_lands_on_the_receipt(client, world):
    client.force_login(world.counter)
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        response = client.post(INTAKE, payload(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("console:dossier", args=[dossier.code]) + "?moi=1"
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.applicant_id_number == "001099012345"


def test_procedure_search_returns_live_results(client, world):
    client.force_login(world.counter)
    response = client.get(reverse("console:procedure_results"), {"q": "khai sinh"})
    assert [p.pk for p in response.context["results"]] == [world.procedure.pk]


def test_picking_a_procedure_shows_its_checklist(client, world):
    client.force_login(world.counter)
    response = client.get(INTAKE, {"thu_tuc": world.procedure.pk})
    body = response.content.decode()
    assert "Tờ khai" in body and "Giấy chứng sinh" in body


def test_missing_document_offers_forms_02_and_03_with_every_missing_item(client, world):
    client.force_login(world.counter)
    first = world.procedure.documents.order_by("order").first()
    response = client.post(INTAKE, payload(world, presented=[str(first.pk)]))
    assert response.status_code == 200
    assert [doc.name for doc in response.context["incomplete"]] == ["Giấy chứng sinh"]
    assert not Dossier.objects.exists()


def test_form_02_at_the_counter_records_the_dossier_and_prints_from_its_history(client, world):
    client.force_login(world.counter)
    first = world.procedure.documents.order_by("order").first()
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        response = client.post(
            reverse("console:intake_notice", args=["02"]), payload(world, presented=[str(first.pk)]), follow=True
        )
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.AWAITING_SUPPLEMENT
    assert response.redirect_chain[-1][0] == reverse("console:dossier_form", args=[dossier.code, "02"])
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in response.content.decode()
    assert response.context["items"] == ["Giấy chứng sinh"]
    assert dossier.code in response.content.decode()


def test_form_03_at_the_counter_records_the_refusal_with_its_reason(client, world):
    client.force_login(world.counter)
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        response = client.post(
            reverse("console:intake_notice", args=["03"]),
            payload(world, presented=[], refuse_reason="Không thuộc thẩm quyền"),
            follow=True,
        )
    assert Dossier.objects.get().status == DossierStatus.REFUSED
    assert "Không thuộc thẩm quyền" in response.content.decode()


def test_intake_notice_is_post_only(client, world):
    client.force_login(world.counter)
    assert client.get(reverse("console:intake_notice", args=["02"])).status_code == 405


def test_result_by_post_and_sets_are_stored_and_printed_on_the_receipt(client, world):
    client.force_login(world.counter)
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        client.post(
            INTAKE, payload(world, result_delivery="post", result_address="Hộp thư 12, Hạ Long", sets_count="2")
        )
    dossier = Dossier.objects.get()
    assert (dossier.result_delivery, dossier.result_address, dossier.sets_count) == ("post", "Hộp thư 12, Hạ Long", 2)
    receipt = client.get(reverse("console:dossier_form", args=[dossier.code, "01"])).content.decode()
    assert "Hộp thư 12, Hạ Long" in receipt and "Số lượng hồ sơ: 02 (bộ)" in receipt
    page = client.get(reverse("console:dossier", args=[dossier.code])).content.decode()
    assert "Hộp thư 12, Hạ Long" in page


def test_result_by_post_without_any_address_is_a_field_error(client, world):
    client.force_login(world.counter)
    response = client.post(INTAKE, payload(world, result_delivery="post", applicant_address=""))
    assert "result_address" in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_refusal_without_a_reason_is_a_field_error(client, world):
    client.force_login(world.counter)
    response = client.post(reverse("console:intake_notice", args=["03"]), payload(world, presented=[]))
    assert "refuse_reason" in response.context["form"].errors
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("procedure", ["999999", "abc", "-1", "99999999999999999999999", ""])
def test_unknown_procedure_id_is_an_error_not_a_500(client, world, procedure):
    client.force_login(world.counter)
    response = client.post(INTAKE, payload(world, procedure=procedure))
    assert response.status_code == 200
    assert not Dossier.objects.exists()


def test_unit_of_another_one_stop_centre_is_refused(client, world):
    other = OneStopFactory()
    client.force_login(world.counter)
    response = client.post(INTAKE, payload(world, unit=str(other.pk)))
    assert "unit" in response.context["form"].errors
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("applicant_name", "   "),
        ("applicant_phone", "call me maybe"),
        ("applicant_id_number", "12ab"),
        ("applicant_email", "not-an-email"),
        ("fee_amount", "-5"),
        ("fee_amount", "1e40"),
        ("channel", "online"),
    ],
)
def test_bad_applicant_input_is_a_field_error(client, world, field, value):
    client.force_login(world.counter)
    response = client.post(INTAKE, payload(world, **{field: value}))
    assert field in response.context["form"].errors
    assert not Dossier.objects.exists()


def test_mistyped_upload_is_refused_with_a_message(client, world):
    client.force_login(world.counter)
    doc = world.procedure.documents.order_by("order").first()
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf at all")
    with translation.override("en"):
        response = client.post(reverse("console:intake"), {**payload(world), f"file_{doc.pk}": fake})
        errors = list(response.context["form"].non_field_errors())
    assert response.status_code == 200
    assert errors == ["Only PDF, JPEG and PNG files are accepted."]
    assert not Dossier.objects.exists()


def test_oversized_upload_is_refused_with_a_message(client, world, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    client.force_login(world.counter)
    doc = world.procedure.documents.order_by("order").first()
    big = SimpleUploadedFile("to-khai.pdf", PDF + b"0" * 4096)
    response = client.post(INTAKE, {**payload(world), f"file_{doc.pk}": big})
    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    assert not Dossier.objects.exists()


def test_officer_without_a_counter_role_cannot_use_intake(client, world):
    client.force_login(world.specialist)
    assert client.get(INTAKE).status_code == 403


def test_procedure_no_longer_in_force_cannot_be_picked(client, world):
    old = ProcedureFactory(valid_to=world.procedure.valid_from)
    client.force_login(world.counter)
    response = client.get(INTAKE, {"thu_tuc": old.pk})
    assert response.context["bad_procedure"] is True


def test_counter_officer_of_two_centres_chooses_the_unit(client, world):
    second = OneStopFactory()
    officer = officer_in(world.one_stop, Role.COUNTER_OFFICER)
    from motcua.accounts.services import membership_grant

    membership_grant(user=officer, unit=second, role=Role.COUNTER_OFFICER)
    client.force_login(officer)
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        client.post(INTAKE, payload(world, unit=str(second.pk)))
    assert Dossier.objects.get().receiving_unit == second


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("8000", 8000), ("8000.00", 8000), ("8.000", 8000), ("8 000", 8000), ("100.000 đ", 100000), ("0.00", 0)],
)
def test_fee_box_accepts_whole_dong_as_officers_write_them(typed, amount):
    assert MoneyField().clean(typed) == amount


@pytest.mark.parametrize("typed", ["8000.50", "1,5", "-5", "tám nghìn"])
def test_fee_box_refuses_fractions_and_words_with_a_vietnamese_message(typed):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        MoneyField().clean(typed)
    assert error.value.messages == ["Nhập số tiền bằng đồng, là số nguyên (ví dụ 50.000)."]
