"""Mapping tables of the national portal link, edited by the administrator (Django admin).

The portal knows procedures by their national code (`MaTTHC`, the National Database on Administrative Procedures,
ND 63/2010 art 24; TT 04/2025/TT-VPCP) and dossier states by its codes 1–10 (`TrangThaiHoSo`). A province's
catalogue may carry local codes, and a province may read a local state differently: both mappings are data.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import DossierStatus, NationalStatus

# National procedure codes as dichvucong.gov.vn publishes them: 1.001234 (level digit, dot, six digits),
# optionally with the older agency suffix of the national database, 1.001234.000.00.00.H22.
NATIONAL_CODE = re.compile(r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")


def validate_national_code(value: str) -> None:
    if not NATIONAL_CODE.match(value or ""):
        raise ValidationError(_("A national procedure code looks like 1.001234."), code="national_code")


class ProcedureMapping(models.Model):
    """Local procedure code → national `MaTTHC` (every version of a procedure shares its code)."""

    procedure_code = models.CharField(_("local procedure code"), max_length=40, unique=True)
    national_code = models.CharField(
        _("national procedure code (MaTTHC)"), max_length=20, validators=[validate_national_code]
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("procedure mapping (national portal)")
        verbose_name_plural = _("procedure mappings (national portal)")
        ordering = ["procedure_code"]

    def __str__(self) -> str:
        return f"{self.procedure_code} → {self.national_code}"


class StatusMapping(models.Model):
    """Local dossier state → national `TrangThaiHoSo`; a state without a row uses the built-in mapping
    (`motcua.dossiers.choices.NATIONAL_STATUS`)."""

    local_status = models.CharField(_("local status"), max_length=24, choices=DossierStatus.choices, unique=True)
    national_status = models.PositiveSmallIntegerField(_("national status"), choices=NationalStatus.choices)

    class Meta:
        verbose_name = _("status mapping (national portal)")
        verbose_name_plural = _("status mappings (national portal)")
        ordering = ["local_status"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_status__gte=1, national_status__lte=10), name="integrations_status_1_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_status} → {self.national_status}"
