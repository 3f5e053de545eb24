"""Reads of the e-signature app: which credential signs for a unit, which roots are trusted, lookups by code."""

from __future__ import annotations

import hashlib
import hmac
import logging

from asn1crypto import x509
from django.conf import settings

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.codes import result_code

from .models import SignedResult, SigningCredential, TrustRoot
from .verification import load_pem_certificates

logger = logging.getLogger("motcua.esign")
SIGNED_STATUSES = frozenset({DossierStatus.RESULT_READY, DossierStatus.DELIVERED})


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


# Stands in for the stored code when none matches, so an unknown code costs the same HMAC as a known one.
_DECOY_CODE = "000.00.00.H00-000000-0000-KQ0"


def _code_mac(code: str) -> bytes:
    key = hashlib.sha256(b"motcua.esign.code-check|" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).digest()


def _actor_may_see(*, actor, dossier_id: int, applicant_user_id: int | None) -> bool:
    """The citizen who applied, an officer of a unit the dossier passed through, or a superuser. Runs the same
    checks (and for an officer the same query) whether a dossier was found or not (`dossier_id` 0)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    if actor.kind == UserKind.OFFICER:
        from motcua.dossiers.selectors import dossier_visible_for_officer

        return dossier_visible_for_officer(officer=actor).filter(pk=dossier_id).exists()
    return applicant_user_id is not None and applicant_user_id == actor.pk


def signed_result_by_code_for(*, actor, code: str) -> SignedResult | None:
    """The e-result with this code when `actor` may see its dossier, else None.

    The code check on the public page must not tell a stranger whether a code exists (result codes follow the
    dossier code, `<dossier code>-KQ<n>`, so they can be guessed): "no such code" and "a code of someone else's
    dossier" both answer None, after the same work: one indexed query, two HMACs (`hmac.compare_digest` of the
    typed code against the stored one, or a decoy), the same visibility check. ND 45/2020 art 14(4) lets anyone
    check an e-result *file*; the file check (`signed_result_by_sha256`) stays open to everyone."""
    code = (code or "").strip().upper()[:80]
    row = (
        SignedResult.objects.filter(result_code=code)
        .values_list("pk", "result_code", "dossier_id", "dossier__applicant_user_id")
        .first()
        if code
        else None
    )
    pk, stored, dossier_id, applicant_user_id = row or (0, _DECOY_CODE, 0, None)
    same = hmac.compare_digest(_code_mac(stored), _code_mac(code))
    allowed = _actor_may_see(actor=actor, dossier_id=dossier_id, applicant_user_id=applicant_user_id)
    if not (row and same and allowed):
        return None
    return SignedResult.objects.select_related("document", "dossier__procedure", "credential__unit").get(pk=pk)


def signed_result_by_sha256(*, sha256: str) -> SignedResult | None:
    return SignedResult.objects.select_related("dossier__procedure").filter(sha256=sha256).first()


def eresult_signing_unit(*, dossier):
    """(SIGN event, unit) of an e-result: the unit that signed the result off, else the receiving unit."""
    sign_event = dossier.events.filter(action=Action.SIGN).select_related("unit__parent").order_by("-seq").first()
    unit = sign_event.unit if sign_event and sign_event.unit_id else dossier.receiving_unit
    return sign_event, unit


def eresult_is_issuing_leader(*, officer, unit) -> bool:
    """Only an active leader of the signing unit issues its e-results (ND 30/2020: the agency head signs)."""
    if not getattr(officer, "is_active", False) or not getattr(officer, "pk", None):
        return False
    return Membership.objects.filter(user=officer, unit=unit, role=Role.UNIT_LEADER, is_active=True).exists()


def eresult_can_issue(*, officer, dossier) -> bool:
    """Whether `eresult_issue` would accept `officer` now: the result is signed off, the officer leads the
    signing unit, and a credential exists for that unit or an ancestor (the service's own checks)."""
    if dossier.status not in SIGNED_STATUSES:
        return False
    _event, unit = eresult_signing_unit(dossier=dossier)
    if not eresult_is_issuing_leader(officer=officer, unit=unit):
        return False
    return signing_credential_for_unit(unit=unit) is not None


def eresult_next_number(*, dossier) -> int:
    """The first e-result number whose code `<dossier code>-KQ<n>` no file of the dossier uses yet."""
    taken = set(dossier.documents.exclude(result_code="").values_list("result_code", flat=True))
    number = len(taken) + 1
    while result_code(code=dossier.code, number=number) in taken:
        number += 1
    return number


def signed_result_codes(*, dossier) -> set[str]:
    """E-result codes of the dossier's signed PDFs (these files can be checked at /xac-thuc/)."""
    return set(SignedResult.objects.filter(dossier=dossier).values_list("result_code", flat=True))
