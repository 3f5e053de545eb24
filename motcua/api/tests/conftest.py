import pytest
from django.core.cache import cache

from motcua.dossiers.tests.factories import World, vn
from motcua.esign.models import TrustRoot
from motcua.esign.services import eresult_issue, signing_credential_create
from motcua.esign.tests.pki import make_pki
from motcua.integrations.tests.factories import api_client, auth_header


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def portal(world):
    """The national portal's client, acting for the world's one-stop centre."""
    return api_client(world.one_stop)


@pytest.fixture
def headers(portal):
    return auth_header(portal)


PASSPHRASE_ENV = "MOTCUA_TEST_API_ESIGN_PASSPHRASE"


@pytest.fixture(scope="session")
def pki():
    return make_pki()


@pytest.fixture
def issued(world, pki, monkeypatch):
    """E-result KQ…-1 of a dossier signed off by the world's department, signed with a throw-away CA."""
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    signing_credential_create(
        unit=world.department, name="Chứng thư số Sở", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )
    dossier = world.dossier_in("result_ready", at=vn(2026, 3, 2, 9, 0))
    return eresult_issue(dossier=dossier, result_no=1, actor=world.leader, decision="Chấp thuận.")


@pytest.fixture
def trusted(pki, db):
    return TrustRoot.objects.create(name="CA tỉnh", certificate_pem=pki.ca_pem)
