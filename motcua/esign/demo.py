"""Demo signing set-up: a throw-away CA and a PKCS#12 credential for the demo commune's People's Committee.

NOT for real use. The CA ("motcua DEMO CA — không dùng thật") is generated on the spot and its private key is
thrown away; it is registered as a trust root so that e-results issued in the demo verify as "valid" at
/xac-thuc/. The credential's passphrase is read from `MOTCUA_DEMO_P12_PASSPHRASE`, which only the local
settings (`config.settings.local`) default; without it the loader skips. Idempotent: a second run changes
nothing; a real (non-demo) credential of the unit is never replaced.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.db import transaction

from .models import SigningCredential, TrustRoot
from .services import signing_credential_create

DEMO_CA_NAME = "motcua DEMO CA — không dùng thật"
DEMO_PASSPHRASE_ENV = "MOTCUA_DEMO_P12_PASSPHRASE"  # noqa: S105  (the variable NAME, not a passphrase)
DEMO_CREDENTIAL_PREFIX = "motcua DEMO — "


class DemoSkipped(Exception):
    """The demo signing set-up cannot be made now (reason in the message, bilingual)."""


@dataclass(frozen=True)
class DemoPki:
    ca_pem: str
    pkcs12: bytes


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua DEMO"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _usage(*, sign_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not sign_certificates,
        content_commitment=not sign_certificates,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certificates,
        crl_sign=sign_certificates,
        encipher_only=False,
        decipher_only=False,
    )


def make_demo_pki(*, signer_name: str, passphrase: str) -> DemoPki:
    """A self-signed demo CA and an agency certificate it issued, the latter with its key in PKCS#12."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(DEMO_CA_NAME))
        .issuer_name(_name(DEMO_CA_NAME))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign_certificates=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(signer_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign_certificates=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    bundle = pkcs12.serialize_key_and_certificates(
        b"motcua-demo", key, cert, [ca_cert], serialization.BestAvailableEncryption(passphrase.encode())
    )
    return DemoPki(ca_pem=ca_cert.public_bytes(serialization.Encoding.PEM).decode(), pkcs12=bundle)


def _demo_signing_unit():
    """The demo commune's People's Committee (where the demo leader `motcua.lanhdao` signs)."""
    from motcua.units.demo import DemoUnitsMissing, demo_units

    try:
        return demo_units()["commune_committee"]
    except DemoUnitsMissing as error:
        raise DemoSkipped(f"chưa có đơn vị mẫu / demo units missing: {error}") from None


def load_demo_esign() -> dict[str, object]:
    """Create (once) the demo CA as a trust root and the demo credential of the demo commune's committee."""
    unit = _demo_signing_unit()
    passphrase = os.environ.get(DEMO_PASSPHRASE_ENV)
    if not passphrase:
        raise DemoSkipped(f"chưa đặt biến {DEMO_PASSPHRASE_ENV} / {DEMO_PASSPHRASE_ENV} is not set")
    active = SigningCredential.objects.filter(unit=unit, is_active=True).first()
    if active is not None and not active.name.startswith(DEMO_CREDENTIAL_PREFIX):
        raise DemoSkipped(f"đơn vị đã có chứng thư thật / the unit has a real credential ({active.name})")
    root = TrustRoot.objects.filter(name=DEMO_CA_NAME, is_active=True).first()
    if active is not None and root is not None:
        return {"unit": unit, "created": False}
    pki = make_demo_pki(signer_name=unit.name, passphrase=passphrase)
    with transaction.atomic():
        signing_credential_create(
            unit=unit,
            name=f"{DEMO_CREDENTIAL_PREFIX}{unit.name}"[:255],
            pkcs12=pki.pkcs12,
            passphrase_env=DEMO_PASSPHRASE_ENV,
        )
        TrustRoot.objects.filter(name=DEMO_CA_NAME).update(is_active=False)
        TrustRoot.objects.create(name=DEMO_CA_NAME, certificate_pem=pki.ca_pem)
    return {"unit": unit, "created": True}
