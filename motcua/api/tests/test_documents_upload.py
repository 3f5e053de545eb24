import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.choices import DocumentKind
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.tests.factories import World
from motcua.integrations.models import IdempotencyRecord
from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="giay-chung-sinh.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def awaiting(world):
    """A filed dossier for which the counter asked for a supplement (version 2)."""
    from motcua.dossiers import services

    dossier = world.dossier_in("submitted")
    return services.dossier_request_supplement(
        officer=world.counter, dossier=dossier, expected_version=dossier.version, items=["Giấy chứng sinh"]
    )


def upload(client, dossier, headers, files, key=None, **fields):
    data = {"expected_version": dossier.version, **fields, "file": files}
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/dossiers/{dossier.code}/documents", data, headers={**headers, **extra})


def test_sent_documents_are_stored_with_their_checksum_and_the_dossier_goes_back(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf(), SimpleUploadedFile("to-khai.png", PNG)])
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["version"] == awaiting.version + 1
    stored = DossierDocument.objects.filter(dossier=awaiting, kind=DocumentKind.SUPPLEMENT).order_by("id")
    assert [(d.name, d.content_type, d.sha256) for d in stored] == [
        ("giay-chung-sinh.pdf", "application/pdf", hashlib.sha256(PDF).hexdigest()),
        ("to-khai.png", "image/png", hashlib.sha256(PNG).hexdigest()),
    ]


def test_the_files_are_listed_and_downloadable_afterwards(client, awaiting, headers):
    upload(client, awaiting, headers, [pdf()])
    listed = client.get(f"/api/v1/dossiers/{awaiting.code}/documents", headers=headers).json()
    document = next(row for row in listed if row["kind"] == "supplement")
    download = client.get(f"/api/v1/dossiers/{awaiting.code}/documents/{document['id']}", headers=headers)
    assert b"".join(download.streaming_content) == PDF


def test_matching_checksum_is_accepted(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf()], sha256=[hashlib.sha256(PDF).hexdigest()])
    assert response.status_code == 200


def test_damaged_file_is_refused_by_its_checksum(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf()], sha256=["0" * 64])
    assert response.status_code == 422
    assert response.json()["code"] == "checksum_mismatch"
    assert not DossierDocument.objects.filter(kind=DocumentKind.SUPPLEMENT).exists()


@pytest.mark.parametrize("checksums", [["xyz"], ["0" * 64, "1" * 64]])
def test_malformed_or_miscounted_checksums_are_a_422(client, awaiting, headers, checksums):
    response = upload(client, awaiting, headers, [pdf()], sha256=checksums)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_file_that_is_not_pdf_jpeg_or_png_is_a_415(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf(name="virus.pdf", content=b"MZ\x90\x00 not a pdf")])
    assert response.status_code == 415
    assert response.json()["code"] == "bad_type"


def test_content_that_does_not_match_the_extension_is_a_415(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf(name="anh.png")])
    assert response.status_code == 415
    assert response.json()["code"] == "mismatch"


def test_file_over_the_limit_is_a_413(client, awaiting, headers, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 16
    response = upload(client, awaiting, headers, [pdf()])
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_empty_file_is_a_422(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf(content=b"")])
    assert response.status_code == 422


def test_missing_file_or_version_is_a_422_not_a_500(client, awaiting, headers):
    url = f"/api/v1/dossiers/{awaiting.code}/documents"
    assert client.post(url, {"expected_version": awaiting.version}, headers=headers).status_code == 422
    assert client.post(url, {"file": pdf()}, headers=headers).status_code == 422
    assert client.post(url, {"file": pdf(), "expected_version": "two"}, headers=headers).status_code == 422


