from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "kind", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("motcua"), {"fields": ("kind", "full_name", "phone")}))
