"""Retention periods: what is past them is anonymised (dossiers, PAKN) or deleted (codes, logs), nothing else."""

import datetime as dt
import os

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.accounts.models import SignInCode
from motcua.dossiers.audit import verify_all
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.factories import vn
from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import send_feedback
from motcua.integrations.models import IdempotencyRecord
from motcua.integrations.tests.factories import api_client
from motcua.security.personal_data import PLACEHOLDER
from motcua.security.retention import personal_data_purge
from motcua.sync import services as sync
from motcua.sync.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db
LATER = vn(2031, 6, 1, 9, 0)  # five years and three months after the dossiers of the world


@pytest.fixture
def five_years(settings):
    settings.MOTCUA_RETENTION_DOSSIER_DAYS = 5 * 365
    settings.MOTCUA_RETENTION_FEEDBACK_DAYS = 5 * 365
    settings.MOTCUA_RETENTION_SIGNIN_CODE_DAYS = 30
    settings.MOTCUA_RETENTION_LOG_DAYS = 180


@pytest.fixture
def dossiers(world):
    closed = world.dossier_in("delivered")
    open_ = world.dossier_in("in_progress")
    return closed, open_


def applicant(dossier):
    dossier.refresh_from_db()
    return dossier.applicant_name, dossier.applicant_phone, dossier.applicant_email


def test_closed_dossiers_past_retention_are_anonymised_and_their_history_stays(dossiers, five_years):
    closed, open_ = dossiers
    events_before = list(DossierEvent.objects.order_by("pk").values_list("pk", "hash"))

    result = personal_data_purge(dry_run=False, now=LATER)

    assert result.counts["dossiers"] == 1
    assert applicant(closed) == (PLACEHOLDER, "", "")
    assert applicant(open_) == ("Nguyễn Văn An", "0912345678", "an@example.com")  # still being handled
    assert list(DossierEvent.objects.order_by("pk").values_list("pk", "hash")) == events_before
    assert verify_all().first_break is None
    assert personal_data_purge(dry_run=False, now=LATER).counts["dossiers"] == 0  # idempotent


def test_a_closed_dossier_within_retention_is_kept(dossiers, five_years):
    closed, _ = dossiers

    assert personal_data_purge(dry_run=False, now=vn(2030, 1, 1, 9, 0)).counts["dossiers"] == 0
    assert applicant(closed)[0] == "Nguyễn Văn An"


def test_dossiers_are_kept_by_default_for_the_archive_period(dossiers, settings):
    settings.MOTCUA_RETENTION_DOSSIER_DAYS = 0
    closed, _ = dossiers

    result = personal_data_purge(dry_run=False, now=vn(2060, 1, 1, 9, 0))

    assert "dossiers" not in result.counts
    assert applicant(closed)[0] == "Nguyễn Văn An"


def test_dry_run_counts_and_changes_nothing(dossiers, five_years):
    closed, _ = dossiers

    result = personal_data_purge(dry_run=True, now=LATER)

    assert (result.dry_run, result.counts["dossiers"], result.actions["dossiers"]) == (True, 1, "anonymise")
    assert applicant(closed)[0] == "Nguyễn Văn An"


def test_closed_feedback_loses_its_contact_open_feedback_keeps_it(world, five_years):
    answered = send_feedback(unit=world.one_stop, at=vn(2026, 3, 3, 9, 0), contact_name="An", contact="0912345678")
    waiting = send_feedback(unit=world.one_stop, at=vn(2026, 3, 3, 9, 0), contact_name="Bình", contact="0987654321")
    Feedback.objects.filter(pk=answered.pk).update(status="answered", answered_at=vn(2026, 3, 10, 9, 0))

    assert personal_data_purge(dry_run=False, now=LATER).counts["feedback"] == 1

    contacts = dict(Feedback.objects.values_list("pk", "contact"))
    assert contacts == {answered.pk: "", waiting.pk: "0987654321"}
    assert Feedback.objects.get(pk=answered.pk).content  # the PAKN itself is kept


