from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import Target


@admin.register(Target)
class TargetAdmin(UnitScopedAdminMixin, admin.ModelAdmin[Target]):
    unit_scope = "unit"
    list_display = ("year", "indicator", "unit", "value")
    list_filter = ("year", "indicator")
    autocomplete_fields = ("unit",)
