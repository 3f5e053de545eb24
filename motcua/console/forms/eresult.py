"""The form that issues a signed electronic result from the dossier page (ND 45/2020 art 14)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EResultForm(forms.Form):
    """`result_no` is fixed when the page is drawn, so a double submit returns the same e-result (idempotent)."""

    result_no = forms.IntegerField(min_value=1, max_value=999, widget=forms.HiddenInput)
    decision = forms.CharField(
        label=_("Decision text (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
