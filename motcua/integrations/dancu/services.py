"""An officer's look-up of a citizen in the national population database, with consent and a register entry.

Decree 13/2023/NĐ-CP art. 11: personal data is processed with the data subject's consent for a stated purpose;
the officer confirms how the citizen agreed (signed at the counter, or online) before anything is sent. Every
call — found, no match, refused or unavailable — leaves one `PopulationLookup` row (who, why, which dossier,
consent, outcome) and one log line with ids only; neither holds the number, name, birth date or the answer.
The link runs behind the shared circuit breaker (`integrations.links`): while it is open no call is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ConsentMethod, LinkKind, LookupOutcome, LookupPurpose
from ..links import link_failed, link_open_until, link_succeeded
from .client import Citizen, LinkDown, LinkRefused, citizen_lookup
from .conf import LINK_NAME, dancu_settings
from .models import PopulationLookup

logger = logging.getLogger("motcua.integrations.dancu")
ID_NUMBER = re.compile(r"^[0-9]{12}$")  # số định danh cá nhân (Decree 137/2015/NĐ-CP art. 13)


class PopulationLookupError(Exception):
    def __init__(self, message, *, lookup: PopulationLookup | None = None) -> None:
        super().__init__(str(message))
        self.message, self.lookup = message, lookup


@dataclass(frozen=True)
class LookupResult:
    lookup: PopulationLookup
    citizen: Citizen | None


def subject_hash(id_number: str) -> str:
    """Keyed hash of an identity number: lets an audit find the look-ups of a given citizen without storing it."""
    key = f"motcua.dancu|{settings.SECRET_KEY}".encode()
    return hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()


def population_lookup(
    *,
    officer,
    id_number: str,
    full_name: str,
    birth_date: dt.date,
    purpose: str,
    consent_method: str,
    dossier=None,
) -> LookupResult:
    """Look the citizen up (`TraCuuThongTinCongDan`), record the look-up, return the citizen or None (no match)."""
    id_number = (id_number or "").strip()
    full_name = " ".join((full_name or "").split())
    if not ID_NUMBER.match(id_number):
        raise PopulationLookupError(_("The personal identification number has 12 digits."))
    if not full_name:
        raise PopulationLookupError(_("Enter the citizen's full name."))
    if purpose not in LookupPurpose.values:
        raise PopulationLookupError(_("Choose why you look the citizen up."))
    if consent_method not in ConsentMethod.values:
        raise PopulationLookupError(_("The citizen's consent is required before a look-up."))
    conf = dancu_settings()
    if not conf.configured:
        raise PopulationLookupError(_("The population database link is not configured. Ask the administrator."))
    now = timezone.now()
    lookup = PopulationLookup(
        officer=officer,
        purpose=purpose,
        dossier=dossier,
        consent_method=consent_method,
        consent_at=now,
        subject_hash=subject_hash(id_number),
        created_at=now,
    )
    citizen = None
    if link_open_until(name=LINK_NAME):
        lookup.outcome = LookupOutcome.UNAVAILABLE
    else:
        started = time.monotonic()
        try:
            answer = citizen_lookup(
                conf=conf,
                request_id=str(lookup.request_id),
                officer_code=officer.get_username(),
                id_number=id_number,
                full_name=full_name,
                birth_date=birth_date.strftime("%d/%m/%Y"),
            )
        except LinkDown as error:
            link_failed(name=LINK_NAME, kind=LinkKind.POPULATION, error=f"down: {error}")
            lookup.outcome = LookupOutcome.UNAVAILABLE
        except LinkRefused:
            link_failed(name=LINK_NAME, kind=LinkKind.POPULATION, error="refused (SOAP fault)", counts=False)
            lookup.outcome = LookupOutcome.REFUSED
        else:
            lookup.duration_ms = int((time.monotonic() - started) * 1000)
            link_succeeded(name=LINK_NAME, kind=LinkKind.POPULATION, duration_ms=lookup.duration_ms)
            if answer.request_id != str(lookup.request_id):
                lookup.outcome = LookupOutcome.REFUSED  # an answer to another request is not ours to show
            else:
                citizen = answer.citizen
                lookup.outcome = LookupOutcome.FOUND if citizen else LookupOutcome.NOT_FOUND
    lookup.save()
    logger.info(
        "dancu.lookup",
        extra={
            "lookup_id": lookup.pk,
            "officer_id": officer.pk,
            "dossier_id": dossier.pk if dossier else None,
            "purpose": purpose,
            "outcome": lookup.outcome,
        },
    )
    if lookup.outcome == LookupOutcome.UNAVAILABLE:
        raise PopulationLookupError(
            _("The population database cannot be reached now. Continue with the citizen's papers and try later."),
            lookup=lookup,
        )
    if lookup.outcome == LookupOutcome.REFUSED:
        raise PopulationLookupError(
            _("The population database refused the request. Check the data and try again."), lookup=lookup
        )
    return LookupResult(lookup=lookup, citizen=citizen)


def population_lookup_attach(*, officer, request_id: str, dossier) -> bool:
    """Link a look-up made at intake to the dossier it served (only the officer's own, still unattached one)."""
    try:
        key = uuid.UUID(str(request_id))
    except ValueError:
        return False
    return bool(
        PopulationLookup.objects.filter(request_id=key, officer=officer, dossier__isnull=True).update(dossier=dossier)
    )
