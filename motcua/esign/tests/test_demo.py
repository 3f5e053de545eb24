"""The demo signing set-up: created once, signs PDFs that verify as valid against the demo CA, skips cleanly."""

import datetime as dt
import io

import pytest
from django.apps import apps

from motcua.esign.choices import Verdict
from motcua.esign.demo import DEMO_CA_NAME, DEMO_PASSPHRASE_ENV
from motcua.esign.models import SigningCredential, TrustRoot
from motcua.esign.pdf import ResultContent, render_result
from motcua.esign.selectors import signing_credential_for_unit, trust_roots
from motcua.esign.services import signing_credential_create
from motcua.esign.signing import load_signer, sign_pdf
from motcua.esign.verification import verify_pdf
from motcua.units.models import Unit
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

from .pki import make_pki

pytestmark = pytest.mark.django_db
COMMITTEE = "W06660-UBND"


@pytest.fixture
def demo_province(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    province = ProvinceFactory(code="P22", admin_code="22", name="Tỉnh Quảng Ninh")
    UnitFactory(code="W06660", admin_code="06660", name="Phường Hồng Gai", parent=province)
    from motcua.units.services import demo_province_setup

    demo_province_setup(province_code="22")
    return province


@pytest.fixture
def passphrase(monkeypatch):
    monkeypatch.setenv(DEMO_PASSPHRASE_ENV, "demo-pass-for-tests")


def load() -> str:
    out = io.StringIO()
    apps.get_app_config("esign").load_demo(stdout=out)
    return out.getvalue()


def test_demo_ca_and_committee_credential_are_created_once(demo_province, passphrase):
    load()
    first = SigningCredential.objects.get(is_active=True)
    assert "already there" in load()
    assert SigningCredential.objects.get(is_active=True) == first
    assert first.unit.code == COMMITTEE
    assert first.passphrase_env == DEMO_PASSPHRASE_ENV
    assert list(TrustRoot.objects.values_list("name", flat=True)) == [DEMO_CA_NAME]


def test_demo_credential_signs_a_result_that_verifies_valid(demo_province, passphrase):
    load()
    unit = Unit.objects.get(code=COMMITTEE)
    signer = load_signer(signing_credential_for_unit(unit=unit))
    rendered = render_result(
        ResultContent(
            parent_agency="",
            agency=unit.name,
            result_code="DEMO-KQ1",
            dossier_code="DEMO",
            procedure="Thủ tục mẫu",
            applicant="Nguyễn Văn An",
            decision="Chấp thuận.",
            issued_on=dt.date(2026, 3, 2),
        )
    )
    signed = sign_pdf(rendered.pdf, signer=signer, box=rendered.signature_box, reason="demo", location=unit.name)
    result = verify_pdf(signed.pdf, roots=trust_roots())
    assert result.verdict == Verdict.VALID
    assert result.signer == unit.name


def test_demo_without_units_is_skipped_with_a_message(passphrase):
    assert "skipped" in load()
    assert not SigningCredential.objects.exists()


def test_demo_without_the_passphrase_variable_is_skipped(demo_province, monkeypatch):
    monkeypatch.delenv(DEMO_PASSPHRASE_ENV, raising=False)
    assert DEMO_PASSPHRASE_ENV in load()
    assert not SigningCredential.objects.exists()
    assert not TrustRoot.objects.exists()


def test_a_real_credential_of_the_committee_is_never_replaced(demo_province, passphrase, monkeypatch):
    pki = make_pki(signer_name="UBND phường Hồng Gai")
    monkeypatch.setenv("MOTCUA_TEST_REAL_P12", pki.passphrase)
    real = signing_credential_create(
        unit=Unit.objects.get(code=COMMITTEE),
        name="Chứng thư thật",
        pkcs12=pki.pkcs12,
        passphrase_env="MOTCUA_TEST_REAL_P12",
    )
    assert "real credential" in load()
    assert SigningCredential.objects.get(is_active=True) == real
    assert not TrustRoot.objects.exists()
