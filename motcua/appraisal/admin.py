from django.contrib import admin

from .models import OfficerGrading


@admin.register(OfficerGrading)
class OfficerGradingAdmin(admin.ModelAdmin):
    """Read-only: gradings are recorded by the centre manager on the evaluation page and never changed."""

    list_display = ("officer", "unit", "year", "band", "score", "recorded_at")
    list_filter = ("year", "band")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
