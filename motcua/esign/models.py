"""Signing credentials of agencies, trust roots, and the signed electronic results they produced.

ND 45/2020 art 14 and ND 30/2020 (digital signatures of agencies): an e-result is valid as a paper result when
it carries the agency's digital signature. The private key lives in a PKCS#12 file in the storage backend; its
passphrase is never stored here, only the NAME of the environment variable that holds it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def credential_path(instance: SigningCredential, filename: str) -> str:
    return f"esign/credentials/{secrets.token_urlsafe(24)}.p12"


class SigningCredential(models.Model):
    """The certificate and key a unit signs its e-results with (one active credential per unit)."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("signing unit"), on_delete=models.PROTECT, related_name="signing_credentials"
    )
    name = models.CharField(_("name"), max_length=255)
    pkcs12 = models.FileField(_("PKCS#12 file"), upload_to=credential_path, max_length=255)
    passphrase_env = models.CharField(
        _("passphrase environment variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable holding the passphrase; the passphrase itself is never stored."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("signing credential")
        verbose_name_plural = _("signing credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=models.Q(is_active=True), name="esign_one_active_credential_per_unit"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrustRoot(models.Model):
    """A CA certificate (PEM) whose signatures the verification page trusts, e.g. the province's CA."""

    name = models.CharField(_("name"), max_length=255)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("trust root")
        verbose_name_plural = _("trust roots")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SignedResult(models.Model):
    """A generated and signed e-result; the file is also the dossier's RESULT document (same storage object)."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="signed_results"
    )
    document = models.OneToOneField(
        "dossiers.DossierDocument",
        verbose_name=_("result file"),
        on_delete=models.PROTECT,
        related_name="signed_result",
    )
    result_code = models.CharField(_("e-result code"), max_length=80, unique=True)
    credential = models.ForeignKey(
        SigningCredential, verbose_name=_("signing credential"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signer"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issuing officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("signed e-result")
        verbose_name_plural = _("signed e-results")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return self.result_code