def test_codes_logs_sessions_and_idempotency_answers_past_retention_are_deleted(world, five_years):
    now = vn(2026, 9, 1, 9, 0)
    for created in (now - dt.timedelta(days=31), now - dt.timedelta(days=1)):
        SignInCode.objects.create(
            channel="sms",
            address_hash="a" * 64,
            salt="s",
            code_hash="c" * 64,
            created_at=created,
            expires_at=created + dt.timedelta(minutes=10),
        )
    sync.endpoint_create(name="Webhook", kind="webhook", url="http://127.0.0.1:9/x")
    world.dossier_in("submitted")
    sync.outbox_dispatch_batch(worker="t")
    delivery = Delivery.objects.get()
    for number, started in enumerate((now - dt.timedelta(days=181), now - dt.timedelta(days=10)), start=1):
        DeliveryAttempt.objects.create(delivery=delivery, number=number, started_at=started)
    client = api_client(world.one_stop)
    IdempotencyRecord.objects.create(client=client, key="old", request_hash="h", created_at=now - dt.timedelta(days=2))
    IdempotencyRecord.objects.create(client=client, key="new", request_hash="h", created_at=now)
    session = SessionStore()
    session.set_expiry(1)
    session.create()
    Session.objects.filter(session_key=session.session_key).update(expire_date=now - dt.timedelta(days=1))

    counts = personal_data_purge(dry_run=False, now=now).counts

    assert (counts["sign_in_codes"], counts["delivery_attempts"], counts["idempotency_records"]) == (1, 1, 1)
    assert counts["expired_sessions"] == 1
    assert SignInCode.objects.count() == 1
    assert list(DeliveryAttempt.objects.values_list("number", flat=True)) == [2]
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_command_dry_run_by_default_then_confirm(dossiers, five_years, capsys, time_machine):
    closed, _ = dossiers
    time_machine.move_to(LATER)

    call_command("personal_data", "purge", "--dry-run")
    dry = capsys.readouterr().out
    assert "dossiers\tẩn danh / anonymise\t1" in dry
    assert "--confirm" in dry
    assert applicant(closed)[0] == "Nguyễn Văn An"

    call_command("personal_data", "purge", "--confirm")
    assert "dossiers\tẩn danh / anonymise\t1" in capsys.readouterr().out
    assert applicant(closed)[0] == PLACEHOLDER
    assert Dossier.objects.count() == 2


def test_command_refuses_both_flags_and_a_negative_period(db, settings):
    with pytest.raises(CommandError, match="not both"):
        call_command("personal_data", "purge", "--dry-run", "--confirm")
    settings.MOTCUA_RETENTION_LOG_DAYS = -1
    with pytest.raises(CommandError, match="MOTCUA_RETENTION_LOG_DAYS"):
        call_command("personal_data", "purge")


def test_files_no_row_points_at_are_deleted_once_a_day_old(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    from motcua.datastore.tests.factories import StoredDocumentFactory
    from motcua.feedback.tests.factories import CitizenFactory

    kept = StoredDocumentFactory(owner=CitizenFactory(), file=ContentFile(b"%PDF kept", name="k.pdf")).file.name
    (tmp_path / "dossiers").mkdir(exist_ok=True)
    orphan, fresh = tmp_path / "dossiers" / "rolled-back.pdf", tmp_path / "dossiers" / "being-written.pdf"
    orphan.write_bytes(b"%PDF half")
    fresh.write_bytes(b"%PDF now")
    now = dt.datetime.now(dt.UTC)
    day_old = (now - dt.timedelta(days=2)).timestamp()
    os.utime(orphan, (day_old, day_old))
    # Ages are measured against the process's "now": stamp the fresh file with it too (under a moved clock the
    # filesystem's own stamp is the machine's real time, which may lie years before "now").
    os.utime(fresh, (now.timestamp(), now.timestamp()))
    os.utime(tmp_path / kept, (day_old, day_old))

    assert personal_data_purge(dry_run=True).counts["orphan_files"] == 1
    assert orphan.exists()
    assert personal_data_purge(dry_run=False).counts["orphan_files"] == 1

    assert not orphan.exists()
    assert fresh.exists()  # younger than a day: perhaps an upload in progress
    assert (tmp_path / kept).exists()
