from django.contrib import admin

from .models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ("user", "provider", "issuer", "created_at", "last_login_at")
    list_filter = ("provider",)
    raw_id_fields = ("user",)
