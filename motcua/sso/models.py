"""Accounts linked to an OpenID Connect identity: (issuer, subject) is the key, never the e-mail address.

OpenID Connect Core 1.0 §5.7: `sub` is unique only within its issuer and is the one claim a relying party may
use to recognise a returning user; e-mail and phone may change or be reassigned.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.CharField(_("provider"), max_length=64)
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("linked at"), default=timezone.now)
    last_login_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    # Personal identification number (12 digits) from the provider's claim, and the level of assurance (`acr`) of
    # the last sign-in: the account is what prefills forms, never a value typed by someone else.
    id_number = models.CharField(_("personal identification number"), max_length=12, blank=True)
    acr = models.CharField(_("level of assurance"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"
