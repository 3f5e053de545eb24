"""The outreach screens: scoping, the JSON intake endpoint (created, replayed, refused in Vietnamese, signed out,
CSRF), the plan form, and the Excel report."""

from __future__ import annotations

import io

import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.models import Dossier

from .conftest import NOW

KEY = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b"
JSON = {"HTTP_ACCEPT": "application/json"}


def post_intake(client, ow, session, **extra):
    data = {
        "key": KEY,
        "procedure": str(ow.birth.pk),
        "applicant_name": "Lò Văn Páo",
        "presented": [str(pk) for pk in ow.docs(ow.birth)],
    } | extra
    return client.post(reverse("outreach:intake_submit", args=[session.pk]), data, **JSON)


def test_pages_are_scoped(ow, client):
    session = ow.plan()
    client.force_login(ow.stranger)
    assert client.get(reverse("outreach:detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("outreach:intake", args=[session.pk])).status_code == 404
    assert "Thôn Đồng Tâm" not in client.get(reverse("outreach:list")).content.decode()
    client.force_login(ow.stay_home)
    assert client.get(reverse("outreach:detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("outreach:intake", args=[session.pk])).status_code == 403  # not sent to it
    assert client.get(reverse("outreach:plan")).status_code == 403  # not the manager


def test_intake_endpoint_creates_once_and_replays(ow, client):
    session = ow.plan()
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        first = post_intake(client, ow, session)
        again = post_intake(client, ow, session, from_queue="1")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["dossier"] == again.json()["dossier"] and again.json()["replayed"] is True
    assert Dossier.objects.count() == 1
    page = client.get(reverse("outreach:detail", args=[session.pk])).content.decode()
    assert first.json()["dossier"]["code"] in page


def test_bad_input_is_refused_in_vietnamese(ow, client):
    session = ow.plan()
    client.force_login(ow.officer)
    response = post_intake(client, ow, session, applicant_name="  ", applicant_id_number="12ab")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and "tên" in " ".join(body["errors"]["applicant_name"]).lower()
    assert "9 đến 13 chữ số" in " ".join(body["errors"]["applicant_id_number"])
    missing = post_intake(client, ow, session, presented=[])
    assert missing.status_code == 400 and "Tờ khai" in missing.json()["message"]
    bad_key = post_intake(client, ow, session, key="x")
    assert bad_key.status_code == 400 and "mã gửi" in bad_key.json()["message"].lower()
    assert not Dossier.objects.exists()


def test_signed_out_and_stale_csrf_keep_the_queue(ow):
    session = ow.plan()
    response = post_intake(Client(), ow, session)  # signed out (the session cookie expired)
    assert response.status_code == 401 and response.json()["code"] == "signed_out"
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(ow.officer)
    stale = post_intake(officer, ow, session, HTTP_X_CSRFTOKEN="stale-token")
    assert stale.status_code == 403 and not stale["Content-Type"].startswith("application/json")
    assert not Dossier.objects.exists()


def test_closed_session_refuses_in_vietnamese(ow, client):
    session = ow.plan()
    client.force_login(ow.manager)
    for status in ("held", "closed"):
        client.post(reverse("outreach:status", args=[session.pk]), {"status": status})
    client.force_login(ow.officer)
    response = post_intake(client, ow, session)
    assert response.status_code == 409 and "đã kết thúc" in response.json()["message"]


def test_plan_form_refuses_bad_input_in_vietnamese(ow, client):
    client.force_login(ow.manager)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("outreach:plan"),
            {"commune": ow.commune.pk, "place": "", "day": "2026-03-05", "starts_at": "11:00", "ends_at": "09:00"},
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nhập địa điểm" in text and "Chọn ít nhất một cán bộ" in text


def test_report_and_excel(ow, client):
    session = ow.plan()
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        post_intake(client, ow, session)
    client.force_login(ow.manager)
    query = {"tu": "2026-03-01", "den": "2026-03-31"}
    page = client.get(reverse("outreach:report"), query)
    assert page.status_code == 200 and "Thôn Đồng Tâm" in page.content.decode()
    response = client.get(reverse("outreach:report_xlsx"), query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[0][2] == "Thôn Đồng Tâm" and rows[0][6] == 1
    assert client.get(reverse("outreach:report"), {"tu": "không phải ngày"}).status_code == 200


def test_service_worker_is_served_in_the_scope_of_the_intake_pages(client):
    response = client.get(reverse("outreach:service_worker"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    text = response.content.decode()
    assert "/static/outreach/intake.js" in text and 'request.method !== "GET"' in text  # never caches a POST


def _scan(content: bytes = b"%PDF-1.4\n% to khai\n", name: str = "to-khai.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_scans_are_stored_with_the_dossier_and_part_of_the_replay_check(ow, client):
    """A dossier sent from the queue with its scans: stored as the dossier's documents in the same reception;
    the same key with the same bytes (a new multipart body) replays, with other bytes it is a conflict."""
    session = ow.plan()
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        first = post_intake(client, ow, session, files=[_scan()])
        again = post_intake(client, ow, session, files=[_scan(name="ban-khac-ten.pdf")])
        other = post_intake(client, ow, session, files=[_scan(b"%PDF-1.4\n% khac\n")])
        none = post_intake(client, ow, session)
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert other.status_code == 409 and other.json()["code"] == "key_conflict"
    assert none.status_code == 409  # the same key without the scans is another submission
    dossier = Dossier.objects.get()
    assert dossier.documents.count() == 1


def test_a_scan_of_a_refused_type_claims_nothing(ow, client):
    session = ow.plan()
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        refused = post_intake(client, ow, session, files=[_scan(b"MZ\x90\x00 not a document", name="virus.exe")])
        fixed = post_intake(client, ow, session, files=[_scan()])
    assert refused.status_code == 400 and refused.json()["message"]
    assert fixed.status_code == 201  # the key was not claimed by the refused try
    assert Dossier.objects.count() == 1
