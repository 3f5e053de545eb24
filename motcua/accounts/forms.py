"""Forms of the citizen's password-less sign-in."""

from __future__ import annotations

import re

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


class ProfileForm(forms.Form):
    """A citizen's profile: what every online form is prefilled with."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("Personal identification number"),
        required=False,
        max_length=20,
        help_text=_("12 digits on the citizen identity card (9 on an old ID card)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    address = forms.CharField(
        label=_("Permanent address"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def clean_id_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["id_number"])
        if value and not re.fullmatch(r"[0-9]{9}|[0-9]{12}", value):
            raise forms.ValidationError(_("An identification number has 12 digits (9 on an old ID card)."))
        return value

    def clean_phone(self) -> str:
        value = re.sub(r"[\s.-]", "", self.cleaned_data["phone"])
        if value.startswith("+84"):
            value = "0" + value[3:]
        if value and not re.fullmatch(r"0[0-9]{9}", value):
            raise forms.ValidationError(_("Enter a Vietnamese phone number of 10 digits, e.g. 0912345678."))
        return value
