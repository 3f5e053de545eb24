import datetime as dt
import io

import factory
import pytest
from django.core.cache import cache

from motcua.dossiers.tests.factories import World, vn
from motcua.esign.models import TrustRoot
from motcua.esign.services import eresult_issue, signing_credential_create
from motcua.workdays.selectors import invalidate_calendar

from .bomb import flate_bomb  # noqa: F401 - re-exported for the tests
from .pki import make_pki

PASSPHRASE_ENV = "MOTCUA_TEST_ESIGN_PASSPHRASE"


class TrustRootFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustRoot

    name = factory.Sequence(lambda n: f"CA tỉnh {n}")


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    cache.clear()  # rate-limit counters of the verification page
    yield
    invalidate_calendar()
    cache.clear()


@pytest.fixture(scope="session")
def pki():
    return make_pki()


@pytest.fixture(scope="session")
def other_pki():
    return make_pki(ca_name="CA Không Tin Cậy", signer_name="Cơ quan lạ")


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def credential(world, pki, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    return signing_credential_create(
        unit=world.department, name="Chứng thư số Sở", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )


@pytest.fixture
def trusted(pki, db):
    return TrustRootFactory(certificate_pem=pki.ca_pem)


@pytest.fixture
def signed_dossier(world):
    return world.dossier_in("result_ready", at=vn(2026, 3, 2, 9, 0))


@pytest.fixture
def issued(world, credential, signed_dossier):
    return eresult_issue(
        dossier=signed_dossier,
        result_no=1,
        actor=world.leader,
        decision="Chấp thuận cấp giấy phép cho ông Nguyễn Văn An. Kết quả điện tử có giá trị như bản giấy.",
        fields=[("Số giấy phép", "123/GP-STP")],
    )


def pdf_bytes(signed_result) -> bytes:
    with signed_result.document.file.open("rb") as handle:
        return handle.read()


def as_upload(data: bytes, name: str = "ket-qua.pdf"):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


__all__ = ["as_upload", "dt", "pdf_bytes"]
