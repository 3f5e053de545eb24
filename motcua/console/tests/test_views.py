"""Console pages: access boundaries, inbox, dossier page, actions and their refusals, documents, forms 01–07."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from motcua.accounts.choices import Role, UserKind
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.services import Upload
from motcua.dossiers.tests.factories import OfficerFactory, OneStopFactory, officer_in, vn

S = DossierStatus
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"console:{name}", args=args)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(url("inbox"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_citizen_gets_a_friendly_403(client, world):
    citizen = OfficerFactory(kind=UserKind.CITIZEN)
    client.force_login(citizen)
    response = client.get(url("inbox"))
    assert response.status_code == 403
    assert "console/forbidden.html" in [t.name for t in response.templates]


def test_citizen_cannot_open_a_dossier_page(client, world):
    dossier = world.receive()
    client.force_login(OfficerFactory(kind=UserKind.CITIZEN))
    assert client.get(url("dossier", dossier.code)).status_code == 403


def test_inbox_lists_new_dossiers_of_the_counter_unit(client, world):
    dossier = world.receive()
    client.force_login(world.counter)
    response = client.get(url("inbox"))
    assert response.status_code == 200
    assert dossier.code in response.content.decode()
    counts = {t["value"]: t["count"] for t in response.context["tabs"]}
    assert counts["new"] == 1


def test_inbox_search_finds_by_applicant_name_without_accents(client, world):
    dossier = world.receive(applicant_name="Nguyễn Văn Bảo")
    world.receive(applicant_name="Lê Thị Cúc")
    client.force_login(world.counter)
    response = client.get(url("inbox"), {"q": "nguyen van bao"})
    assert [row.code for row in response.context["rows"]] == [dossier.code]


def test_inbox_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.counter)
    for _ in range(3):
        world.receive()
    with django_assert_max_num_queries(20) as few:
        client.get(url("inbox"), {"tab": "all"})
    for _ in range(12):
        world.receive()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("inbox"), {"tab": "all"})
    assert len(response.context["rows"]) == 15


def test_inbox_marks_overdue_dossiers(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.specialist)
    with time_machine.travel(vn(2026, 3, 20, 9, 0), tick=False):
        response = client.get(url("inbox"), {"tab": "overdue"})
    rows = response.context["rows"]
    assert [(row.code, row.due_state) for row in rows] == [(dossier.code, "overdue")]


def test_officer_of_another_unit_gets_404_for_a_dossier(client, world):
    dossier = world.receive()
    stranger = officer_in(OneStopFactory(), Role.COUNTER_OFFICER)
    client.force_login(stranger)
    assert client.get(url("dossier", dossier.code)).status_code == 404
    assert client.get(url("dossier_form", dossier.code, "01")).status_code == 404


def test_dossier_page_shows_due_dates_steps_and_history(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.specialist)
    response = client.get(url("dossier", dossier.code))
    body = response.content.decode()
    assert response.status_code == 200
    assert world.department.name in body
    assert [e.action for e in response.context["events"]] == ["receive", "forward"]


def test_only_actions_of_the_officers_role_are_offered(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.specialist)
    offered = {item["action"] for item in client.get(url("dossier", dossier.code)).context["action_forms"]}
    assert "appraise" in offered
    assert "approve" not in offered
    assert "deliver" not in offered


def test_appraise_action_moves_the_dossier_and_records_who(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.specialist)
    response = client.post(
        url("dossier_action", dossier.code, "appraise"),
        {"expected_version": dossier.version, "appraise-opinion": "Đủ điều kiện"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_APPROVAL
    assert dossier.events.order_by("-seq").first().actor == world.specialist


def test_action_not_allowed_in_the_state_shows_the_services_reason(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.leader)
    with translation.override("en"):
        response = client.post(url("dossier_action", dossier.code, "approve"), {"expected_version": dossier.version})
    assert response.status_code == 400
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["The action “Approve” is not allowed while the dossier is “In progress”."]
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROGRESS


def test_concurrent_update_shows_updated_by_someone_else(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.specialist)
    with translation.override("en"):
        response = client.post(
            url("dossier_action", dossier.code, "appraise"), {"expected_version": dossier.version - 1}
        )
    assert response.status_code == 409
    assert [str(m) for m in response.context["messages"]] == [
        "The dossier has been updated by someone else. Reload it and try again."
    ]


def test_garbage_extension_date_is_a_field_error_not_a_500(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    client.force_login(world.leader)
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):  # while an extension may still be asked
        response = client.post(
            url("dossier_action", dossier.code, "extend"),
            {"expected_version": dossier.version, "extend-new_due_date": "31/02/20x6", "extend-apology": "Xin lỗi"},
        )
    assert response.status_code == 400
    forms = {item["action"]: item["form"] for item in response.context["action_forms"]}
    assert "new_due_date" in forms["extend"].errors


def test_extension_prints_form_04_with_old_and_new_dates(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    world.act(
        services.dossier_extend,
        dossier,
        at=vn(2026, 3, 3, 10, 0),
        officer=world.leader,
        new_due_at=vn(2026, 3, 13, 17, 0),
        apology="Cần xác minh thêm tại địa phương.",
    )
    client.force_login(world.leader)
    body = client.get(url("dossier_form", dossier.code, "04")).content.decode()
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in body
    assert "17 giờ 00 phút, ngày 13 tháng 03 năm 2026" in body
    assert "Cần xác minh thêm tại địa phương." in body


def test_form_01_has_motto_code_due_date_and_qr(client, world):
    dossier = world.receive(at=vn(2026, 3, 2, 9, 30))
    client.force_login(world.counter)
    body = client.get(url("dossier_form", dossier.code, "01")).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body
    assert "Độc lập - Tự do - Hạnh phúc" in body
    assert dossier.code in body
    local_due = dossier.due_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert (
        f"{local_due:%H} giờ {local_due:%M} phút, ngày {local_due:%d} tháng {local_due:%m} năm {local_due:%Y}" in body
    )
    assert "<svg" in body
    assert f"/tra-cuu/?ma={dossier.code}" in body


def test_form_02_lists_every_item_requested(client, world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    world.act(
        services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 2, 14, 0),
        officer=world.specialist,
        items=["Bản sao giấy chứng sinh", "Tờ khai có chữ ký"],
    )
    client.force_login(world.specialist)
    body = client.get(url("dossier_form", dossier.code, "02")).content.decode()
    assert "Bản sao giấy chứng sinh" in body and "Tờ khai có chữ ký" in body


def test_form_of_an_event_that_did_not_happen_is_404(client, world):
    dossier = world.receive()
    client.force_login(world.counter)
    assert client.get(url("dossier_form", dossier.code, "05")).status_code == 404
    assert client.get(url("dossier_form", dossier.code, "99")).status_code == 404


def test_form_01_is_offered_only_for_a_received_dossier(client, world):
    """Regression (every-page crawl): an online dossier refused at reception, or still waiting, has no receipt; its
    page linked form 01 anyway and the link was a 404 (/can-bo/ho-so/H22.06652.01-261204-0003/mau/01/)."""
    waiting = world.dossier_in(S.SUBMITTED)
    refused = world.dossier_in(S.SUBMITTED)
    refused = world.act(
        services.dossier_refuse_reception, refused, at=vn(2026, 3, 2, 10, 0), officer=world.counter, reason="Sai nơi"
    )
    received = world.receive()
    client.force_login(world.counter)
    for dossier, offered in ((waiting, []), (refused, ["03"]), (received, ["01"])):
        page = client.get(url("dossier", dossier.code))
        assert page.status_code == 200
        numbers = [number for number, _label in page.context["printable"]]
        assert [n for n in numbers if n in ("01", "03")] == offered, dossier.status
        for number in numbers:
            assert client.get(url("dossier_form", dossier.code, number)).status_code == 200, (dossier.status, number)


def test_form_06_shows_every_hand_over_with_its_result(client, world):
    dossier = world.dossier_in(S.RESULT_READY)
    client.force_login(world.counter)
    with translation.override("en"):
        response = client.get(url("dossier_form", dossier.code, "06"))
    rows = response.context["rows"]
    assert [(r["from_unit"], r["to_unit"]) for r in rows] == [
        (None, world.one_stop),
        (world.one_stop, world.department),
        (world.department, world.one_stop),
    ]
    assert [r["result"] for r in rows] == ["", "On time", "Early"]


def test_register_numbers_dossiers_continuously_per_unit_and_year(client, world):
    first, second = world.receive(), world.receive()
    client.force_login(world.counter)
    response = client.get(url("register"), {"nam": "2026"})
    numbers = [d.register_number for d in response.context["page"].object_list]
    assert numbers == [first.register_number, second.register_number] == [1, 2]


def test_register_ignores_a_garbage_year_and_a_foreign_unit(client, world):
    other = OneStopFactory()
    client.force_login(world.counter)
    response = client.get(url("register"), {"nam": "20x6", "don_vi": str(other.pk)})
    assert response.status_code == 200
    assert response.context["unit"] == world.one_stop


def test_document_download_is_scoped_to_the_officer(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = services.dossier_receive_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=world.procedure,
            applicant_name="Nguyễn Văn An",
            presented_document_ids=world.all_documents(),
            documents=[Upload(file=SimpleUploadedFile("to-khai.pdf", PDF), name="to-khai.pdf")],
        )
    document = dossier.documents.get()
    client.force_login(world.counter)
    response = client.get(url("document", dossier.code, document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(officer_in(OneStopFactory()))
    assert client.get(url("document", dossier.code, document.pk)).status_code == 404
