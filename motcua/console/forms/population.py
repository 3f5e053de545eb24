"""The officer's population-database look-up form: the three keys the service matches on, purpose and consent."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField
from motcua.integrations.choices import ConsentMethod, LookupPurpose


class PopulationLookupForm(forms.Form):
    id_number = forms.CharField(
        label=_("Personal identification number"),
        min_length=12,
        max_length=12,
        validators=[RegexValidator(r"^[0-9]{12}$", _("The personal identification number has 12 digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
        help_text=_("12 digits, on the citizen's identity card."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = DayField(label=_("Date of birth"))
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=LookupPurpose.choices, initial=LookupPurpose.INTAKE, widget=forms.RadioSelect
    )
    consent_method = forms.ChoiceField(
        label=_("How the citizen agreed"),
        choices=ConsentMethod.choices,
        initial=ConsentMethod.SIGNED_AT_COUNTER,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("The citizen agrees that their data in the national population database is used for this dossier."),
        error_messages={"required": _("The citizen's consent is required before a look-up.")},
    )
