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
    """Read-only: a signed e-result is the record of a signature `services.eresult_issue` made (the file, its
    SHA-256, the credential, who issued it and when). A row typed or edited by hand would claim a signature that
    never happened, so nobody adds or changes one here, a superuser included; who issued it is shown, not chosen."""

    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("result_code", "signer_name", "issued_by", "signed_at")
    search_fields = ("result_code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
