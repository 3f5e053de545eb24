from django.contrib import admin

from .models import CalendarAdjustment, CalendarYear, WorkSchedule


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source_number", "source_date"]
    list_filter = ["kind", "source_number"]
    search_fields = ["name", "source_number", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "morning_start", "morning_end", "afternoon_start", "afternoon_end", "clock_cutoff"]
    ordering = ["-valid_from"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "notice_number", "notice_date"]
    ordering = ["-year"]
