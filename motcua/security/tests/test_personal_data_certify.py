"""Certified copies (motcua.certify) in a data subject's export and erasure (ND 13/2023 art. 14, 16)."""

import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.certify.models import CertifiedCopy
from motcua.certify.services import _store_for_owner
from motcua.datastore.models import StoredDocument
from motcua.dossiers.tests.factories import officer_in
from motcua.security.personal_data import personal_data_delete, personal_data_export
from motcua.sso.models import ExternalIdentity
from motcua.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
HOA, OTHER = "001190012345", "001190099999"


@pytest.fixture
def book():
    unit = UnitFactory(name="Ủy ban nhân dân xã Tân Lập")
    officer = officer_in(unit, Role.COUNTER_OFFICER)
    hoa = User.objects.create(username="hoa", full_name="Lê Thị Hoa", kind=UserKind.CITIZEN, id_number=HOA)
    ExternalIdentity.objects.create(user=hoa, provider="thu", issuer="https://id.example", subject="s1", id_number=HOA)

    def copy(number, *, name, id_number, owner=None):
        entry = CertifiedCopy(
            unit=unit,
            year=2026,
            number=number,
            title=f"Bằng tốt nghiệp {number}",
            pages=1,
            fee=2000,
            requester_name=name,
            requester_id_number=id_number,
            owner=owner,
            officer=officer,
            signer_name="UBND xã Tân Lập",
            size=9,
            sha256=f"{number:064x}",
            original_sha256="0" * 64,
            issued_at=NOW + dt.timedelta(minutes=number),
        )
        entry.file.save(f"chung-thuc-2026-{number}.pdf", ContentFile(b"%PDF copy"), save=False)
        entry.save()
        if owner is not None:
            _store_for_owner(entry, owner)
        return entry

    with time_machine.travel(NOW, tick=False):
        linked = copy(1, name="Lê Thị Hoa", id_number=HOA, owner=hoa)
        by_number = copy(2, name="Lê Thị Hoa", id_number=HOA)  # before she had an account
        stranger = copy(3, name="Phạm Văn Nam", id_number=OTHER)
    return hoa, linked, by_number, stranger


def test_export_lists_linked_copies_and_those_requested_with_her_verified_number(book):
    _hoa, linked, by_number, _stranger = book

    data = personal_data_export(username="hoa")

    assert [(c["book_reference"], c["linked_to_account"]) for c in data["certified_copies"]] == [
        (linked.book_reference, True),
        (by_number.book_reference, False),
    ]
    assert data["certified_copies"][1]["requester"] == {"name": "Lê Thị Hoa", "id_number": HOA}


def test_a_number_typed_in_the_profile_does_not_open_another_persons_copies(book):
    # Nam's number typed in a profile (not verified by the identity provider): none of Nam's copies
    User.objects.create(username="mao", kind=UserKind.CITIZEN, id_number=OTHER)
    assert personal_data_export(username="mao")["certified_copies"] == []
    # and a citizen with a verified number of her own sees only hers
    assert {c["requester"]["id_number"] for c in personal_data_export(username="hoa")["certified_copies"]} == {HOA}


def test_erasure_keeps_the_book_entry_and_its_file_drops_the_store_copy_and_the_link(book):
    hoa, linked, _by_number, _stranger = book
    before = list(CertifiedCopy.objects.order_by("pk").values_list("number", "requester_name", "requester_id_number"))

    with time_machine.travel(NOW + dt.timedelta(days=30), tick=False):
        result = personal_data_delete(username="hoa")

    assert result.certified_copies == 1
    assert list(
        CertifiedCopy.objects.order_by("pk").values_list("number", "requester_name", "requester_id_number")
    ) == (before)
    assert not CertifiedCopy.objects.filter(owner=hoa).exists()
    assert not StoredDocument.objects.filter(owner=hoa).exists()
    linked.refresh_from_db()
    assert linked.file.storage.exists(linked.file.name)  # the register's signed copy is never deleted
    assert result.files_deleted == 0
    assert list(ExternalIdentity.objects.values_list("id_number", flat=True)) == [""]
    assert personal_data_export(username=f"anonymised-{hoa.pk}")["certified_copies"] == []


def test_delete_command_reports_the_book_entries_kept(book, capsys):
    call_command("personal_data", "delete", "--user", "hoa", "--confirm")
    out = capsys.readouterr().out
    assert "1 " in out and HOA not in out


def test_the_national_procedure_record_says_each_certification_is_entered_in_the_book():
    """The outside reference for "the book is the register": the national database's record of the procedure
    "Chứng thực bản sao từ bản chính" (2.000815), read at test time."""
    record = json.loads((settings.MOTCUA_SHARED_DATA / "tthc" / "bo-tu-phap" / "2.000815.json").read_text("utf-8"))
    assert record["ten_thu_tuc"].startswith("Chứng thực bản sao từ bản chính")
    assert "ghi vào sổ chứng thực" in record["trinh_tu_thuc_hien"] + record.get("raw_text", "")
    assert "23/2015/NĐ-CP" in str(record["can_cu_phap_ly"])
