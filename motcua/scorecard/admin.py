"""Frameworks are editable in the admin (issue: "editable in the admin, one version per year")."""

from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin

from .models import Assessment, AssessmentEvent, Criterion, Entry, ExternalIndexResult, Framework, IndexTarget


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["position", "code", "level", "name", "max_points", "method", "weight", "unverified", "parent"]
    extra = 0
    ordering = ["position"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "year", "name", "version", "aggregation", "published_at"]
    list_filter = ["code", "year"]
    search_fields = ["code", "name"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "framework", "level", "max_points", "method", "unverified"]
    list_filter = ["framework", "level", "method", "unverified"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ["criterion", "self_points", "appraised_points", "appraisal_reason", "imported_points", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "unit"
    list_display = ["unit", "framework", "status", "submitted_at", "appraised_at"]
    list_filter = ["framework", "status"]
    readonly_fields = ["status", "submitted_at", "appraised_at"]
    inlines = [EntryInline]


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Read-only: the assessment's append-only history, written by the services with every change of points. An
    event added by hand would be a change that never happened, by whoever the form named: nobody adds one here."""

    unit_scope = "assessment__unit"
    list_display = ["at", "assessment", "verb", "criterion", "from_points", "to_points", "actor"]
    list_filter = ["verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExternalIndexResult)
class ExternalIndexResultAdmin(admin.ModelAdmin):
    list_display = ["index", "year", "province", "value", "rank", "source"]
    list_filter = ["index", "year"]
    search_fields = ["province"]


@admin.register(IndexTarget)
class IndexTargetAdmin(admin.ModelAdmin):
    list_display = ["index", "year", "province", "value"]
    list_filter = ["index", "year"]
