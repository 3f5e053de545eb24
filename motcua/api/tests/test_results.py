import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from motcua.dossiers.tests.factories import World
from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db


def signed_pdf(issued) -> bytes:
    with issued.document.file.open("rb") as handle:
        return handle.read()


def test_results_list_the_e_result_with_its_code_and_signer(client, issued, headers):
    rows = client.get(f"/api/v1/dossiers/{issued.dossier.code}/results", headers=headers).json()
    assert [(r["result_code"], r["signed"], r["signer"]) for r in rows] == [
        (issued.result_code, True, issued.signer_name)
    ]
    assert rows[0]["sha256"] == issued.sha256


def test_signed_pdf_downloads_by_its_e_result_code(client, issued, headers):
    response = client.get(f"/api/v1/dossiers/{issued.dossier.code}/results/{issued.result_code}", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == signed_pdf(issued)


def test_the_listed_download_path_serves_the_same_file(client, issued, headers):
    row = client.get(f"/api/v1/dossiers/{issued.dossier.code}/results", headers=headers).json()[0]
    response = client.get(row["download_path"], headers=headers)
    assert b"".join(response.streaming_content) == signed_pdf(issued)


def test_unknown_e_result_code_is_a_404(client, issued, headers):
    response = client.get(f"/api/v1/dossiers/{issued.dossier.code}/results/KQ-NOPE", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": gettext("Not found.")}


def test_results_of_another_units_dossier_are_a_404(client, issued):
    elsewhere = auth_header(api_client(World().one_stop))
    code = issued.dossier.code
    assert client.get(f"/api/v1/dossiers/{code}/results", headers=elsewhere).status_code == 404
    assert client.get(f"/api/v1/dossiers/{code}/results/{issued.result_code}", headers=elsewhere).status_code == 404


def test_results_need_a_token_and_the_read_scope(client, issued, portal):
    url = f"/api/v1/dossiers/{issued.dossier.code}/results"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=auth_header(portal, "status:read")).status_code == 403


def test_dossier_without_results_lists_none(client, world, headers):
    dossier = world.dossier_in("submitted")
    assert client.get(f"/api/v1/dossiers/{dossier.code}/results", headers=headers).json() == []


def verify(client, headers, **data):
    return client.post("/api/v1/results/verify", data, headers=headers)


def test_uploaded_original_is_valid_and_registered(client, issued, trusted, headers):
    response = verify(client, headers, file=SimpleUploadedFile("kq.pdf", signed_pdf(issued)))
    body = response.json()
    assert response.status_code == 200
    assert (body["verdict"], body["registered"], body["result_code"]) == ("valid", True, issued.result_code)
    assert body["dossier_code"] == issued.dossier.code


def test_code_checks_the_registered_file(client, issued, trusted, headers):
    body = verify(client, headers, code=issued.result_code.lower()).json()
    assert (body["verdict"], body["intact"], body["trusted"]) == ("valid", True, True)


def test_without_a_trust_root_the_signer_is_untrusted(client, issued, headers):
    assert verify(client, headers, code=issued.result_code).json()["verdict"] == "untrusted"


def test_changed_file_is_reported_modified_and_not_registered(client, issued, trusted, headers):
    data = bytearray(signed_pdf(issued))
    position = data.index(b"/Contents") - 40
    data[position] = data[position] ^ 0x01
    body = verify(client, headers, file=SimpleUploadedFile("kq.pdf", bytes(data))).json()
    assert body["verdict"] in ("modified", "invalid")
    assert body["registered"] is False


def test_unsigned_pdf_gets_an_answer(client, db, headers):
    body = verify(client, headers, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")).json()
    assert body["verdict"] in ("unsigned", "unreadable")


def test_unknown_code_is_a_404(client, db, headers):
    assert verify(client, headers, code="KQ-KHONG-CO").status_code == 404


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({}, 422),
        ({"code": "KQ", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, 422),
        ({"code": "K" * 81}, 422),
        ({"file": SimpleUploadedFile("a.pdf", b"")}, 422),
        ({"file": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nxxxx")}, 415),
    ],
)
def test_bad_verification_requests_are_refused_not_500(client, db, headers, data, status):
    response = verify(client, headers, **data)
    assert response.status_code == status
    assert "detail" in response.json()


def test_oversized_file_is_a_413(client, db, headers, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 8
    response = verify(client, headers, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 and more"))
    assert response.status_code == 413


def test_verification_needs_a_token_and_the_status_scope(client, portal):
    assert verify(client, {}, code="KQ").status_code == 401
    assert verify(client, auth_header(portal, "dossiers:read"), code="KQ").status_code == 403


def test_flate_bomb_is_refused_with_a_clear_422_not_a_500(client, db, headers):
    from motcua.esign.tests.bomb import flate_bomb

    response = client.post(
        "/api/v1/results/verify",
        {"file": SimpleUploadedFile("bom.pdf", flate_bomb(3_000_000))},
        headers={**headers, "Accept-Language": "vi"},
    )
    assert response.status_code == 422
    assert "vượt quá giới hạn kiểm tra" in response.json()["detail"]


def test_verification_is_rate_limited_per_client(client, db, headers, settings):
    settings.MOTCUA_VERIFY_LIMIT = (2, 600)
    statuses = [verify(client, headers, code=f"KQ-{n}").status_code for n in range(3)]
    assert statuses == [404, 404, 429]
    assert "detail" in verify(client, headers, code="KQ-4").json()
