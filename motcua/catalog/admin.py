from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from .importers.national import PARSED_FIELDS
from .models import (
    Field,
    LegalBasis,
    LifeEvent,
    Procedure,
    ProcedureFee,
    ProcedureResult,
    ProcedureReview,
    ProcedureTimeLimit,
    ProcessStep,
    RequiredDocument,
    ReviewField,
    ServiceCommitment,
)
from .review import CorrectionError, procedure_correct, rows_as_lines
from .services import CommitmentError, commitment_check, commitment_set
from .versions import previous_version, procedure_changes


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
    """The legal time limits, as published (read only): a shorter time a province commits to is a
    `ServiceCommitment`, never an edit of the legal limit (docs/domain/deadlines.md §10)."""

    model = ProcedureTimeLimit
    extra = 0
    readonly_fields = ("channel", "value", "unit", "note")
    fields = ("channel", "value", "unit", "note")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    readonly_fields = (
        "time_limit_value",
        "time_limit_unit",
        "version_changes",
        "search_text",
        "content_hash",
        "created_at",
        "updated_at",
    )
    filter_horizontal = ("life_events",)
    inlines = (TimeLimitInline, FeeInline, DocumentInline, ResultInline, LegalBasisInline, ProcessStepInline)

    @admin.display(description=_("changes from the previous version"))
    def version_changes(self, obj):
        previous = previous_version(obj) if obj.pk else None
        if previous is None:
            return _("This is the first version.")
        return render_to_string(
            "portal/_version_changes.html", {"previous": previous, "changes": procedure_changes(old=previous, new=obj)}
        )

    def get_search_results(self, request, queryset, search_term):
        # the stored search text is folded: fold the query too so "dang ky" finds "Đăng ký"
        return super().get_search_results(request, queryset, fold(search_term))

    def save_model(self, request, obj, form, change):
        obj.search_text = fold(f"{obj.name} {obj.code} {obj.field.name}")
        obj.content_hash = ""  # edited by hand: the next import must not treat it as unchanged
        super().save_model(request, obj, form, change)


CONFIDENCE_LABELS = {
    "parsed": _("Parsed"),
    "uncertain": _("Uncertain"),
    "empty": _("Not published"),
    "corrected": _("Corrected by a reviewer"),
}


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(choices=ReviewField.choices, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Corrected rows"), widget=forms.Textarea(attrs={"rows": 8}), required=False)


@admin.register(ProcedureReview)
class ProcedureReviewAdmin(admin.ModelAdmin):
    """The review queue: current procedures with a field the parser is unsure of, the raw text of the export
    beside the parsed rows, and a form to correct each field (kept across re-imports of the same text)."""

    list_display = ("code", "name", "uncertain_fields", "field")
    search_fields = ("code", "search_text")
    list_select_related = ("field",)
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).filter(valid_to__isnull=True, needs_review=True)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("uncertain fields"))
    def uncertain_fields(self, obj):
        labels = dict(ReviewField.choices) | {
            "time_limits": _("Time limits"),
            "results": _("Results"),
            "levels": _("Levels"),
        }
        return ", ".join(str(labels[name]) for name, level in obj.parse_confidence.items() if level == "uncertain")

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/", self.admin_site.admin_view(self.review_view), name="catalog_procedurereview_review"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:catalog_procedurereview_review", pk=object_id)

    def review_view(self, request, pk):
        procedure = get_object_or_404(ProcedureReview.objects.filter(valid_to__isnull=True), pk=pk)
        if not self.has_change_permission(request, procedure):
            return redirect("admin:index")
        errors: dict[str, str] = {}
        posted: dict[str, str] = {}
        if request.method == "POST":
            form = CorrectionForm(request.POST)
            if form.is_valid():
                field = form.cleaned_data["field"]
                try:
                    procedure_correct(
                        procedure=procedure, field=field, text=form.cleaned_data["text"], actor=request.user
                    )
                except CorrectionError as exc:
                    errors[field] = str(exc)
                    posted[field] = form.cleaned_data["text"]
                else:
                    messages.success(
                        request, _("The correction is saved; it is kept when the same text is imported again.")
                    )
                    return redirect("admin:catalog_procedurereview_review", pk=procedure.pk)
        rows = {
            ReviewField.DOCUMENTS: procedure.documents.all(),
            ReviewField.LEGAL_BASIS: procedure.legal_basis.all(),
            ReviewField.FEES: procedure.fees.all(),
        }
        sections = []
        for field, label in ReviewField.choices:
            level = procedure.parse_confidence.get(field, "")
            sections.append(
                {
                    "field": field,
                    "label": label,
                    "level": level,
                    "level_label": CONFIDENCE_LABELS.get(level, ""),
                    "raw": procedure.source_raw.get(PARSED_FIELDS[field], ""),
                    "rows": rows[field],
                    "text": posted.get(field, rows_as_lines(field, list(rows[field]))),
                    "error": errors.get(field, ""),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review %(code)s") % {"code": procedure.code},
            "procedure": procedure,
            "sections": sections,
        }
        return TemplateResponse(request, "admin/catalog/procedure_review.html", context, status=400 if errors else 200)


class ServiceCommitmentForm(forms.ModelForm):
    """Checked by `commitment_set` (shorter than the legal limit, a decision on file): its refusal is shown on
    the form, the save goes through the service."""

    class Meta:
        model = ServiceCommitment
        fields = (
            "procedure_code",
            "scope",
            "channel",
            "value",
            "unit",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "valid_from",
            "note",
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            commitment_check(**{name: data.get(name) for name in CHECKED_FIELDS})
        except CommitmentError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


CHECKED_FIELDS = ("procedure_code", "value", "unit", "decision_number", "decision_date", "decision_issuer", "channel")


@admin.register(ServiceCommitment)
class ServiceCommitmentAdmin(admin.ModelAdmin):
    form = ServiceCommitmentForm
    list_display = ("procedure_code", "scope", "channel", "value", "unit", "decision_number", "valid_from", "valid_to")
    list_filter = ("channel", "unit")
    search_fields = ("procedure_code", "decision_number", "scope__name")
    autocomplete_fields = ("scope",)
    readonly_fields = ("valid_to",)

    def save_model(self, request, obj, form, change):
        saved = commitment_set(
            **{name: form.cleaned_data.get(name) for name in ServiceCommitmentForm.Meta.fields}, actor=request.user
        )
        obj.pk = saved.pk
