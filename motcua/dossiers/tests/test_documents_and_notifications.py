import logging

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus, NotificationStatus
from motcua.dossiers.errors import DocumentRejected
from motcua.dossiers.models import Notification
from motcua.dossiers.notifications import notifications_send_pending
from motcua.dossiers.services import Upload, check_upload
from motcua.dossiers.tests.factories import vn

S = DossierStatus
PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_pdf_and_png_are_accepted_with_checksum():
    checked = check_upload(upload("to-khai.pdf", PDF))
    assert (checked.content_type, checked.size) == ("application/pdf", len(PDF))
    assert len(checked.sha256) == 64
    assert check_upload(upload("anh.PNG", PNG)).content_type == "image/png"


def test_executable_renamed_to_pdf_is_rejected():
    with pytest.raises(DocumentRejected) as error:
        check_upload(upload("to-khai.pdf", b"MZ\x90\x00 not a pdf"))
    assert error.value.code == "bad_type"


def test_png_named_as_jpeg_is_rejected():
    with pytest.raises(DocumentRejected) as error:
        check_upload(upload("anh.jpg", PNG))
    assert error.value.code == "mismatch"


@override_settings(MOTCUA_UPLOAD_MAX_BYTES=10)
def test_too_large_file_is_rejected():
    with pytest.raises(DocumentRejected) as error:
        check_upload(upload("to-khai.pdf", PDF))
    assert error.value.code == "too_large"


def test_uploaded_components_are_stored_under_a_random_path_and_count_for_completeness(world):
    first, second = world.all_documents()
    dossier = world.receive(
        presented_document_ids=[first],
        documents=[Upload(file=upload("Nguyen Van An - giay chung sinh.pdf", PDF), required_document_id=second)],
    )
    document = dossier.documents.get()
    assert "Nguyen" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.event == dossier.events.get() and document.digitised


def test_bad_upload_at_reception_creates_nothing(world):
    with pytest.raises(DocumentRejected):
        world.receive(documents=[Upload(file=upload("x.pdf", b"GIF89a"))])
    assert not world.procedure.dossiers.exists()


def test_signed_electronic_results_get_result_codes(world):
    dossier = world.dossier_in(S.AWAITING_SIGNATURE)
    signed = world.act(
        services.dossier_sign,
        dossier,
        at=vn(2026, 3, 3, 9, 0),
        officer=world.leader,
        results=[Upload(file=upload("kq.pdf", PDF)), Upload(file=upload("kq2.pdf", PDF))],
    )
    assert sorted(signed.documents.values_list("result_code", flat=True)) == [
        f"{signed.code}-KQ1",
        f"{signed.code}-KQ2",
    ]


def test_status_change_emails_the_applicant_through_the_outbox_and_logs_it(world):
    dossier = world.receive()
    # written in the action's transaction, sent by the worker (one durable commit per action, issue 20)
    assert mail.outbox == []
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.PENDING}
    assert notifications_send_pending() == 2
    assert notifications_send_pending() == 0  # each row is sent once
    assert len(mail.outbox) == 1 and dossier.code in mail.outbox[0].subject
    assert set(Notification.objects.values_list("channel", "template", "status")) == {
        ("email", "received", NotificationStatus.SENT),
        ("sms", "received", NotificationStatus.SENT),
    }


def test_internal_steps_do_not_notify_the_applicant(world):
    dossier = world.dossier_in(S.RECEIVED)
    Notification.objects.all().delete()
    world.act(
        services.dossier_forward,
        dossier,
        at=vn(2026, 3, 2, 10, 0),
        officer=world.counter,
        to_units=[world.department],
    )
    notifications_send_pending()
    assert mail.outbox == [] and not Notification.objects.exists()


def test_missing_address_is_logged_as_skipped(world):
    world.receive(applicant_email="")
    notifications_send_pending()
    assert Notification.objects.get(channel="email").status == NotificationStatus.SKIPPED


def test_sms_log_contains_no_personal_data(world, caplog):
    caplog.set_level(logging.INFO)
    with time_machine.travel(vn(2026, 3, 2, 9), tick=False):
        world.receive()
        notifications_send_pending()
    text = caplog.text + " ".join(str(r.__dict__) for r in caplog.records)
    assert "0912345678" not in text and "Nguyễn Văn An" not in text and "an@example.com" not in text
    assert any(record.getMessage() == "notification.sms" for record in caplog.records)
