"""Forms of the citizen's password-less sign-in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .signin import Address, SignInError, parse_address


class SignInAddressForm(forms.Form):
    address = forms.CharField(
        label=_("Email or mobile phone number"),
        max_length=254,
        help_text=_("We send a 6-digit code there. No password is needed."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_address(self) -> Address:
        try:
            return parse_address(self.cleaned_data["address"])
        except SignInError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "maxlength": "6",
                "autofocus": True,
            }
        ),
    )
