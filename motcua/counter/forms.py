from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField


class BookingForm(forms.Form):
    """The person's details and the slot chosen among those listed (the service re-checks everything)."""

    slot = forms.DateTimeField(
        label=_("Time"),
        input_formats=["%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z"],
        error_messages={"required": _("Choose a time."), "invalid": _("Choose a time from the list.")},
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("Mobile phone (for the reminder)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


class StatisticsForm(forms.Form):
    start = DayField(label=_("From"))
    end = DayField(label=_("To"))

    MAX_DAYS = 366

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        if start and end and (end - start) > dt.timedelta(days=self.MAX_DAYS):
            raise forms.ValidationError(_("Choose a period of at most one year."))
        return data
