"""The certify form is no oracle for citizen accounts (issue 21, insider review): it used to answer "No citizen
account has this identification number" for a number without an account, so an officer could test any number.
Now the page, its errors and the copy it makes look the same whether or not an account has the number; the copy
is linked to the account silently when there is one."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from motcua.certify.models import CertifiedCopy
from motcua.datastore.models import StoredDocument
from motcua.dossiers.tests.factories import vn

from .conftest import scan

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 9, 0)
WITH_ACCOUNT = "001190012345"  # cw.citizen's number
WITHOUT_ACCOUNT = "001190099999"


def _visible(response, pk=None) -> str:
    """The page as a person sees it: the CSRF token (random per request) and the copy's database id aside."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return text.replace(f"/{pk}/", "/ID/") if pk is not None else text


def _post(client, cw, id_number, *, scans):
    data = {"unit": cw.committee.pk, "requester_name": "Lê Thị Hoa", "id_number": id_number, "title": "Giấy khai sinh"}
    return client.post(reverse("certify:create"), {**data, "scans": scans})


def _certify_and_read(client, cw, id_number):
    """Certify in a transaction rolled back afterwards, so both runs get the same book number."""
    with transaction.atomic():
        response = _post(client, cw, id_number, scans=[scan()])
        copy = CertifiedCopy.objects.get()
        pages = (
            response.status_code,
            response["Location"].replace(f"/{copy.pk}/", "/ID/"),
            _visible(client.get(response["Location"]), copy.pk),
            _visible(client.get(reverse("certify:book"), {"nam": 2026}), copy.pk),
        )
        linked = (copy.owner_id, StoredDocument.objects.count())
        transaction.set_rollback(True)
    return pages, linked


def test_the_same_answer_with_and_without_an_account(client, cw):
    client.force_login(cw.officer)
    with time_machine.travel(NOW, tick=False):
        with_account, linked = _certify_and_read(client, cw, WITH_ACCOUNT)
        without_account, unlinked = _certify_and_read(client, cw, WITHOUT_ACCOUNT)
    assert with_account == without_account
    assert with_account[0] == 302 and "1/2026/SCT-BSĐT" in with_account[2] and "Lê Thị Hoa" in with_account[2]
    assert linked == (cw.citizen.pk, 1) and unlinked == (None, 0)  # linked silently when the account exists


@pytest.mark.parametrize(
    "scans",
    [[], "not-an-image"],
    ids=["no scan", "bad scan"],
)
def test_the_same_error_page_with_and_without_an_account(client, cw, scans):
    """A refused form (the cheap probe: no scan, no signature) says the same for both numbers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cw.officer)
    answers = []
    for number in (WITH_ACCOUNT, WITHOUT_ACCOUNT):
        files = [SimpleUploadedFile("trang.png", b"khong phai anh")] if scans else []
        response = _post(client, cw, number, scans=files)
        answers.append((response.status_code, _visible(response).replace(number, "NUMBER")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400 and "Không có tài khoản" not in answers[0][1]
    assert not CertifiedCopy.objects.exists()
