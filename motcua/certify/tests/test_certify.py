"""Electronic certified copies: fee, signature, certification book numbering, data store, refusals, 766 4.6."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.certify import selectors, services
from motcua.certify.fees import certified_copy_fee
from motcua.certify.models import CertifiedCopy
from motcua.datastore.models import StoredDocument
from motcua.datastore.selectors import stored_documents_for
from motcua.dossiers.tests.factories import OneStopFactory, officer_in, vn
from motcua.esign.models import TrustRoot
from motcua.esign.selectors import trust_roots
from motcua.esign.verification import verify_pdf
from motcua.metrics.index766 import load_config

from .conftest import scan

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 9, 0)


def issue(
    cw,
    *,
    scans=None,
    now=NOW,
    officer=None,
    id_number="001190012345",
    name="Lê Thị Hoa",
    title="Bằng tốt nghiệp trung học phổ thông",
):
    return services.certified_copy_issue(
        officer=officer or cw.officer,
        unit=cw.committee,
        requester_name=name,
        id_number=id_number,
        title=title,
        scans=scans if scans is not None else [scan("trang-1.png"), scan("trang-2.jpg", fmt="JPEG")],
        now=now,
    )


@pytest.mark.parametrize(
    ("pages", "fee"),
    # TT 226/2016/TT-BTC art. 4: 2,000 đ/page, from the 3rd page 1,000 đ/page, at most 200,000 đ per copy
    [(1, 2_000), (2, 4_000), (3, 5_000), (10, 12_000), (198, 200_000), (300, 200_000)],
)
def test_fee_follows_the_circular(pages, fee):
    assert certified_copy_fee(pages) == fee


def test_the_copy_is_signed_numbered_in_the_book_and_stored_for_the_citizen(cw, pki):
    copy = issue(cw)
    assert (copy.year, copy.number, copy.book_reference, copy.pages, copy.fee) == (2026, 1, "1/2026/SCT-BSĐT", 2, 4000)
    data = copy.file.open("rb").read()
    TrustRoot.objects.create(name="CA tỉnh", certificate_pem=pki.ca_pem)
    verdict = verify_pdf(data, roots=trust_roots())
    assert (verdict.verdict, verdict.intact, verdict.trusted, verdict.covers_whole_file) == ("valid", True, True, True)
    stored = StoredDocument.objects.get(owner=cw.citizen)
    assert stored.sha256 == copy.sha256 and stored.result_code == "1/2026/SCT-BSĐT"
    assert stored in stored_documents_for(user=cw.citizen, today=NOW.date())
    assert issue(cw).number == 2


def test_the_book_restarts_each_year(cw):
    issue(cw, now=vn(2026, 12, 31, 16))
    assert issue(cw, now=vn(2027, 1, 4, 8)).book_reference == "1/2027/SCT-BSĐT"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Vui lòng đính kèm"),
        ([SimpleUploadedFile("ban-goc.pdf", b"%PDF-1.4\n% scan\n")], "JPEG hoặc PNG"),
        ([SimpleUploadedFile("trang.png", b"khong phai anh")], "PDF, JPEG"),
        ([SimpleUploadedFile("trang.png", b"")], "rỗng"),
    ],
)
def test_bad_scans_are_refused_and_nothing_is_written(cw, files, message):
    with pytest.raises(ValidationError) as error:
        issue(cw, scans=files)
    assert message in " ".join(error.value.message_dict["scans"])
    assert not CertifiedCopy.objects.exists() and not StoredDocument.objects.exists()


def test_too_many_pages_are_refused(cw):
    with pytest.raises(ValidationError, match="Tối đa"):
        issue(cw, scans=[scan(f"trang-{n}.png") for n in range(services.MAX_PAGES + 1)])


def test_only_officers_of_the_certifying_unit_may_certify(cw):
    stranger = officer_in(OneStopFactory(), Role.COUNTER_OFFICER)
    with pytest.raises(PermissionDenied):
        issue(cw, officer=stranger)
    assert not CertifiedCopy.objects.exists()


def test_a_copy_needs_a_title_a_requester_name_and_an_identification_number(cw):
    for kwargs, field in (
        ({"title": "   "}, "title"),
        ({"name": " "}, "requester_name"),
        ({"id_number": "12ab"}, "id_number"),
    ):
        with pytest.raises(ValidationError) as error:
            issue(cw, **kwargs)
        assert field in error.value.message_dict
    assert not CertifiedCopy.objects.exists()


def test_a_requester_without_an_account_gets_the_copy_in_the_book_only(cw):
    copy = issue(cw, id_number="001190099999", name="Phạm Văn Nam")
    assert (copy.owner, copy.requester_name, copy.requester_id_number) == (None, "Phạm Văn Nam", "001190099999")
    assert copy.book_reference == "1/2026/SCT-BSĐT" and not StoredDocument.objects.exists()
    linked = issue(cw)
    assert (linked.owner, linked.requester_name) == (cw.citizen, "Lê Thị Hoa")
    assert StoredDocument.objects.get().owner == cw.citizen


def test_no_signing_certificate_is_refused_clearly(cw):
    from motcua.esign.models import SigningCredential

    SigningCredential.objects.update(is_active=False)
    with pytest.raises(ValidationError, match="chứng thư"):
        issue(cw)


def test_indicator_4_6_counts_communes_that_certified_in_the_period(cw):
    issue(cw, now=vn(2026, 3, 2, 9))
    unit_ids = [cw.commune.pk, cw.other_commune.pk, cw.committee.pk]
    march = selectors.certified_copy_rate(
        start=vn(2026, 3, 1, 0).date(), end=vn(2026, 3, 31, 0).date(), unit_ids=unit_ids
    )
    april = selectors.certified_copy_rate(
        start=vn(2026, 4, 1, 0).date(), end=vn(2026, 4, 30, 0).date(), unit_ids=unit_ids
    )
    assert (march.numerator, march.denominator) == (1, 2)
    assert (april.numerator, april.denominator) == (0, 2)
    item = next(i for g in load_config()["groups"] for i in g["indicators"] if i["code"] == "4.6")
    assert item["indicator"] == "certified_copy_rate"


def test_officer_certifies_through_the_form_and_others_cannot_see_it(client, cw):
    client.force_login(cw.officer)
    url = reverse("certify:create")
    data = {
        "unit": cw.committee.pk,
        "requester_name": "Lê Thị Hoa",
        "id_number": "001190012345",
        "title": "Giấy khai sinh",
    }
    with time_machine.travel(NOW, tick=False):
        bad = client.post(url, {**data, "id_number": "12ab"})
        assert bad.status_code == 400 and "12 chữ số" in bad.content.decode()
        response = client.post(url, {**data, "scans": [scan()]})
    copy = CertifiedCopy.objects.get()
    assert response["Location"] == reverse("certify:detail", args=[copy.pk])
    assert client.get(reverse("certify:download", args=[copy.pk]))["Content-Type"] == "application/pdf"
    client.force_login(officer_in(OneStopFactory(), Role.COUNTER_OFFICER))
    assert client.get(reverse("certify:detail", args=[copy.pk])).status_code == 404
    assert client.get(reverse("certify:download", args=[copy.pk])).status_code == 404
    client.force_login(cw.citizen)
    assert client.get(reverse("certify:book")).status_code == 403
    assert client.get(reverse("certify:create")).status_code == 403
