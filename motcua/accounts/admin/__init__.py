from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ..models import Membership, User
from .scope import UnitScopedAdminMixin

# The admin speaks the product's name, not Django's ("Trang quản trị cho Django").
admin.site.site_header = _("motcua — administration")
admin.site.site_title = _("motcua administration")
admin.site.index_title = _("System administration")


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ("username", "full_name", "kind", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("motcua"), {"fields": ("kind", "full_name", "phone")}))


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdminMixin, admin.ModelAdmin[Membership]):
    unit_scope = "unit"
    list_display = ("user", "unit", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ("user",)
    raw_id_fields = ("unit",)
