"""A full upload disk and an unreachable database answer clearly (507 / 503) and leave nothing half-written."""

import errno

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils.translation import gettext

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.integrations.tests.factories import api_client, auth_header
from motcua.security.storage import CleanFileSystemStorage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DiskFillsUp(File):
    """Content whose second chunk hits a full disk, as the write loop of the storage would see it."""

    def __init__(self) -> None:
        super().__init__(None, name="x.pdf")

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 first chunk"
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    ("storage_class", "partial_left"), [(FileSystemStorage, True), (CleanFileSystemStorage, False)]
)
def test_a_write_failing_half_way_leaves_no_partial_file(tmp_path, storage_class, partial_left):
    storage = storage_class(location=tmp_path)

    with pytest.raises(OSError) as failure:
        storage.save("dossiers/a.pdf", DiskFillsUp())

    assert failure.value.errno == errno.ENOSPC
    assert (tmp_path / "dossiers" / "a.pdf").exists() is partial_left  # Django's own storage leaves it


def test_a_clean_save_still_works_and_an_existing_name_is_not_removed(tmp_path):
    storage = CleanFileSystemStorage(location=tmp_path)
    first = storage.save("a.pdf", ContentFile(PDF))
    second = storage.save("a.pdf", ContentFile(PDF))  # Django picks another name

    assert first != second
    assert storage.open(first).read() == PDF
    assert storage.open(second).read() == PDF


@pytest.fixture
def awaiting(world):
    dossier = world.dossier_in("submitted")
    return services.dossier_request_supplement(
        officer=world.counter, dossier=dossier, expected_version=dossier.version, items=["Giấy chứng sinh"]
    )


def upload(client, world, dossier, key):
    return client.post(
        f"/api/v1/dossiers/{dossier.code}/documents",
        {"expected_version": dossier.version, "file": [SimpleUploadedFile("a.pdf", PDF, "application/pdf")]},
        headers={**auth_header(api_client(world.one_stop)), "Idempotency-Key": key},
    )


def test_an_upload_onto_a_full_disk_is_a_507_and_nothing_is_saved_then_the_retry_succeeds(
    client, world, awaiting, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    real_save = CleanFileSystemStorage._save
    monkeypatch.setattr(
        CleanFileSystemStorage, "_save", lambda self, name, content: real_save(self, name, DiskFillsUp())
    )

    response = upload(client, world, awaiting, "k-1")

    assert response.status_code == 507
    assert response.json() == {
        "detail": gettext(
            "The server's file storage is full: nothing was saved. Please try again later or tell the administrator."
        ),
        "code": "storage_full",
    }
    awaiting.refresh_from_db()
    assert (awaiting.status, awaiting.version) == ("awaiting_supplement", 2)
    assert not DossierDocument.objects.filter(dossier=awaiting, kind="supplement").exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []

    monkeypatch.setattr(CleanFileSystemStorage, "_save", real_save)  # the disk has room again
    retried = upload(client, world, awaiting, "k-1")

    assert retried.status_code == 200, retried.content
    assert DossierDocument.objects.filter(dossier=awaiting, kind="supplement").count() == 1


def test_a_lost_database_connection_is_a_503_with_retry_after(client, world, monkeypatch):
    def refuse(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "dossier_submit", refuse)
    response = client.post(
        "/api/v1/dossiers",
        {"procedure_code": world.procedure.code, "receiving_unit": world.one_stop.e_identifier, "applicant_name": "An"},
        content_type="application/json",
        headers=auth_header(api_client(world.one_stop)),
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_unavailable"
    assert not Dossier.objects.exists()


def test_a_console_page_gets_an_error_page_with_the_message(rf):
    from motcua.security.middleware import ServiceErrorMiddleware

    response = ServiceErrorMiddleware(lambda request: None).process_exception(
        rf.get("/can-bo/"), OSError(errno.ENOSPC, "full")
    )

    assert response.status_code == 507
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'data-testid="error-507"' in page
    assert (
        gettext(
            "The server's file storage is full: nothing was saved. Please try again later or tell the administrator."
        ).replace("'", "&#x27;")
        in page
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_page_while_the_database_is_down_in_a_real_browser(live_server, page, phone_page, screenshot, monkeypatch):
    """The home page's query fails as when PostgreSQL restarts: the citizen sees a 503 page, not a server error."""
    from motcua.portal import public_stats

    def down(**kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(public_stats, "most_used_procedures", down)
    response = page.goto(live_server.url + "/")
    assert response.status == 503
    assert response.headers["retry-after"] == "5"
    assert page.get_by_test_id("error-503").is_visible()
    assert gettext("The database is unavailable for a moment: please try again in a few seconds.") in page.inner_text(
        "main"
    )
    screenshot(page, "security-service-error-503-desktop")
    phone_page.goto(live_server.url + "/")
    assert phone_page.get_by_test_id("error-503").is_visible()
    screenshot(phone_page, "security-service-error-503-phone")


def test_other_errors_are_left_to_django(rf):
    from motcua.security.middleware import ServiceErrorMiddleware

    assert ServiceErrorMiddleware(lambda request: None).process_exception(rf.get("/"), ValueError()) is None
    assert (
        ServiceErrorMiddleware(lambda request: None).process_exception(rf.get("/"), OSError(errno.EACCES, "x")) is None
    )


def test_other_os_errors_in_the_api_stay_the_api_s_own_500(client, world, monkeypatch):
    def broken(**kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(services, "dossier_submit", broken)
    response = client.post(
        "/api/v1/dossiers",
        {"procedure_code": world.procedure.code, "receiving_unit": world.one_stop.e_identifier, "applicant_name": "An"},
        content_type="application/json",
        headers=auth_header(api_client(world.one_stop)),
    )

    assert response.status_code == 500
    assert response.json() == {"detail": gettext("Internal error; it has been logged.")}
