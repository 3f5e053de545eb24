"""Parameters of the report screens (unit, period, grouping, filters), parsed and checked in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.metrics.choices import Grouping
from motcua.metrics.periods import BadPeriod, parse_day, parse_period, period_label
from motcua.units.selectors import today_in_vietnam

MAX_DAYS = 366 * 3


def current_quarter() -> str:
    today = today_in_vietnam()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@dataclass
class Period:
    start: dt.date
    end: dt.date
    text: str  # as written in the URL: 2026-Q1, 2026-03, 2026, or "" for explicit days

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    def query(self) -> dict[str, str]:
        if self.text:
            return {"period": self.text}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


class PeriodForm(forms.Form):
    """A year (2026), quarter (2026-Q1), month (2026-03), or custom days (start/end, YYYY-MM-DD or DD/MM/YYYY)."""

    unit = forms.IntegerField(
        label=_("Unit"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Choose a unit from the list."), "min_value": _("Choose a unit from the list.")},
    )
    period = forms.CharField(label=_("Period"), required=False, max_length=16, help_text=_("2026, 2026-Q1 or 2026-03"))
    start = forms.CharField(label=_("From"), required=False, max_length=10)
    end = forms.CharField(label=_("To"), required=False, max_length=10)

    def clean(self):
        data = super().clean()
        text, start, end = data.get("period") or "", data.get("start") or "", data.get("end") or ""
        try:
            if start or end:
                first, last = parse_day(start), parse_day(end)
                text = ""
            else:
                text = (text or current_quarter()).strip().upper()
                first, last = parse_period(text)
        except BadPeriod:
            raise forms.ValidationError(_("Write the period as 2026, 2026-Q1 or 2026-03, or give both days.")) from None
        if first > last:
            raise forms.ValidationError(_("The first day is after the last day."))
        if (last - first).days > MAX_DAYS:
            raise forms.ValidationError(_("A custom period may span at most three years."))
        if first.year < 2000 or last.year > 2100:
            raise forms.ValidationError(_("The period is out of range."))
        data["period_obj"] = Period(first, last, text)
        return data


class ReportForm(PeriodForm):
    by = forms.ChoiceField(label=_("Rows"), choices=Grouping.choices, required=False)
    field = forms.IntegerField(required=False, widget=forms.HiddenInput)
    procedure = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def clean_by(self):
        return self.cleaned_data.get("by") or Grouping.UNIT
