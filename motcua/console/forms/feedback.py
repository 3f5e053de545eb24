"""Officer forms for PAKN handling: one text per step (reason, question, answer) and the ratings period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField


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
    start = DayField(label=_("From"))
    end = DayField(label=_("To"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start) > dt.timedelta(days=366 * 5)):
            raise forms.ValidationError(_("Choose an end date after the start date, at most five years later."))
        return data
