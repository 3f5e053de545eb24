"""Reads of the e-signature app: which credential signs for a unit, which roots are trusted, lookups by code."""

from __future__ import annotations

import logging

from asn1crypto import x509

from .models import SignedResult, SigningCredential, TrustRoot
from .verification import load_pem_certificates

logger = logging.getLogger("motcua.esign")


def signing_credential_for_unit(*, unit) -> SigningCredential | None:
    """The unit's active credential, else the nearest ancestor's (a commune may sign with the province's)."""
    seen = 0
    while unit is not None and seen < 16:
        credential = SigningCredential.objects.filter(unit=unit, is_active=True).first()
        if credential is not None:
            return credential
        unit, seen = unit.parent, seen + 1
    return None


def trust_roots() -> list[x509.Certificate]:
    """Certificates of the active trust roots; a damaged row is skipped (and logged by id) rather than fatal."""
    certificates: list[x509.Certificate] = []
    for root in TrustRoot.objects.filter(is_active=True):
        try:
            certificates.extend(load_pem_certificates(root.certificate_pem))
        except ValueError:
            logger.warning("esign.trust_root_unreadable", extra={"trust_root_id": root.pk})
    return certificates


def signed_result_by_code(*, code: str) -> SignedResult | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        SignedResult.objects.select_related("document", "dossier__procedure", "credential__unit")
        .filter(result_code=code)
        .first()
    )


def signed_result_by_sha256(*, sha256: str) -> SignedResult | None:
    return SignedResult.objects.select_related("dossier__procedure").filter(sha256=sha256).first()
