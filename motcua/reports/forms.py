"""Parameters of the report screens (unit, period, grouping, filters), parsed and checked in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.dates import parse_typed_day
from motcua.core.forms import DAY_ERROR
from motcua.metrics.choices import Cutoff, Grouping, PeriodKind
from motcua.metrics.periods import BadPeriod, current_period_text, parse_period, window_label
from motcua.metrics.selectors import stock_moment
from motcua.units.selectors import today_in_vietnam
from motcua.workdays.calendar import VN_TZ

MAX_DAYS = 366 * 3
# Periodic reports default to the official reporting windows (ND 09/2019/NĐ-CP art 12); calendar periods are the
# other choice. A link that names a period without a cut-off keeps its calendar meaning (links made before).
DEFAULT_CUTOFF = Cutoff.ND09


def current_quarter(cutoff: str = Cutoff.CALENDAR) -> str:
    return current_period_text(PeriodKind.QUARTER, today_in_vietnam(), cutoff)


@dataclass
class Period:
    start: dt.date
    end: dt.date
    text: str  # as written in the URL: 2026-Q1, 2026-03, 2026, or "" for explicit days
    cutoff: str = Cutoff.CALENDAR
    # One "now" per request: every figure of the page is measured at the same moment (issue 15, "as of").
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def as_of(self) -> dt.datetime | None:
        """When the period includes today, the moment its stock figures are measured (else None)."""
        return stock_moment(end=self.end, now=self.now).at

    @property
    def as_of_label(self) -> str:
        """ "số liệu tính đến 09:30 ngày 07/12/2026" (Vietnamese time), or "" for a period in the past."""
        if self.as_of is None:
            return ""
        local = self.as_of.astimezone(VN_TZ)
        return gettext("figures as of %(time)s on %(day)s") % {"time": f"{local:%H:%M}", "day": f"{local:%d/%m/%Y}"}

    @property
    def label(self) -> str:
        """The window as the report states it, e.g. "Quý I/2026 (kỳ báo cáo theo Nghị định 09/2019): …"."""
        return window_label(self.text, self.cutoff, self.start, self.end)

    def query(self) -> dict[str, str]:
        if self.text:
            return {"period": self.text, "cutoff": self.cutoff}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


class PeriodForm(forms.Form):
    """A year (2026), half (2026-H1), quarter (2026-Q1), month (2026-03) on the ND 09/2019 reporting windows or on
    the calendar, or custom days (start/end, DD/MM/YYYY or YYYY-MM-DD)."""

    unit = forms.IntegerField(
        label=_("Unit"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Choose a unit from the list."), "min_value": _("Choose a unit from the list.")},
    )
    period = forms.CharField(
        label=_("Period"), required=False, max_length=16, help_text=_("2026, 2026-H1, 2026-Q1 or 2026-03")
    )
    cutoff = forms.ChoiceField(label=_("Period kind"), choices=Cutoff.choices, required=False)
    start = forms.CharField(label=_("From"), required=False, max_length=10)
    end = forms.CharField(label=_("To"), required=False, max_length=10)

    def clean(self):
        data = super().clean()
        text, start, end = data.get("period") or "", data.get("start") or "", data.get("end") or ""
        cutoff = data.get("cutoff") or (Cutoff.CALENDAR if text else DEFAULT_CUTOFF)
        try:
            if start or end:
                first, last = self._day("start", start), self._day("end", end)
                text = ""
            else:
                text = (text or current_quarter(cutoff)).strip().upper()
                first, last = parse_period(text, cutoff)
        except BadPeriod:
            raise forms.ValidationError(
                _("Write the period as 2026, 2026-H1, 2026-Q1 or 2026-03, or give both days.")
            ) from None
        if first > last:
            raise forms.ValidationError(_("The first day is after the last day."))
        if (last - first).days > MAX_DAYS:
            raise forms.ValidationError(_("A custom period may span at most three years."))
        if first.year < 2000 or last.year > 2100:
            raise forms.ValidationError(_("The period is out of range."))
        data["period_obj"] = Period(first, last, text, cutoff)
        return data

    def _day(self, name: str, text: str):
        """One of the custom days, typed as 07/03/2026 (motcua.core.forms); a bad one is named in the error."""
        if not text:
            raise BadPeriod(text)
        try:
            return parse_typed_day(text)
        except ValueError:
            raise forms.ValidationError({name: DAY_ERROR}) from None


class ReportForm(PeriodForm):
    by = forms.ChoiceField(label=_("Rows"), choices=Grouping.choices, required=False)
    field = forms.IntegerField(required=False, widget=forms.HiddenInput)
    procedure = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_by(self):
        return self.cleaned_data.get("by") or Grouping.UNIT
