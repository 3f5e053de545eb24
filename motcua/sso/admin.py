from django.conf import settings
from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """An identity belongs to its user: staff who are not superusers see the identities of the accounts the user
    admin shows them (their units' officers; never a citizen's, whose identity carries a personal identification
    number)."""

    unit_scope_through = {"user": settings.AUTH_USER_MODEL}
    list_display = ("user", "provider", "issuer", "created_at", "last_login_at")
    list_filter = ("provider",)
    search_fields = ("user__username", "user__full_name", "subject")
    raw_id_fields = ("user",)
