"""Queue configuration in the admin. Every row belongs to a centre: staff who are not superusers see and change
only their own centres' rows (`accounts.admin_scope`); a counter serves only its own centre's groups (form,
service `counter_groups_set`, database triggers)."""

from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from . import services
from .forms import CounterAdminForm
from .models import Appointment, Counter, ServiceGroup, Ticket


@admin.register(ServiceGroup)
class ServiceGroupAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "centre"
    list_display = ("letter", "name", "centre", "slot_minutes", "slot_capacity", "is_active")
    list_filter = ("is_active",)
    autocomplete_fields = ("centre",)


@admin.register(Counter)
class CounterAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "centre"
    form = CounterAdminForm
    list_display = ("number", "centre", "is_active")
    filter_horizontal = ("groups",)
    autocomplete_fields = ("centre",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_related(self, request, form, formsets, change):
        """The groups go through the service (its checks, then the database's); the form checked them already."""
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.counter_groups_set(actor=request.user, counter=form.instance, groups=groups)


@admin.register(Ticket)
class TicketAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "centre"
    list_display = ("label", "centre", "day", "status", "issued_at", "called_at", "finished_at", "counter")
    list_filter = ("status", "day")
    readonly_fields = [f.name for f in Ticket._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Appointment)
class AppointmentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "centre"
    list_display = ("starts_at", "group", "seat", "status", "reminder_sent_at")
    list_filter = ("status", "day")
    readonly_fields = [f.name for f in Appointment._meta.fields]

    def has_add_permission(self, request):
        return False
