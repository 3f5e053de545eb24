"""Officer forms for PAKN handling: one text per step (reason, question, answer) and the ratings period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    text = forms.CharField(
        label=_("Reason for not accepting (shown to the sender)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Information to ask the sender for"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))


class PeriodForm(forms.Form):
    # <input type=date> only shows an ISO value (YYYY-MM-DD), whatever the active language's date format
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start) > dt.timedelta(days=366 * 5)):
            raise forms.ValidationError(_("Choose an end date after the start date, at most five years later."))
        return data
