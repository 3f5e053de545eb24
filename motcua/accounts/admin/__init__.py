from collections.abc import Sequence

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..choices import UserKind
from ..models import Membership, User
from .scope import UnitScopedAdminMixin, admin_unit_ids

# The admin speaks the product's name, not Django's ("Trang quản trị cho Django").
admin.site.site_header = _("motcua — administration")
admin.site.site_title = _("motcua administration")
admin.site.index_title = _("System administration")


@admin.register(User)
class UserAdmin(UnitScopedAdminMixin, BaseUserAdmin[User]):
    """Staff who are not superusers see the accounts of their units' people — a membership there, active or not
    (the membership admin lists both) — and never a citizen's account (not unit-owned; personal data, Decree
    13/2023/NĐ-CP) nor a superuser's. They create no account: a new one has no unit yet, so it would leave their
    list at once; it enters a unit by a membership, given by a superuser. Nor do they grant rights: who is a
    superuser, the groups and the permissions are read-only for them, since changing those would let them give
    themselves everything (Django's admin documentation: editing users is "ultimately the same as giving them
    superuser status")."""

    unit_scope = "memberships__unit"
    unit_scope_exclude = Q(kind=UserKind.CITIZEN) | Q(is_superuser=True)

    list_display = ("username", "full_name", "kind", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("motcua"), {"fields": ("kind", "full_name", "phone")}))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and admin_unit_ids(request) is None

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> Sequence[str]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if admin_unit_ids(request) is None:
            return fields
        return (*fields, "is_superuser", "groups", "user_permissions")


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdminMixin, admin.ModelAdmin[Membership]):
    unit_scope = "unit"
    list_display = ("user", "unit", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ("user",)
    raw_id_fields = ("unit",)
