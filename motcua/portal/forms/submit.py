"""The online submission form, generated from the procedure's required documents (thành phần hồ sơ)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import DeliveryMethod
from motcua.dossiers.services import check_upload, max_upload_bytes

PHONE = re.compile(r"^\+?[0-9 .\-]{8,20}$")


class SubmitForm(forms.Form):
    receiving_unit = forms.ModelChoiceField(
        label=_("Where to submit"), queryset=None, empty_label=_("Choose a one-stop centre")
    )
    applicant_name = forms.CharField(label=_("Full name"), max_length=255)
    applicant_id_number = forms.CharField(
        label=_("Identity card number"), max_length=20, required=False, help_text=_("12 digits, on your CCCD card.")
    )
    applicant_phone = forms.CharField(
        label=_("Mobile phone"), max_length=20, help_text=_("Its last 4 digits let you track the dossier.")
    )
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(label=_("Permanent address"), max_length=500)
    subject = forms.CharField(
        label=_("Your request"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the officer should know, in a few words."),
    )
    # Filing for someone else (form 01 of TT 03/2025: người được ủy quyền / người nộp thay): the applicant fields
    # above are then the person on whose behalf the dossier is filed.
    submitter_name = forms.CharField(
        label=_("Your full name (you file for the applicant)"), max_length=255, required=False
    )
    submitter_id_number = forms.CharField(label=_("Your identity card number"), max_length=20, required=False)
    submitter_phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    submitter_authorisation = forms.CharField(
        label=_("Authorisation document (number, date)"),
        max_length=255,
        required=False,
        help_text=_("Attach the authorisation paper with the documents when the procedure asks for it."),
    )
    delivery_method = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        initial=DeliveryMethod.COUNTER,
    )
    postal_address = forms.CharField(
        label=_("Postal address for the result"),
        max_length=500,
        required=False,
        help_text=_("Public postal service (BCCI); the postage is paid on delivery."),
    )

    def __init__(self, *args, procedure, units, drafting: bool = False, stored_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.drafting = drafting
        self.fields["receiving_unit"].queryset = units
        limit_mb = max_upload_bytes() // (1024 * 1024)
        self.document_fields: list[tuple[str, object]] = []
        for document in procedure.documents.all():
            name = f"doc_{document.pk}"
            mandatory = document.required and not document.group
            self.fields[name] = forms.FileField(
                label=document.name,
                required=mandatory and not drafting,
                help_text=_("PDF, JPEG or PNG, up to %(mb)s MB.") % {"mb": limit_mb},
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
            )
            if stored_choices:  # personal data store: a stored document may replace the upload (ND 107/2021)
                self.fields[name].required = False
                self.fields[f"stored_{document.pk}"] = forms.ChoiceField(
                    label=_("Or use a document from your personal data store"),
                    required=False,
                    choices=[("", _("— do not use —")), *stored_choices],
                )
            self.document_fields.append((name, document))
        if drafting:  # a draft may be incomplete; only what is typed must be well-formed
            for field in self.fields.values():
                field.required = False

    def clean_applicant_phone(self) -> str:
        value = self.cleaned_data["applicant_phone"].strip()
        if value and (not PHONE.match(value) or len([c for c in value if c.isdigit()]) < 8):
            raise forms.ValidationError(_("Enter a phone number, e.g. 0912 345 678."), code="phone")
        return value

    def clean_submitter_phone(self) -> str:
        value = self.cleaned_data["submitter_phone"].strip()
        if value and (not PHONE.match(value) or len([c for c in value if c.isdigit()]) < 8):
            raise forms.ValidationError(_("Enter a phone number, e.g. 0912 345 678."), code="phone")
        return value

    def clean_submitter_id_number(self) -> str:
        value = "".join(self.cleaned_data["submitter_id_number"].split())
        if value and not (value.isdigit() and 9 <= len(value) <= 12):
            raise forms.ValidationError(_("An identification number has 9 to 12 digits."), code="id_number")
        return value

    @property
    def has_submitter(self) -> bool:
        names = ("submitter_name", "submitter_id_number", "submitter_phone", "submitter_authorisation")
        return self.is_bound and any((self.data.get(name) or "").strip() for name in names)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("submitter_name") and any(
            cleaned.get(name) for name in ("submitter_id_number", "submitter_phone", "submitter_authorisation")
        ):
            self.add_error("submitter_name", _("Enter the name of the person submitting on the applicant's behalf."))
        for name, document in self.document_fields:
            upload = cleaned.get(name)
            stored = cleaned.get(f"stored_{document.pk}")
            mandatory = document.required and not document.group and not self.drafting
            if upload and stored:
                self.add_error(name, _("Attach a file or choose a stored document, not both."))
            elif mandatory and not upload and not stored and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
            if upload:
                try:
                    check_upload(upload, filename=upload.name)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if (
            not self.drafting
            and cleaned.get("delivery_method") == DeliveryMethod.POST
            and not cleaned.get("postal_address")
        ):
            self.add_error("postal_address", _("Give the address where the post office should deliver the result."))
        return cleaned

    def document_bound_fields(self):
        return [
            (self[name], document, self[f"stored_{document.pk}"] if f"stored_{document.pk}" in self.fields else None)
            for name, document in self.document_fields
        ]

    def stored_selections(self) -> list[tuple[int, object]]:
        """(stored document id, required document) for each component taken from the data store."""
        return [
            (int(value), document)
            for _name, document in self.document_fields
            if (value := self.cleaned_data.get(f"stored_{document.pk}"))
        ]
