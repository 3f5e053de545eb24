"""PAdES signing of e-results with the unit's PKCS#12 credential (pyHanko).

PAdES baseline B-B (ETSI EN 319 142-1): a CAdES detached signature with the `ETSI.CAdES.detached` sub-filter
and a signing-certificate attribute; the signing time is in the signed attributes. A timestamp (B-T) needs a
TSA, which is configured per deployment and not used when none is set (no network in tests).
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.stamp import TextStampStyle

from .sync import run_blocking

if TYPE_CHECKING:
    from .models import SigningCredential

logger = logging.getLogger("motcua.esign")
FIELD_NAME = "ChuKyCoQuan"


class CredentialError(Exception):
    """The credential cannot be used: missing file, missing passphrase variable, wrong passphrase."""


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    signer_name: str


def open_pkcs12(data: bytes, *, passphrase_env: str) -> signers.SimpleSigner:
    """Open PKCS#12 bytes with the passphrase taken from the named environment variable (never logged)."""
    passphrase = None
    if passphrase_env:
        value = os.environ.get(passphrase_env)
        if value is None:
            raise CredentialError(f"environment variable {passphrase_env} is not set")
        passphrase = value.encode()
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=None, passphrase=passphrase)
    except Exception as exc:  # wrong passphrase or a damaged file: cryptography raises ValueError and friends
        raise CredentialError("the PKCS#12 file cannot be opened (wrong passphrase?)") from exc
    if signer is None or signer.signing_cert is None:
        raise CredentialError("the PKCS#12 file holds no certificate and key")
    return signer


def load_signer(credential: SigningCredential) -> signers.SimpleSigner:
    try:
        with credential.pkcs12.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError) as exc:
        raise CredentialError("the PKCS#12 file cannot be read") from exc
    return open_pkcs12(data, passphrase_env=credential.passphrase_env)


def signer_display_name(signer: signers.SimpleSigner) -> str:
    subject = signer.signing_cert.subject.native
    return subject.get("common_name") or signer.signing_cert.subject.human_friendly


def _timestamper() -> timestamps.HTTPTimeStamper | None:
    url = getattr(settings, "MOTCUA_ESIGN_TSA_URL", "") or os.environ.get("MOTCUA_ESIGN_TSA_URL", "")
    return timestamps.HTTPTimeStamper(url) if url else None


def sign_pdf(
    pdf: bytes,
    *,
    signer: signers.SimpleSigner,
    box: tuple[int, int, int, int],
    reason: str,
    location: str,
) -> SignedPdf:
    """Add a visible PAdES signature field on page 1 at `box` and sign the whole file."""
    name = signer_display_name(signer)
    # The Vietnamese words of the appearance are drawn on the page by `pdf.render_result` (bundled font);
    # pyHanko only frames the field, so the stamp needs no font of its own.
    style = TextStampStyle(stamp_text=" ", border_width=1, background=None)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        timestamper=_timestamper(),
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=0, box=box),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    output = run_blocking(lambda: pdf_signer.sign_pdf(writer))
    return SignedPdf(pdf=output.getvalue(), signer_name=name)
