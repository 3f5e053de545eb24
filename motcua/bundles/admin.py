from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import AgencyRoute, Bundle, BundleComponent, BundleDefinition


class ComponentInline(admin.TabularInline[BundleComponent, BundleDefinition]):
    model = BundleComponent
    extra = 0
    filter_horizontal = ("depends_on",)


@admin.register(BundleDefinition)
class BundleDefinitionAdmin(admin.ModelAdmin[BundleDefinition]):
    list_display = ("code", "name", "is_national", "total_limit_days", "verification_limit_days", "is_active")
    inlines = [ComponentInline]


@admin.register(AgencyRoute)
class AgencyRouteAdmin(UnitScopedAdminMixin, admin.ModelAdmin[AgencyRoute]):
    unit_scope = "unit"  # the agency the route sends to owns it
    list_display = ("area", "role", "unit")
    list_filter = ("role",)
    raw_id_fields = ("area", "unit")


@admin.register(Bundle)
class BundleAdmin(UnitScopedAdminMixin, admin.ModelAdmin[Bundle]):
    """Read-only: a bundle is made by `services.bundle_apply` and changes only through the services. Seen by the
    receiving unit and the agencies of its parts."""

    unit_scope = ("receiving_unit", "parts__unit")

    list_display = ("code", "definition", "receiving_unit", "received_at", "due_at", "needs_verification")
    search_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
