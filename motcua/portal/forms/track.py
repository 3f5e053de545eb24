"""The public status look-up form: dossier code and the last four digits of the applicant's phone."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_CHARS = re.compile(r"^[0-9A-Za-z.\-]{1,64}$")


class TrackForm(forms.Form):
    ma = forms.CharField(
        label=_("Dossier code"),
        max_length=64,
        strip=True,
        help_text=_("As printed on your receipt, e.g. H22.10-260302-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    so = forms.CharField(
        label=_("Last 4 digits of your phone number"),
        min_length=4,
        max_length=4,
        strip=True,
        help_text=_("The phone number you gave when you submitted the dossier."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off", "maxlength": "4"}
        ),
    )

    def clean_ma(self) -> str:
        value = self.cleaned_data["ma"].upper().replace(" ", "")
        if not CODE_CHARS.match(value):
            raise forms.ValidationError(_("A dossier code has only letters, digits, dots and dashes."), code="bad")
        return value

    def clean_so(self) -> str:
        value = self.cleaned_data["so"]
        if not value.isascii() or not value.isdigit():
            raise forms.ValidationError(_("Enter exactly 4 digits."), code="digits")
        return value
