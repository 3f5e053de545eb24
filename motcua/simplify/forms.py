from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField

from .choices import ProposalKind


class ReviewForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Reviewing agency"), empty_label=None)
    code = forms.CharField(label=_("Procedure code"), max_length=40, help_text=_("As in the catalogue, e.g. 1.001193."))
    reviewed_on = DayField(label=_("Reviewed on"))
    findings = forms.CharField(label=_("Findings of the review"), widget=forms.Textarea(attrs={"rows": 4}))
    hourly_income = forms.IntegerField(label=_("Average income per hour (đồng)"), min_value=1, max_value=10_000_000)
    dossiers_per_year = forms.IntegerField(label=_("Dossiers a year"), min_value=0, max_value=100_000_000)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices)
    description = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 3}))
    hours_before = forms.DecimalField(label=_("Applicant hours before"), min_value=0, max_digits=7, decimal_places=2)
    hours_after = forms.DecimalField(label=_("Applicant hours after"), min_value=0, max_digits=7, decimal_places=2)
    cash_before = forms.IntegerField(label=_("Money paid before (đồng)"), min_value=0, max_value=2_000_000_000)
    cash_after = forms.IntegerField(label=_("Money paid after (đồng)"), min_value=0, max_value=2_000_000_000)


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    signed_on = DayField(label=_("Signed on"))
    issuer = forms.CharField(label=_("Issued by"), max_length=255)
    adopted = forms.MultipleChoiceField(label=_("Proposals adopted"), widget=forms.CheckboxSelectMultiple)
    version = forms.ChoiceField(label=_("Catalogue version produced"), required=False)

    def __init__(self, *args, proposals=(), versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted"].choices = [(str(p.pk), p.description[:80]) for p in proposals]
        self.fields["version"].choices = [("", _("— not published yet —"))] + [
            (str(v.pk), _("Version %(n)s from %(day)s") % {"n": v.version, "day": v.valid_from.strftime("%d/%m/%Y")})
            for v in versions
        ]
