"""Forms of the bundle pages: the citizen's one application, the officer's verification note."""

from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField

KEY_FIELD = "intake_key"  # the form's one-time key (`services.bundle_apply_once`)


def new_key() -> str:
    return uuid.uuid4().hex


def submission_fingerprint(*, definition_code: str, data: MultiValueDict, files: MultiValueDict) -> str:
    """What a replay of a bundle form is compared with: the bundle, the posted fields (without the key and the
    CSRF token) and the SHA-256 of every file (a resubmission sends the same bytes in a new multipart body)."""
    digest = hashlib.sha256(definition_code.encode())
    for name in sorted(data):
        if name not in (KEY_FIELD, "csrfmiddlewaretoken"):
            digest.update(f"\n{name}=".encode() + "\x1f".join(sorted(data.getlist(name))).encode())
    for name in sorted(files):
        for upload in files.getlist(name):
            content = hashlib.sha256()
            for chunk in upload.chunks():
                content.update(chunk)
            upload.seek(0)
            digest.update(f"\n{name}:".encode() + content.hexdigest().encode())
    return digest.hexdigest()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files for one component (Django's documented pattern for `multiple`)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ApplyForm(forms.Form):
    """The applicant's data once, the person concerned, and one file field per component; a one-time key made
    when the form is shown (`KEY_FIELD`), so that sending it twice files one bundle."""

    intake_key = forms.CharField(widget=forms.HiddenInput, required=False)
    receiving_unit = forms.ModelChoiceField(
        label=_("Where you file"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a unit from the list.")},
    )
    applicant_name = forms.CharField(label=_("Full name"), max_length=255)
    applicant_id_number = forms.RegexField(
        label=_("Personal identification number"),
        regex=r"^\d{12}$",
        required=False,
        error_messages={"invalid": _("The personal identification number has 12 digits.")},
    )
    applicant_phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^0\d{9,10}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of 10 or 11 digits starting with 0.")},
    )
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    subject_name = forms.CharField(max_length=255)
    subject_date = DayField()  # dd/mm/yyyy as Vietnamese papers write it (motcua.core.forms)

    def __init__(self, *args, definition, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[KEY_FIELD].initial = new_key()
        self.fields["receiving_unit"].queryset = units
        self.fields["subject_name"].label = definition.subject_label or _("Person concerned")
        self.fields["subject_date"].label = definition.subject_date_label or _("Date")
        self.component_fields = []
        for component in definition.components.all():
            name = f"tep_{component.order}"
            self.fields[name] = MultipleFileField(
                label=_("Documents for: %(part)s") % {"part": component.title}, required=False
            )
            self.component_fields.append((name, component))
        self.presented_fields: list = []  # the counter's checklists (`CounterIntakeForm`)

    def renew_key(self) -> None:
        """A fresh key for the form shown again after its key was refused (expired, or already used)."""
        self.data = self.data.copy()
        self.data[KEY_FIELD] = new_key()

    def clean(self):
        data = super().clean()
        if (
            not data.get("applicant_phone")
            and not data.get("applicant_email")
            and not self.has_error("applicant_phone")
        ):
            self.add_error("applicant_phone", _("Enter a phone number or an e-mail address to receive the notice."))
        return data


class VerificationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for verification"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CounterIntakeForm(ApplyForm):
    """The counter officer's form: the portal's fields (the receiving unit is one of the officer's counters) and,
    for each part the receiving unit decides itself, the catalogue documents the applicant showed (ND 61/2018
    art 17.1: the officer checks the dossier is complete before receiving it)."""

    def __init__(self, *args, definition, units, checklists, **kwargs) -> None:
        super().__init__(*args, definition=definition, units=units, **kwargs)
        self.fields["receiving_unit"].label = _("Receiving counter")
        for component, documents in checklists:
            name = f"co_{component.order}"
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=_("Documents presented for: %(part)s") % {"part": component.title},
                choices=[(d.pk, d.name) for d in documents],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose documents from the list.")},
            )
            self.presented_fields.append((name, component))
