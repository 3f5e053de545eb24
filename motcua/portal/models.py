"""The portal's own data: a citizen's online application, kept as a draft until it is submitted.

The dossier itself belongs to `motcua.dossiers` (created by `dossier_submit`); this row keeps what the dossier
model has no place for yet — how the applicant wants the result returned — and the unfinished drafts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import DeliveryMethod


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class OnlineApplication(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="online_applications")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="+")
    receiving_unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    applicant_name = models.CharField(_("full name"), max_length=255, blank=True)
    applicant_id_number = models.CharField(_("identity number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    subject = models.TextField(_("request"), blank=True)
    delivery_method = models.CharField(_("result delivery"), max_length=16, choices=DeliveryMethod.choices, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="online_application"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("online application")
        verbose_name_plural = _("online applications")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "status"], name="portal_application_user_status")]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.status}"
