from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import CertifiedCopy


@admin.register(CertifiedCopy)
class CertifiedCopyAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "unit"
    list_display = ("book_reference", "unit", "title", "pages", "fee", "issued_at")
    list_filter = ("year",)
    readonly_fields = [f.name for f in CertifiedCopy._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
