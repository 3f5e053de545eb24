"""Verification of a signed PDF against the configured trust roots (pyHanko validator, no network).

Anyone may check an e-result (ND 45/2020 art 14(4): e-results are checked through the information system);
the answer says whether the signature is cryptographically valid, whether the file is unchanged since it was
signed, who signed it, when, and whether the signer chains up to a trusted root (`TrustRoot` rows).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from .choices import Verdict
from .sync import run_blocking

logger = logging.getLogger("motcua.esign")
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)


@dataclass(frozen=True)
class VerificationResult:
    verdict: str
    signer: str = ""
    signed_at: dt.datetime | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False

    @property
    def ok(self) -> bool:
        return self.verdict == Verdict.VALID

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label


def load_pem_certificates(text: str) -> list[x509.Certificate]:
    """Every certificate in a PEM text (a bundle may hold several); raises ValueError on a damaged one."""
    data = text.encode()
    if not pem.detect(data):
        raise ValueError("not a PEM certificate")
    return [x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True)]


def verify_pdf(data: bytes, *, roots: list[x509.Certificate]) -> VerificationResult:
    """Validate the last signature of `data`; any damage to the file is an answer, never an exception."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        logger.info("esign.verify_unreadable")
        return VerificationResult(verdict=Verdict.UNREADABLE)
    if not signatures:
        return VerificationResult(verdict=Verdict.UNSIGNED)
    signature = signatures[-1]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = run_blocking(lambda: validate_pdf_signature(signature, context, key_usage_settings=KEY_USAGE))
    except Exception:
        logger.info("esign.verify_failed")
        return VerificationResult(verdict=Verdict.INVALID)
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not status.intact:
        verdict = Verdict.MODIFIED
    elif not status.valid:
        verdict = Verdict.INVALID
    elif not whole:
        verdict = Verdict.MODIFIED  # content appended after signing
    elif not status.trusted:
        verdict = Verdict.UNTRUSTED
    else:
        verdict = Verdict.VALID
    return VerificationResult(
        verdict=verdict,
        signer=subject.get("common_name", "") or "",
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=whole,
    )
