"""Clients and tokens are created with `motcua api-client` (the secret is shown once); the admin lists them and
can revoke a token or deactivate a client, through the services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiClient, ApiToken


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("prefix", "name", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_active", "rate_limit", "created_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    readonly_fields = ("name", "kind", "user", "units", "is_active", "created_at")
    fields = ("name", "kind", "user", "units", "is_active", "rate_limit", "created_at")
    inlines = [ApiTokenInline]
    actions = ["deactivate"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Deactivate the selected clients"))
    def deactivate(self, request, queryset):
        for client in queryset:
            services.api_client_deactivate(client=client)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "client", "name", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("client",)
    search_fields = ("prefix", "name", "client__name")
    readonly_fields = ("client", "prefix", "name", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.api_token_revoke(token=token)
