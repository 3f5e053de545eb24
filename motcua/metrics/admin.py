from django.contrib import admin

from .models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ("year", "indicator", "unit", "value")
    list_filter = ("year", "indicator")
    autocomplete_fields = ("unit",)