def test_json_body_instead_of_multipart_is_a_422(client, awaiting, headers):
    response = client.post(
        f"/api/v1/dossiers/{awaiting.code}/documents", {"x": 1}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422


def test_stale_version_is_a_409(client, awaiting, headers):
    response = upload(client, awaiting, headers, [pdf()], expected_version=awaiting.version - 1)
    assert response.status_code == 409
    assert not DossierDocument.objects.filter(kind=DocumentKind.SUPPLEMENT).exists()


def test_dossier_received_and_not_awaiting_a_supplement_refuses_files(client, world, headers):
    dossier = world.dossier_in("received")
    response = upload(client, dossier, headers, [pdf()])
    assert response.status_code == 422
    assert response.json()["code"] == "not_allowed"


def file_through_api(client, world, headers) -> str:
    response = client.post(
        "/api/v1/dossiers",
        {
            "procedure_code": world.procedure.code,
            "receiving_unit": world.one_stop.e_identifier,
            "applicant_name": "Nguyễn Văn An",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    return response.json()["code"]


def test_files_added_to_the_clients_own_filing_before_reception(client, world, headers):
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=file_through_api(client, world, headers))
    response = upload(client, dossier, headers, [pdf()], sha256=[hashlib.sha256(PDF).hexdigest()], key="att-1")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("submitted", 2)
    event = dossier.events.get(seq=2)
    assert (event.action, event.data["by"]) == ("attach_documents", "system")
    stored = DossierDocument.objects.get(dossier=dossier)
    assert (stored.kind, stored.event, stored.sha256) == (
        DocumentKind.COMPONENT,
        event,
        hashlib.sha256(PDF).hexdigest(),
    )
    again = upload(client, dossier, headers, [pdf()], sha256=[hashlib.sha256(PDF).hexdigest()], key="att-1")
    assert again.json() == response.json() and again["Idempotent-Replayed"] == "true"
    assert DossierDocument.objects.filter(dossier=dossier).count() == 1


def test_a_filing_made_elsewhere_takes_no_files_from_this_client(client, world, headers):
    dossier = world.dossier_in("submitted")
    response = upload(client, dossier, headers, [pdf()])
    assert response.status_code == 403
    assert not DossierDocument.objects.filter(dossier=dossier).exists()


def test_another_client_of_the_same_unit_cannot_add_to_the_filing(client, world, headers):
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=file_through_api(client, world, headers))
    other = api_client(world.one_stop)
    response = upload(client, dossier, auth_header(other), [pdf()])
    assert response.status_code == 403


def test_a_bad_file_for_the_filing_is_a_415_and_nothing_is_written(client, world, headers):
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=file_through_api(client, world, headers))
    response = upload(client, dossier, headers, [pdf(), pdf(name="virus.pdf", content=b"MZ\x90")])
    assert response.status_code == 415
    assert dossier.events.count() == 1
    assert not DossierDocument.objects.filter(dossier=dossier).exists()


def test_retry_with_the_same_key_stores_the_files_once(client, awaiting, headers):
    first = upload(client, awaiting, headers, [pdf()], key="up-1")
    again = upload(client, awaiting, headers, [pdf()], key="up-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert DossierDocument.objects.filter(kind=DocumentKind.SUPPLEMENT).count() == 1


def test_same_key_with_another_file_is_a_422(client, awaiting, headers):
    upload(client, awaiting, headers, [pdf()], key="up-2")
    other = upload(client, awaiting, headers, [SimpleUploadedFile("b.png", PNG)], key="up-2")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_conflict"


def test_refused_upload_does_not_keep_its_key(client, awaiting, headers):
    upload(client, awaiting, headers, [pdf(content=b"nope")], key="up-3")
    assert not IdempotencyRecord.objects.exists()


def test_upload_needs_a_token_and_the_write_scope(client, awaiting, portal):
    assert upload(client, awaiting, {}, [pdf()]).status_code == 401
    response = upload(client, awaiting, auth_header(portal, "dossiers:read", "dossiers:act"), [pdf()])
    assert response.status_code == 403


def test_dossier_of_another_unit_is_a_404(client, awaiting):
    elsewhere = api_client(World().one_stop)
    response = upload(client, awaiting, auth_header(elsewhere), [pdf()])
    assert response.status_code == 404
    assert not DossierDocument.objects.filter(kind=DocumentKind.SUPPLEMENT).exists()
