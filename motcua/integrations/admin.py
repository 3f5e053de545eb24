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


# --- outside links: health, national portal mappings, SMS ---------------------------------------------------

from django.contrib import messages  # noqa: E402
from django.utils.translation import ngettext  # noqa: E402

from motcua.accounts.admin.scope import UnitScopedAdminMixin  # noqa: E402

from .dvcqg.selectors import unmapped_procedures  # noqa: E402
from .models import LinkHealth, ProcedureMapping, SmsMessage, SmsTemplate, StatusMapping  # noqa: E402


@admin.register(LinkHealth)
class LinkHealthAdmin(admin.ModelAdmin):
    """Each link's health and last error (circuit breaker state: `open_until` in the future = paused)."""

    list_display = (
        "name",
        "kind",
        "calls",
        "errors",
        "failures",
        "open_until",
        "last_ok_at",
        "last_error_at",
        "last_error",
    )
    list_filter = ("kind",)
    readonly_fields = [field.name for field in LinkHealth._meta.fields]

    def changelist_view(self, request, extra_context=None):
        """Configured money and post links are listed before their first call (a row with no calls yet)."""
        from .links import link_get
        from .payment.client import LINK as PAYMENT_LINK
        from .payment.conf import payment_settings
        from .post.client import LINK as POST_LINK
        from .post.conf import post_settings

        if payment_settings().configured:
            link_get(name=PAYMENT_LINK, kind="payment")
        if post_settings().configured:
            link_get(name=POST_LINK, kind="post")
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False


@admin.register(ProcedureMapping)
class ProcedureMappingAdmin(admin.ModelAdmin):
    list_display = ("procedure_code", "national_code", "note")
    search_fields = ("procedure_code", "national_code")

    def changelist_view(self, request, extra_context=None):
        unmapped = unmapped_procedures()
        if unmapped:
            shown = ", ".join(code for code, _name in unmapped[:20])
            self.message_user(
                request,
                ngettext(
                    "%(count)d procedure has no national code: %(codes)s",
                    "%(count)d procedures have no national code: %(codes)s",
                    len(unmapped),
                )
                % {"count": len(unmapped), "codes": shown},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ("local_status", "national_status")


@admin.register(SmsTemplate)
class SmsTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "registration", "active", "pattern")
    list_filter = ("active",)


@admin.register(SmsMessage)
class SmsMessageAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """A message belongs to the dossier it was sent for (`dossier_id_ref`, an id kept without a foreign key):
    staff who are not superusers see the messages of the dossiers the dossier admin shows them, and none sent for
    no dossier (sign-in codes and account notices: a citizen's, owned by no unit)."""

    unit_scope_through = {"dossier_id_ref": "dossiers.Dossier"}
    list_display = ("created_at", "template", "phone_tail", "status", "parts", "attempts", "done_at", "error")
    list_filter = ("status", "template")
    readonly_fields = [field.name for field in SmsMessage._meta.fields if field.name != "phone_hash"]
    exclude = ("phone_hash",)

    def has_add_permission(self, request):
        return False


from .dancu.models import PopulationLookup  # noqa: E402


@admin.register(PopulationLookup)
class PopulationLookupAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """The register of population-database look-ups, read-only (Decree 13/2023/NĐ-CP art. 11: the record of
    consent and purpose is evidence, not something to edit)."""

    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")

    list_display = ("created_at", "officer", "purpose", "dossier", "consent_method", "outcome", "duration_ms")
    list_filter = ("purpose", "outcome", "consent_method")
    search_fields = ("request_id", "dossier__code", "officer__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- money and post: read-only records (written only by the platform's IPN and VNPost's events) --------------

from .models import Payment, Shipment  # noqa: E402


@admin.register(Payment)
class PaymentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("txn_ref", "dossier", "amount", "status", "receipt_number", "created_at", "confirmed_at", "applied")
    list_filter = ("status", "applied")
    search_fields = ("txn_ref", "receipt_number", "dossier__code")
    readonly_fields = [field.name for field in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("order_code", "dossier", "tracking_number", "status", "fee", "created_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("order_code", "tracking_number", "dossier__code")
    readonly_fields = [field.name for field in Shipment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
