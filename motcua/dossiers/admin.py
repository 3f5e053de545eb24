"""Read-only admin: dossiers change only through the services (the history is the source of truth)."""

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import Dossier, DossierDocument, DossierEvent, DossierStep, Notification

_M = TypeVar("_M", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


class EventInline(admin.TabularInline[DossierEvent, Dossier]):
    model = DossierEvent
    extra = 0
    can_delete = False
    fields = ("seq", "action", "from_status", "to_status", "actor", "unit", "reason", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Dossier | None = None) -> bool:
        return False


class StepInline(admin.TabularInline[DossierStep, Dossier]):
    model = DossierStep
    extra = 0
    can_delete = False
    fields = ("seq", "kind", "unit", "officer", "started_at", "due_at", "finished_at", "outcome")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Dossier | None = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(UnitScopedAdminMixin, ReadOnlyAdmin[Dossier]):
    unit_scope = ("receiving_unit", "current_unit", "steps__unit")
    list_display = ("code", "procedure", "status", "receiving_unit", "current_unit", "due_at", "outcome")
    list_filter = ("status", "channel", "outcome")
    search_fields = ("code",)
    inlines = [StepInline, EventInline]


@admin.register(DossierDocument)
class DossierDocumentAdmin(UnitScopedAdminMixin, ReadOnlyAdmin[DossierDocument]):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("dossier", "name", "kind", "content_type", "size", "digitised", "result_code")


@admin.register(Notification)
class NotificationAdmin(UnitScopedAdminMixin, ReadOnlyAdmin[Notification]):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ("dossier", "channel", "template", "status", "created_at")
    list_filter = ("channel", "status", "template")
