"""Copies certified before the requester had an account (or before it had a verified number) join the account's
personal data store when the identity provider asserts that number at sign-in (motcua.sso), once."""

from __future__ import annotations

import pytest
import time_machine

from motcua.accounts.choices import UserKind
from motcua.accounts.models import User
from motcua.certify import services
from motcua.certify.models import CertifiedCopy
from motcua.datastore.models import StoredDocument
from motcua.datastore.selectors import stored_documents_for
from motcua.dossiers.tests.factories import vn
from motcua.sso.conf import Provider
from motcua.sso.services import identity_sign_in

from .conftest import scan

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 9, 0)
LATER = vn(2026, 6, 1, 10, 0)
NAM = "001190099999"  # no account when the copies are made
PROVIDER = Provider(
    key="vneid",
    name="VNeID",
    issuer="https://vneid.example",
    client_id="motcua",
    client_secret="s",
    acr_values=("muc-do-2",),
    id_number_claim="so_dinh_danh",
)


def _issue(cw, id_number=NAM, title="Giấy khai sinh"):
    return services.certified_copy_issue(
        officer=cw.officer,
        unit=cw.committee,
        requester_name="Phạm Văn Nam",
        id_number=id_number,
        title=title,
        scans=[scan()],
        now=NOW,
    )


def _sign_in(sub: str, id_number: str, name: str = "Phạm Văn Nam") -> User:
    claims = {"sub": sub, "name": name, "so_dinh_danh": id_number}
    with time_machine.travel(LATER, tick=False):
        return identity_sign_in(provider=PROVIDER, issuer=PROVIDER.issuer, claims=claims, acr="muc-do-2")


def test_earlier_copies_join_the_store_at_the_first_verified_sign_in_and_only_once(cw):
    first, second = _issue(cw), _issue(cw, title="Bằng tốt nghiệp")
    assert not StoredDocument.objects.exists()

    nam = _sign_in("nam-1", NAM)

    assert set(CertifiedCopy.objects.filter(owner=nam)) == {first, second}
    stored = stored_documents_for(user=nam, today=LATER.date())
    assert sorted(s.result_code for s in stored) == sorted([first.book_reference, second.book_reference])
    assert {s.file.name for s in stored} == {first.file.name, second.file.name}  # the book's file, no second one

    _sign_in("nam-1", NAM)  # idempotent: a second sign-in links nothing more
    assert StoredDocument.objects.filter(owner=nam).count() == 2


def test_a_citizen_with_another_number_never_gets_them(cw):
    _issue(cw)

    hoa = _sign_in("hoa-1", "001190012345", name="Lê Thị Hoa")

    assert not CertifiedCopy.objects.filter(owner=hoa).exists()
    assert not StoredDocument.objects.filter(owner=hoa).exists()
    assert CertifiedCopy.objects.get().owner is None


def test_a_number_typed_in_the_profile_links_nothing(cw):
    """Only the provider's claim is a verified number: a profile where someone typed Nam's number gets nothing,
    neither the earlier copies nor a new one."""
    _issue(cw)
    User.objects.create(username="mao", kind=UserKind.CITIZEN, id_number=NAM)

    _issue(cw, title="Chứng minh nhân dân")

    assert not CertifiedCopy.objects.exclude(owner=None).exists()
    assert not StoredDocument.objects.exists()


def test_a_copy_already_held_by_an_account_stays_there(cw):
    nam = _sign_in("nam-1", NAM)
    copy = _issue(cw)
    assert copy.owner == nam  # linked at issue through the verified number

    other = _sign_in("nam-2", NAM)  # a second provider account asserting the same number

    copy.refresh_from_db()
    assert copy.owner == nam and not StoredDocument.objects.filter(owner=other).exists()


def test_logs_of_issue_and_link_carry_no_name_or_number(cw, caplog):
    """Personal data never in logs: certify logs database ids and counts only (the masking filter is the net)."""
    caplog.set_level("DEBUG")
    _issue(cw)
    _sign_in("nam-1", NAM)

    records = [r for r in caplog.records if r.name.startswith(("motcua.certify", "motcua.datastore", "motcua.sso"))]
    assert {r.msg for r in records} >= {"certify.copy_issued", "certify.copies_linked", "datastore.added"}
    for record in records:
        text = record.getMessage() + repr(vars(record))
        assert NAM not in text and "Phạm Văn Nam" not in text and "Giấy khai sinh" not in text
