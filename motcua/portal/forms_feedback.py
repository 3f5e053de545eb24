"""Forms of PAKN feedback on the portal: send (from a procedure, a dossier or in general), add information,
like/dislike. Texts are plain: Django escapes them on output, so nothing the sender types becomes markup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.choices import FeedbackKind, FeedbackSubject, ReactionValue
from motcua.units.choices import UnitKind
from motcua.units.models import Unit


def responsible_units():
    """Units a citizen can address: one-stop centres and agencies (not territories)."""
    return Unit.objects.filter(kind__in=[UnitKind.ONE_STOP, UnitKind.PEOPLES_COMMITTEE, UnitKind.DEPARTMENT]).order_by(
        "name"
    )


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to send?"), choices=FeedbackKind.choices, widget=forms.RadioSelect
    )
    subject = forms.ChoiceField(label=_("About"), choices=FeedbackSubject.choices)
    unit = forms.ModelChoiceField(label=_("Unit responsible"), queryset=Unit.objects.none(), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("Details"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    publish_allowed = forms.BooleanField(
        label=_("The answer may be published (without my name)"), required=False, initial=True
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("Email or phone for the answer"),
        max_length=120,
        required=False,
        help_text=_("Only the unit handling your feedback sees it."),
    )

    def __init__(self, *args, signed_in: bool, fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = responsible_units()
        self.fixed_unit = fixed_unit
        if fixed_unit is not None:
            del self.fields["unit"]
        if signed_in:
            del self.fields["contact_name"], self.fields["contact"]
        else:
            self.fields["subject"].choices = [c for c in FeedbackSubject.choices if c[0] != FeedbackSubject.DOSSIER]

    def clean(self):
        data = super().clean()
        if self.fixed_unit is None and "unit" in self.fields and not data.get("unit"):
            self.add_error("unit", _("Choose the unit responsible."))
        return data


class InfoForm(forms.Form):
    content = forms.CharField(
        label=_("The information asked for"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReactionForm(forms.Form):
    value = forms.ChoiceField(choices=ReactionValue.choices)
