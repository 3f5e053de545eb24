"""The working calendar in the admin. Every change of a day re-plans the open dossiers it moves through
`services.calendar_notice_apply` (docs/domain/deadlines.md §9): the change form's save is the confirmation;
the "apply a notice" page previews the moved dossiers first (dry run) and applies on confirmation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField

from .choices import AdjustmentKind
from .formatting import format_moment
from .models import CalendarAdjustment, CalendarYear, WorkSchedule
from .notices import NoticeError, build_notice
from .services import NoticeResult, calendar_adjustment_remove, calendar_notice_apply

MOVES_SHOWN = 20


def _moves_message(result: NoticeResult) -> str:
    if not result.moves:
        return gettext("No open dossier's due date moves.")
    lines = [
        f"{m.code}: {format_moment(m.old_due_at) if m.old_due_at else '—'} → "
        f"{format_moment(m.new_due_at) if m.new_due_at else '—'}"
        for m in result.moves[:MOVES_SHOWN]
    ]
    more = len(result.moves) - MOVES_SHOWN
    text = gettext("%(count)d open dossiers re-planned, applicants notified: ") % {"count": len(result.moves)}
    return text + "; ".join(lines) + (f"; … (+{more})" if more > 0 else "")


class CalendarAdjustmentForm(forms.ModelForm[CalendarAdjustment]):
    class Meta:
        model = CalendarAdjustment
        fields = ["date", "kind", "name", "source_number", "source_date", "note"]

    def clean_source_date(self) -> date:
        value: date | None = self.cleaned_data.get("source_date")
        if value is None:
            raise forms.ValidationError(_("Enter the date of the notice or instrument."))
        return value


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(admin.ModelAdmin[CalendarAdjustment]):
    form = CalendarAdjustmentForm
    list_display = ["date", "kind", "name", "source_number", "source_date"]
    list_filter = ["kind", "source_number"]
    search_fields = ["name", "source_number", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]
    change_list_template = "admin/workdays/calendaradjustment/change_list.html"

    def save_model(self, request: HttpRequest, obj: CalendarAdjustment, form: Any, change: bool) -> None:
        """Store the day through the notice service, which re-plans the open dossiers it moves."""
        remove: list[date] = []
        if change and "date" in form.changed_data:
            remove = [form.initial["date"]]
        notice = build_notice(
            number=obj.source_number,
            notice_date=obj.source_date,
            days=[{"date": obj.date, "kind": obj.kind, "name": obj.name, "note": obj.note}],
        )
        result = calendar_notice_apply(notice=notice, confirm=True, actor=request.user, remove=remove)
        saved = CalendarAdjustment.objects.get(date=obj.date)
        obj.pk = saved.pk
        messages.info(request, _moves_message(result))

    def delete_model(self, request: HttpRequest, obj: CalendarAdjustment) -> None:
        messages.info(request, _moves_message(calendar_adjustment_remove(adjustment=obj, actor=request.user)))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarAdjustment]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "apply-notice/",
                self.admin_site.admin_view(self.apply_notice_view),
                name="workdays_calendaradjustment_apply_notice",
            ),
            *super().get_urls(),
        ]

    def apply_notice_view(self, request: HttpRequest) -> HttpResponse:
        """Record a day from a notice: preview the moved dossiers (nothing written), then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NoticeForm(request.POST or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": gettext("Apply a calendar notice")}  # fmt: skip
        if request.method == "POST" and form.is_valid():
            notice = form.notice
            confirm = "confirm" in request.POST
            result = calendar_notice_apply(notice=notice, confirm=confirm, actor=request.user)
            context.update(
                result=result,
                moves=[
                    {
                        "code": m.code,
                        "old": format_moment(m.old_due_at) if m.old_due_at else "—",
                        "new": format_moment(m.new_due_at) if m.new_due_at else "—",
                        "url": reverse("admin:dossiers_dossier_change", args=[m.dossier_id]),
                    }
                    for m in result.moves
                ],
                notifications_url=reverse("admin:dossiers_notification_changelist") + "?template__exact=due_date_moved",
            )
        return TemplateResponse(request, "admin/workdays/apply_notice.html", context)


class NoticeForm(forms.Form):
    number = forms.CharField(label=_("notice number"), max_length=100, help_text=_("e.g. 9441/TB-BNV"))
    notice_date = DayField(label=_("notice date"))
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    year = forms.IntegerField(
        label=_("yearly notice of the year"),
        required=False,
        help_text=_("Fill in only for the ministry's yearly notice: the year is then no longer provisional."),
    )
    day = DayField(label=_("date"))
    kind = forms.ChoiceField(label=_("kind"), choices=AdjustmentKind.choices)
    name = forms.CharField(label=_("name"), max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.notice = build_notice(
                number=data["number"],
                notice_date=data["notice_date"],
                title=data.get("title") or "",
                year=data.get("year"),
                days=[{"date": data["day"], "kind": data["kind"], "name": data["name"]}],
            )
        except NoticeError as error:
            raise forms.ValidationError(str(error)) from None
        return data


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin[WorkSchedule]):
    list_display = ["valid_from", "morning_start", "morning_end", "afternoon_start", "afternoon_end", "clock_cutoff"]
    ordering = ["-valid_from"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "notice_number", "notice_date"]
    ordering = ["-year"]
