"""Forms of the applicant's own actions on a dossier: withdraw, send requested documents, result by post."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.datastore.selectors import stored_choices_for
from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import Action
from motcua.dossiers.services import check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one is checked like a single upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class VersionedForm(forms.Form):
    """Carries the dossier version the citizen saw, so a change made meanwhile is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WithdrawForm(VersionedForm):
    confirm = forms.BooleanField(label=_("I want to withdraw this dossier"))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupplementForm(VersionedForm):
    files = MultipleFileField(label=_("Requested documents"), required=False)
    stored = forms.MultipleChoiceField(
        label=_("Or use documents from your personal data store"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, stored_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stored"].choices = list(stored_choices)
        if not stored_choices:
            del self.fields["stored"]

    def clean(self):
        cleaned = super().clean()
        for upload in cleaned.get("files") or []:
            try:
                check_upload(upload, filename=upload.name)
            except forms.ValidationError as error:
                self.add_error("files", error)
        if not cleaned.get("files") and not cleaned.get("stored") and not self.errors:
            raise forms.ValidationError(_("Attach at least one of the requested documents."), code="required")
        return cleaned


class PostalForm(VersionedForm):
    address = forms.CharField(
        label=_("Postal address for the result"),
        max_length=500,
        min_length=10,
        help_text=_("Public postal service (BCCI); the postage is paid on delivery."),
    )


def action_forms(dossier, *, user) -> dict:
    """The forms offered on the dossier page for the actions allowed now (empty when none)."""
    allowed = dossier_services.applicant_actions(dossier=dossier)
    initial = {"version": dossier.version}
    offered = {}
    if Action.REQUEST_WITHDRAWAL in allowed:
        offered["withdraw_form"] = WithdrawForm(initial=initial, prefix="rut")
    if Action.SUPPLEMENT_RECEIVED in allowed:
        offered["supplement_form"] = SupplementForm(
            initial=initial, prefix="bs", stored_choices=stored_choices_for(user=user)
        )
    if dossier_services.REQUEST_POSTAL_RESULT in allowed:
        offered["postal_form"] = PostalForm(initial={**initial, "address": dossier.applicant_address}, prefix="bd")
    return offered
