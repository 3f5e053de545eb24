"""Admin for the unit tree: search (accent-insensitive), filter by kind, province and validity, lineage inline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from motcua.core.text import fold

from . import services
from .choices import PROVINCE_KINDS
from .identifiers import MAX_FILE_BYTES, IdentifierImportError, unit_identifiers_import
from .models import Unit, UnitLineage
from .selectors import active_on_q, today_in_vietnam


class ProvinceFilter(admin.SimpleListFilter):
    """Everything under one province (current or before 2025), through the materialised path."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        return [
            (code, f"{name}{' †' if valid_to else ''}")
            for code, name, valid_to in Unit.objects.filter(kind__in=PROVINCE_KINDS)
            .order_by("valid_to", "name")
            .values_list("code", "name", "valid_to")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.value():
            return queryset.filter(path__startswith=f"/{self.value()}/")
        return queryset


class ActiveFilter(admin.SimpleListFilter):
    title = _("in force today")
    parameter_name = "active"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, StrOrPromise]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.value() == "yes":
            return queryset.filter(active_on_q(today_in_vietnam()))
        if self.value() == "no":
            return queryset.exclude(active_on_q(today_in_vietnam()))
        return queryset


class PredecessorInline(admin.TabularInline[UnitLineage, Unit]):
    model = UnitLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors")


class IdentifierUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("UTF-8, columns “Mã định danh” and “Mã đơn vị” or “Tên cơ quan”, separated by ; or ,"),
    )
    content = forms.CharField(required=False, widget=forms.HiddenInput)
    province = forms.CharField(label=_("Province code (to match names)"), required=False, max_length=40)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    change_list_template = "admin/units/unit/change_list.html"
    list_display = ["code", "name", "kind", "division_type", "admin_code", "e_identifier", "valid_from", "valid_to"]
    list_filter = ["kind", ProvinceFilter, ActiveFilter, "division_type"]
    search_fields = ["code", "search_name", "admin_code", "e_identifier"]
    readonly_fields = ["path", "depth", "search_name"]
    autocomplete_fields = ["parent"]
    inlines = [PredecessorInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "division_type", "parent"]}),
        (_("Codes"), {"fields": ["admin_code", "e_identifier"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to"]}),
        (_("Derived"), {"fields": ["path", "depth", "search_name"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Unit, form: ModelForm[Unit], change: bool) -> None:
        old_path = Unit.objects.get(pk=obj.pk).path if change else obj.path
        super().save_model(request, obj, form, change)
        if change:
            services.unit_subtree_refresh(unit=obj, old_path=old_path)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "import-identifiers/",
                self.admin_site.admin_view(self.import_identifiers_view),
                name="units_unit_import_identifiers",
            ),
            *super().get_urls(),
        ]

    def import_identifiers_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a province's CSV of e-identifiers: a first submit checks it (nothing written), the second,
        carrying the same text, writes it (identifiers.unit_identifiers_import, one transaction)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = IdentifierUploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
        report = None
        errors: list[str] = []
        content = ""
        status = 200
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload is not None:
                raw = upload.read(MAX_FILE_BYTES + 1)
            else:
                raw = form.cleaned_data["content"].encode("utf-8")
            confirm = "confirm" in request.POST and upload is None
            if not raw:
                errors = [str(_("Choose a CSV file."))]
            else:
                try:
                    report = unit_identifiers_import(
                        content=raw, confirm=confirm, province_code=form.cleaned_data["province"] or None
                    )
                except IdentifierImportError as exc:
                    errors = [message for _line, message in exc.errors]
                else:
                    if report.applied:
                        messages.success(
                            request,
                            _("%(n)d electronic identifiers were written.") % {"n": len(report.changes)},
                        )
                        return redirect("admin:units_unit_changelist")
                    content = raw.decode("utf-8-sig")
            status = 400 if errors else 200
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import electronic identifiers"),
            "form": form,
            "report": report,
            "errors": errors,
            "content": content,
        }
        return TemplateResponse(request, "admin/units/unit/import_identifiers.html", context, status=status)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Unit], search_term: str
    ) -> tuple[QuerySet[Unit], bool]:
        # search_name is folded: fold the term too, so "quang ninh" and "Quảng Ninh" both match.
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin[UnitLineage]):
    list_display = ["successor", "predecessor", "kind", "effective_date", "source_document"]
    list_filter = ["kind", "effective_date"]
    search_fields = ["successor__search_name", "predecessor__search_name"]
    autocomplete_fields = ["successor", "predecessor"]
    list_select_related = ["successor", "predecessor"]
