"""The OA's current token pair. Zalo's refresh token is single-use: each refresh returns a new one that must be
kept, so the pair lives in the database (one row), updated under a row lock by whichever worker refreshes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZaloToken(models.Model):
    app_id = models.CharField(_("app id"), max_length=64, unique=True)
    access_token = models.TextField(_("access token"), blank=True)
    refresh_token = models.TextField(_("refresh token"), blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Zalo token")
        verbose_name_plural = _("Zalo tokens")

    def __str__(self) -> str:
        return self.app_id
