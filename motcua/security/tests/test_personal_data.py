import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.datastore.models import StoredDocument
from motcua.datastore.tests.factories import StoredDocumentFactory
from motcua.dossiers.audit import verify_all
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import vn
from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import CitizenFactory, send_feedback
from motcua.security.personal_data import PLACEHOLDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    person = CitizenFactory(username="an", phone="0912345678", email="an@example.com")
    world.receive(applicant_id_number="001203004567", applicant_address="12 Hàng Bạc, Hà Nội")
    world.receive(applicant_name="Trần Thị Bình", applicant_phone="0987654321")
    StoredDocumentFactory(owner=person, title="Trích lục khai sinh", file=ContentFile(b"%PDF copy", name="k.pdf"))
    send_feedback(unit=world.one_stop, at=vn(2026, 3, 3, 9, 0), sender=person, contact_name="An", contact="0912345678")
    return person


def export(capsys, *options):
    call_command("personal_data", "export", *options)
    return json.loads(capsys.readouterr().out)


def test_export_by_user_lists_own_dossiers_documents_and_feedback_only(citizen, capsys):
    data = export(capsys, "--user", "an")

    assert data["account"]["phone"] == "0912345678"
    assert [d["applicant"]["name"] for d in data["dossiers"]] == ["Nguyễn Văn An"]
    assert data["dossiers"][0]["events"]
    assert [s["title"] for s in data["stored_documents"]] == ["Trích lục khai sinh"]
    assert [f["title"] for f in data["feedback"]] == ["Thời gian chờ tại quầy quá lâu"]
    assert data["ratings"] == []


def test_export_by_phone_finds_dossiers_without_an_account(citizen, capsys):
    data = export(capsys, "--phone", "0987654321")

    assert data["account"] is None
    assert [d["applicant"]["name"] for d in data["dossiers"]] == ["Trần Thị Bình"]


def test_delete_anonymises_dossiers_keeps_history_and_deactivates_account(citizen, capsys):
    stored_file = StoredDocument.objects.get(owner=citizen).file
    storage, name = stored_file.storage, stored_file.name

    call_command("personal_data", "delete", "--user", "an", "--confirm")

    citizen.refresh_from_db()
    kept = Dossier.objects.order_by("pk").values_list("applicant_name", "applicant_phone", "applicant_id_number")
    assert list(kept) == [(PLACEHOLDER, "", ""), ("Trần Thị Bình", "0987654321", "")]
    assert (citizen.is_active, citizen.phone, citizen.email, citizen.has_usable_password()) == (False, "", "", False)
    assert not StoredDocument.objects.exists()
    assert not storage.exists(name)
    assert verify_all().first_break is None
    assert list(Feedback.objects.values_list("contact_name", "contact")) == [("", "")]
    assert "0912345678" not in capsys.readouterr().out


def test_delete_requires_confirmation(citizen):
    with pytest.raises(CommandError, match="--confirm"):
        call_command("personal_data", "delete", "--user", "an")


def test_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no account 'nobody'"):
        call_command("personal_data", "export", "--user", "nobody")
