from django.contrib import admin
from django.db.models import Exists, OuterRef

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .access import subjects_for_viewer
from .models import OfficerGrading


@admin.register(OfficerGrading)
class OfficerGradingAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Read-only: gradings are recorded by the centre manager on the evaluation page and never changed. Besides the
    unit rule, staff see only the gradings of the people whose evaluation they may see (`access.subjects_for_viewer`:
    their own and those ranked below them), never a fellow leader's or their superior's."""

    unit_scope = "unit"

    list_display = ("officer", "unit", "year", "band", "score", "recorded_at")
    list_filter = ("year", "band")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        subjects = subjects_for_viewer(request.user).filter(user_id=OuterRef("officer_id"), unit_id=OuterRef("unit_id"))
        return queryset.filter(Exists(subjects))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
