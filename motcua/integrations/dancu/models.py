"""The register of population-database look-ups: who looked, why, for which dossier, with what consent.

Decree 13/2023/NĐ-CP (personal data protection) art. 11 requires the data subject's consent for a stated purpose,
shown in a form that can be checked later; this register is that record for every look-up. The row keeps no personal data: the identity number only as a keyed hash (so an audit can
answer "who looked this citizen up" when given the number), never the name, birth date or the answer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ConsentMethod, LookupOutcome, LookupPurpose


class PopulationLookup(models.Model):
    request_id = models.UUIDField(_("request id (MaYeuCau)"), default=uuid.uuid4, unique=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=LookupPurpose.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="population_lookups",
    )
    consent_method = models.CharField(_("consent"), max_length=24, choices=ConsentMethod.choices)
    consent_at = models.DateTimeField(_("consent given at"))
    subject_hash = models.CharField(_("citizen (keyed hash)"), max_length=64, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=LookupOutcome.choices)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    created_at = models.DateTimeField(_("looked up at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("population database look-up")
        verbose_name_plural = _("population database look-ups")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.request_id)
