from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from . import services
from .models import Delivery, DeliveryAttempt, OutboxMessage, Reminder, SyncEndpoint


@admin.register(SyncEndpoint)
class SyncEndpointAdmin(admin.ModelAdmin[SyncEndpoint]):
    list_display = ["name", "kind", "url", "active"]
    list_filter = ["kind", "active"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # LGSP and webhooks are HTTPS

    def get_form(
        self, request: HttpRequest, obj: SyncEndpoint | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[SyncEndpoint]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        # The LGSP password is write-only in the form: never rendered back into the page.
        form.base_fields["password"].widget = forms.PasswordInput(render_value=False)
        form.base_fields["password"].required = False
        return form

    def save_model(
        self, request: HttpRequest, obj: SyncEndpoint, form: forms.ModelForm[SyncEndpoint], change: bool
    ) -> None:
        if change and not form.cleaned_data.get("password"):
            obj.password = type(obj).objects.filter(pk=obj.pk).values_list("password", flat=True).first() or ""
        super().save_model(request, obj, form, change)


class AttemptInline(admin.TabularInline[DeliveryAttempt, Delivery]):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "worker", "started_at", "duration_ms", "response_status", "error", "response_excerpt"]

    def has_add_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(UnitScopedAdminMixin, admin.ModelAdmin[Delivery]):
    """A delivery belongs to its outbox message: staff who are not superusers see the deliveries of the messages the
    outbox admin shows them (their units' dossiers; a message for no dossier, none), with the endpoint's answers."""

    unit_scope_through = {"message": OutboxMessage}
    list_display = ["id", "endpoint", "message", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "endpoint"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    inlines = [AttemptInline]
    actions = ["replay"]

    @admin.action(description=_("Send the selected deliveries again"))
    def replay(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = services.delivery_replay(deliveries=list(queryset))
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(UnitScopedAdminMixin, admin.ModelAdmin[OutboxMessage]):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ["id", "topic", "dossier", "seq", "status", "created_at"]
    list_filter = ["status", "topic"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(UnitScopedAdminMixin, admin.ModelAdmin[Reminder]):
    unit_scope = ("dossier__receiving_unit", "dossier__current_unit", "dossier__steps__unit")
    list_display = ["dossier", "day", "kind", "status", "recipients"]
    list_filter = ["kind", "status", "day"]
    readonly_fields = [field.name for field in Reminder._meta.fields]
