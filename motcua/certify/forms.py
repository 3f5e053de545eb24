from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CopyForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Certifying unit"), empty_label=None)
    id_number = forms.RegexField(
        regex=r"^\d{9}$|^\d{12}$",
        label=_("Identification number of the requester"),
        help_text=_("12 digits (citizen identity card) or 9 digits; the copy goes to this person's data store."),
        error_messages={"invalid": _("Enter 12 digits (or 9 for an old identity card).")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Paper being certified"), max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
