from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TaskStatus


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8)"))
    dry_run = forms.BooleanField(label=_("Check only, do not save"), required=False)


class InitiativeForm(forms.Form):
    unit = forms.ChoiceField(label=_("Submitting unit"))
    title = forms.CharField(label=_("Title"), max_length=255)
    authors = forms.CharField(label=_("Authors"), max_length=500)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results achieved"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]
