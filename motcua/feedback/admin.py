"""Rating devices (kiosk tablets) in the admin: register one per tablet (its setup link with the token is shown
once), see which are active, revoke a lost or replaced one (issue 18, finding 4)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from . import services
from .models import KioskDevice


@admin.register(KioskDevice)
class KioskDeviceAdmin(UnitScopedAdminMixin, admin.ModelAdmin[KioskDevice]):
    unit_scope = "unit"
    list_display = ("name", "unit", "token_prefix", "is_active", "created_at", "revoked_at")
    list_filter = ("is_active",)
    search_fields = ("name", "unit__name", "token_prefix")
    autocomplete_fields = ("unit",)
    fields = ("unit", "name", "token_prefix", "is_active", "created_at", "revoked_at")
    readonly_fields = ("token_prefix", "is_active", "created_at", "revoked_at")
    actions = ("revoke",)

    def save_model(self, request: HttpRequest, obj: KioskDevice, form: ModelForm[KioskDevice], change: bool) -> None:
        if change:
            services.kiosk_device_rename(device=obj, name=obj.name)
            return
        device, token = services.kiosk_device_register(unit=obj.unit, name=obj.name)
        obj.pk, obj.token_prefix, obj.created_at = device.pk, device.token_prefix, device.created_at
        link = request.build_absolute_uri(reverse("rating:kiosk", args=[device.unit.code])) + f"?thiet-bi={token}"
        messages.warning(
            request,
            _("Open this link once on the tablet to register it (it is shown only now): %(link)s") % {"link": link},
        )

    @admin.action(description=_("Revoke the selected devices"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[KioskDevice]) -> None:
        for device in queryset.filter(is_active=True):
            services.kiosk_device_revoke(device=device)
