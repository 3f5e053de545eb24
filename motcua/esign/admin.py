from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import SignedResult, SigningCredential, TrustRoot


@admin.register(SigningCredential)
class SigningCredentialAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "unit"
    list_display = ("name", "unit", "passphrase_env", "is_active", "created_at")
    list_filter = ("is_active",)
    raw_id_fields = ("unit",)


@admin.register(TrustRoot)
class TrustRootAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "created_at")
    list_filter = ("is_active",)


@admin.register(SignedResult)
class SignedResultAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("result_code", "signer_name", "signed_at")
    search_fields = ("result_code",)
    raw_id_fields = ("dossier", "document", "credential", "issued_by")
    readonly_fields = ("sha256", "signed_at")
