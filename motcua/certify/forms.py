from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CopyForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Certifying unit"), empty_label=None)
    requester_name = forms.CharField(
        label=_("Full name of the requester"),
        max_length=200,
        help_text=_("As written on the identity paper shown at the counter; it is entered in the book."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_number = forms.RegexField(
        regex=r"^\d{9}$|^\d{12}$",
        label=_("Identification number of the requester"),
        help_text=_(
            "12 digits (citizen identity card) or 9 digits. If this person has a citizen account, the copy also goes"
            " to their data store."
        ),
        error_messages={"invalid": _("Enter 12 digits (or 9 for an old identity card).")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Paper being certified"), max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
