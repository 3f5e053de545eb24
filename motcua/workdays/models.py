"""Working-calendar data: official per-year adjustments and the daily working sessions.

The base calendar (weekends, Labour Code 2019 art. 112 holidays including the lunar ones) comes from the
`holidays` package; each year the Prime Minister fixes the exact Tết and National Day days and approves day
swaps with make-up Saturdays (art. 112.3), announced by the ministry (LĐTBXH until early 2025, Nội vụ since).
Those notices are stored here, with their number and date, and always win over the package.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import AdjustmentKind


class CalendarAdjustment(models.Model):
    """One date made a day off or a working day by an official notice (e.g. TB 9441/TB-BNV, 16/10/2025)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source_number = models.CharField(_("source document number"), max_length=100, help_text=_("e.g. 9441/TB-BNV"))
    source_date = models.DateField(_("source document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[AdjustmentKind.DAY_OFF, AdjustmentKind.WORKING_DAY]),
                name="workdays_adjustment_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name} ({self.source_number})"


class WorkSchedule(models.Model):
    """Daily working sessions in force from `valid_from` (the latest row not in the future applies).

    State agencies work 40 hours over 5 days (QĐ 188/1999/QĐ-TTg art. 1); the hours of the two sessions are
    set locally, so they are data. The clock cut-off is the hour after which a dossier received counts from
    the next working day (ND 61/2018 art. 18 and sector rules).
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    morning_start = models.TimeField(_("morning session starts"))
    morning_end = models.TimeField(_("morning session ends"))
    afternoon_start = models.TimeField(_("afternoon session starts"))
    afternoon_end = models.TimeField(_("afternoon session ends"))
    clock_cutoff = models.TimeField(
        _("reception cut-off"),
        help_text=_("Dossiers received after this time count from the next working day."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("work schedule")
        verbose_name_plural = _("work schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="workdays_schedule_sessions_ordered",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.valid_from:%d/%m/%Y}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )


class CalendarYear(models.Model):
    """A year whose official notice is on file (the Prime Minister fixes the Tết and National Day days and the
    swaps each year, Labour Code 2019 art. 112.3; the ministry announces them, e.g. TB 9441/TB-BNV for 2026).

    A year without a row is *provisional*: its days off come from the `holidays` package's rules only, and due
    dates that cross it carry a mark ("dự kiến") until the notice is recorded.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    notice_number = models.CharField(_("notice number"), max_length=100, help_text=_("e.g. 9441/TB-BNV"))
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")

    def __str__(self) -> str:
        return f"{self.year}: {self.notice_number}"
