from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TaskBand


class GradingForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    band = forms.ChoiceField(label=_("Grading"), choices=TaskBand.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the grading differs from the one the score gives."),
    )
