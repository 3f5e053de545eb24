"""Forms of the outreach screens: plan a session, and the intake form used at a session (online or queued)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField

ID_RE = re.compile(r"^\d{9,13}$")
PHONE_RE = re.compile(r"^\+?\d{8,15}$")


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ProcedureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class SessionForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, empty_label=None, error_messages={"required": _("Choose a commune.")}
    )
    place = forms.CharField(
        label=_("Place (hamlet, village, residential group)"),
        max_length=255,
        error_messages={"required": _("Enter the place (hamlet, village, residential group).")},
    )
    day = DayField(label=_("Day"), error_messages={"required": _("Enter the day.")})
    starts_at = forms.TimeField(
        label=_("Start time"),
        initial="07:30",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter the start time."), "invalid": _("Enter a valid time.")},
    )
    ends_at = forms.TimeField(
        label=_("End time"),
        initial="11:30",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter the end time."), "invalid": _("Enter a valid time.")},
    )
    officers = OfficerChoiceField(
        label=_("Officers sent"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one officer.")},
    )
    procedures = ProcedureChoiceField(
        label=_("Services offered"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service to offer.")},
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, communes, officers, procedures, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["officers"].queryset = officers
        self.fields["procedures"].queryset = procedures
        self.fields["place"].widget.attrs.update(autofocus=True, autocomplete="off")
        for name in ("commune", "officers", "procedures"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose from the list.")
            self.fields[name].error_messages["invalid_pk_value"] = _("Choose from the list.")


class IntakeForm(forms.Form):
    """One dossier received at a session. `procedures` are the session's services, `documents` the required
    components of all of them (the service checks the chosen procedure's own list)."""

    procedure = forms.ChoiceField(label=_("Procedure"), error_messages={"required": _("Choose a procedure.")})
    applicant_name = forms.CharField(
        label=_("Applicant (person or organisation)"),
        max_length=255,
        error_messages={"required": _("Enter the applicant's name.")},
    )
    applicant_id_number = forms.CharField(label=_("Personal or organisation identification number"), required=False)
    applicant_phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    applicant_address = forms.CharField(label=_("Address"), required=False, max_length=500)
    subject = forms.CharField(
        label=_("Request"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    presented = forms.MultipleChoiceField(
        label=_("Documents presented"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, procedures=(), documents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [(str(p.pk), p.name) for p in procedures]
        self.fields["procedure"].error_messages["invalid_choice"] = _("Choose one of the services offered.")
        self.fields["presented"].choices = [(str(d.pk), d.name) for d in documents]
        self.fields["presented"].error_messages["invalid_choice"] = _("Choose from the list.")
        self.fields["applicant_name"].widget.attrs.update(autocomplete="off")

    def clean_applicant_name(self) -> str:
        name = " ".join(self.cleaned_data["applicant_name"].split())
        if not name:
            raise ValidationError(_("Enter the applicant's name."))
        return name

    def clean_applicant_id_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["applicant_id_number"])
        if value and not ID_RE.match(value):
            raise ValidationError(_("An identification number has 9 to 13 digits."))
        return value

    def clean_applicant_phone(self) -> str:
        value = re.sub(r"[\s.]", "", self.cleaned_data["applicant_phone"])
        if value and not PHONE_RE.match(value):
            raise ValidationError(_("Enter a valid phone number (digits only)."))
        return value
