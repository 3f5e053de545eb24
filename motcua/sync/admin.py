from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, DeliveryAttempt, OutboxMessage, Reminder, SyncEndpoint


@admin.register(SyncEndpoint)
class SyncEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "active"]
    list_filter = ["kind", "active"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # LGSP and webhooks are HTTPS

    def get_form(self, request, obj=None, **kwargs):
        from django import forms

        form = super().get_form(request, obj, **kwargs)
        # The LGSP password is write-only in the form: never rendered back into the page.
        form.base_fields["password"].widget = forms.PasswordInput(render_value=False)
        form.base_fields["password"].required = False
        return form

    def save_model(self, request, obj, form, change):
        if change and not form.cleaned_data.get("password"):
            obj.password = type(obj).objects.filter(pk=obj.pk).values_list("password", flat=True).first() or ""
        super().save_model(request, obj, form, change)


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "worker", "started_at", "duration_ms", "response_status", "error", "response_excerpt"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "endpoint", "message", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "endpoint"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    inlines = [AttemptInline]
    actions = ["replay"]

    @admin.action(description=_("Send the selected deliveries again"))
    def replay(self, request, queryset):
        count = services.delivery_replay(deliveries=list(queryset))
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "topic", "dossier", "seq", "status", "created_at"]
    list_filter = ["status", "topic"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["dossier", "day", "kind", "status", "recipients"]
    list_filter = ["kind", "status", "day"]
    readonly_fields = [field.name for field in Reminder._meta.fields]
