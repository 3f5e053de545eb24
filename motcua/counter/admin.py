from django.contrib import admin

from .models import Appointment, Counter, ServiceGroup, Ticket


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin):
    list_display = ("letter", "name", "centre", "slot_minutes", "slot_capacity", "is_active")
    list_filter = ("is_active",)
    autocomplete_fields = ("centre",)


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("number", "centre", "is_active")
    filter_horizontal = ("groups",)
    autocomplete_fields = ("centre",)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("label", "centre", "day", "status", "issued_at", "called_at", "finished_at", "counter")
    list_filter = ("status", "day")
    readonly_fields = [f.name for f in Ticket._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "group", "seat", "status", "reminder_sent_at")
    list_filter = ("status", "day")
    readonly_fields = [f.name for f in Appointment._meta.fields]

    def has_add_permission(self, request):
        return False
