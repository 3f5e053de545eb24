from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from .models import (
    Field,
    LegalBasis,
    LifeEvent,
    Procedure,
    ProcedureFee,
    ProcedureResult,
    ProcedureTimeLimit,
    ProcessStep,
    RequiredDocument,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "search_name", "code")

    def save_model(self, request, obj, form, change):
        obj.search_name = fold(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(LifeEvent)
class LifeEventAdmin(FieldAdmin):
    list_display = ("name",)
    search_fields = ("name", "search_name")


class TimeLimitInline(admin.TabularInline):
    model = ProcedureTimeLimit
    extra = 0


class FeeInline(admin.TabularInline):
    model = ProcedureFee
    extra = 0


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0


class ResultInline(admin.TabularInline):
    model = ProcedureResult
    extra = 0


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0


class CurrentFilter(admin.SimpleListFilter):
    title = _("version")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return (("yes", _("Current")), ("no", _("Superseded")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "field", "online_level", "time_limit_value", "time_limit_unit")
    list_filter = (
        CurrentFilter,
        "online_level",
        "level_ministry",
        "level_province",
        "level_commune",
        "boundary_free",
        "source",
        "field",
    )
    search_fields = ("code", "search_text")
    list_select_related = ("field",)
    readonly_fields = ("search_text", "content_hash", "created_at", "updated_at")
    filter_horizontal = ("life_events",)
    inlines = (TimeLimitInline, FeeInline, DocumentInline, ResultInline, LegalBasisInline, ProcessStepInline)

    def get_search_results(self, request, queryset, search_term):
        # the stored search text is folded: fold the query too so "dang ky" finds "Đăng ký"
        return super().get_search_results(request, queryset, fold(search_term))

    def save_model(self, request, obj, form, change):
        obj.search_text = fold(f"{obj.name} {obj.code} {obj.field.name}")
        obj.content_hash = ""  # edited by hand: the next import must not treat it as unchanged
        super().save_model(request, obj, form, change)
