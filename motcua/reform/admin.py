"""Administration of the reform app: the Department creates plans, tasks, surveys and contests here; the
progress log stays read-only (append-only by design)."""

from django.contrib import admin

from motcua.accounts.admin.scope import UnitScopedAdminMixin, admin_unit_ids
from motcua.accounts.choices import UserKind
from motcua.accounts.models import User

from . import models


class TaskInline(admin.TabularInline):
    model = models.ReformTask
    extra = 0
    fields = ("number", "title", "lead_unit", "expected_output", "due_date", "progress", "status")
    autocomplete_fields = ("lead_unit",)
    show_change_link = True


@admin.register(models.ReformPlan)
class ReformPlanAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("unit", "managing_unit")
    unit_subject_fields = ("unit",)  # the managing department makes plans for other units
    list_display = ("title", "year", "unit", "managing_unit", "status")
    list_filter = ("year", "status")
    search_fields = ("title", "document_number")
    autocomplete_fields = ("unit", "managing_unit")
    inlines = [TaskInline]


class ProgressInline(admin.TabularInline):
    model = models.TaskProgressEntry
    extra = 0
    can_delete = False
    readonly_fields = ("at", "author", "progress", "status", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.ReformTask)
class ReformTaskAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("lead_unit", "plan__unit", "plan__managing_unit")
    unit_subject_fields = ("lead_unit", "cooperating_units")
    list_display = ("number", "title", "plan", "lead_unit", "due_date", "progress", "status")
    list_filter = ("status", "plan__year")
    search_fields = ("title", "number")
    autocomplete_fields = ("lead_unit", "cooperating_units")
    raw_id_fields = ("criteria",)
    readonly_fields = ("progress", "status", "completed_on")
    inlines = [ProgressInline]


class FindingInline(admin.StackedInline):
    model = models.InspectionFinding
    extra = 1


@admin.register(models.Inspection)
class InspectionAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = ("inspected_unit", "inspecting_unit")
    unit_subject_fields = ("inspected_unit",)
    list_display = ("inspected_unit", "visit_date", "inspecting_unit", "plan")
    autocomplete_fields = ("inspected_unit", "inspecting_unit")
    inlines = [FindingInline]


class IndexInline(admin.TabularInline):
    model = models.SurveyIndex
    extra = 0


class ElementInline(admin.TabularInline):
    model = models.SurveyElement
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        """An element sits under an index of its own survey (for everyone: another survey's index would put it in a
        questionnaire it is not part of, and list that survey's indices — another unit's — to staff)."""
        formset = super().get_formset(request, obj, **kwargs)
        if "index" in formset.form.base_fields:
            indices = models.SurveyIndex.objects
            own = indices.filter(survey=obj) if obj is not None and obj.pk else indices.none()
            formset.form.base_fields["index"].queryset = own
        return formset


class TargetInline(admin.TabularInline):
    model = models.SurveyTarget
    extra = 0
    readonly_fields = ("open_token",)
    autocomplete_fields = ("unit",)


@admin.register(models.Survey)
class SurveyAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "organizer"
    list_display = ("title", "year", "organizer", "status")
    list_filter = ("year", "status")
    autocomplete_fields = ("organizer",)
    inlines = [IndexInline, ElementInline, TargetInline]

    def save_formset(self, request, form, formset, change):
        import secrets

        for instance in formset.save(commit=False):
            if isinstance(instance, models.SurveyTarget) and not instance.open_token:
                instance.open_token = secrets.token_urlsafe(32)
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(models.SurveyQuestion)
class SurveyQuestionAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """A question belongs to its survey's organizer, as the survey does: staff see and choose only their units'
    surveys' elements, and the survey filter lists only the surveys of the questions shown."""

    unit_scope = "element__survey__organizer"
    unit_scope_choices = {"element": "survey__organizer"}
    list_display = ("code", "text", "element")
    list_filter = (("element__survey", admin.RelatedOnlyFieldListFilter),)


class CriterionInline(admin.TabularInline):
    model = models.ContestCriterion
    extra = 0


class PrizeInline(admin.TabularInline):
    model = models.Prize
    extra = 0


@admin.register(models.ContestRound)
class ContestRoundAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_scope = "organizer"
    # Judges come from the whole province (the round form's pool), not from the organizer's people only: limiting
    # them to the user admin's rule would drop another unit's judge from the round on the next save. For staff who
    # are not superusers the choices are officers' accounts, never a citizen's.
    unit_subject_fields = ("judges",)
    list_display = ("title", "year", "organizer", "status")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organizer",)
    filter_horizontal = ("judges",)
    inlines = [CriterionInline, PrizeInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "judges" and admin_unit_ids(request) is not None:
            kwargs["queryset"] = User.objects.filter(kind=UserKind.OFFICER).order_by("full_name", "username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)
