"""The rating form: each TT 01/2018 criterion as a plain question on the 5-level scale (big buttons)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.choices import Criterion, Score

LEVELS = [(str(value), label) for value, label in sorted(Score.choices, reverse=True)]


class RatingForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion, label in Criterion.choices:
            self.fields[criterion] = forms.ChoiceField(
                label=label,
                choices=LEVELS,
                widget=forms.RadioSelect,
                required=criterion == Criterion.OVERALL,
            )

    def questions(self):
        return [self[criterion] for criterion in Criterion.values]

    def answers(self) -> dict[str, int]:
        return {c: int(v) for c in Criterion.values if (v := self.cleaned_data.get(c))}


class KioskForm(RatingForm):
    code = forms.CharField(
        label=_("Dossier code"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
