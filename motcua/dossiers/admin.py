"""Read-only admin: dossiers change only through the services (the history is the source of truth)."""

from django.contrib import admin

from .models import Dossier, DossierDocument, DossierEvent, DossierStep, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    can_delete = False
    fields = ("seq", "action", "from_status", "to_status", "actor", "unit", "reason", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = DossierStep
    extra = 0
    can_delete = False
    fields = ("seq", "kind", "unit", "officer", "started_at", "due_at", "finished_at", "outcome")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("code", "procedure", "status", "receiving_unit", "current_unit", "due_at", "outcome")
    list_filter = ("status", "channel", "outcome")
    search_fields = ("code",)
    inlines = [StepInline, EventInline]


@admin.register(DossierDocument)
class DossierDocumentAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "name", "kind", "content_type", "size", "digitised", "result_code")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "channel", "template", "status", "created_at")
    list_filter = ("channel", "status", "template")
