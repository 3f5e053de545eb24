import io

import pytest
from PIL import Image

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import User
from motcua.dossiers.tests.factories import officer_in
from motcua.esign.services import signing_credential_create
from motcua.esign.tests.pki import make_pki
from motcua.sso.models import ExternalIdentity
from motcua.units.choices import DivisionType, UnitKind
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

PASSPHRASE_ENV = "MOTCUA_TEST_CERTIFY_PASSPHRASE"


@pytest.fixture(scope="session")
def pki():
    return make_pki(signer_name="Ủy ban nhân dân xã Tân Lập")


class CertifyWorld:
    """A province with two communes; the People's Committee of the first certifies, with its own credential."""

    def __init__(self) -> None:
        self.province = ProvinceFactory()
        self.commune = UnitFactory(parent=self.province, name="Xã Tân Lập")
        self.other_commune = UnitFactory(parent=self.province, name="Xã Tân Phú")
        self.committee = UnitFactory(
            parent=self.commune,
            name="Ủy ban nhân dân xã Tân Lập",
            kind=UnitKind.PEOPLES_COMMITTEE,
            division_type=DivisionType.XA,
        )
        self.officer = officer_in(self.committee, Role.COUNTER_OFFICER)
        self.citizen = User.objects.create(
            username="nguoi-yeu-cau", full_name="Lê Thị Hoa", kind=UserKind.CITIZEN, id_number="001190012345"
        )
        # the number verified by the identity provider at sign-in: what links copies to the account
        ExternalIdentity.objects.create(
            user=self.citizen, provider="vneid", issuer="https://vneid.example", subject="hoa", id_number="001190012345"
        )


@pytest.fixture
def cw(db, pki, monkeypatch):
    world = CertifyWorld()
    monkeypatch.setenv(PASSPHRASE_ENV, pki.passphrase)
    signing_credential_create(
        unit=world.committee, name="Chứng thư số UBND xã", pkcs12=pki.pkcs12, passphrase_env=PASSPHRASE_ENV
    )
    return world


def scan(name: str = "trang-1.png", *, fmt: str = "PNG", size=(620, 877)):
    """A scanned page (an image, as a scanner gives it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=fmt)
    content_type = "image/png" if fmt == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
