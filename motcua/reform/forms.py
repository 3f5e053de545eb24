"""Forms of the reform screens: progress reports, follow-ups, CSV imports, initiatives, and the Department's entry
screens (plan, task, inspection with findings, survey round, contest round).

Choices are always scoped by the caller (the officer's own units, the plan's territory), so a forged id is a
field error, never another unit's data.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField
from motcua.units.selectors import today_in_vietnam

from .choices import FindingSeverity, PlanStatus, TaskStatus
from .services import CriterionInput, PrizeInput


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


FILTERABLE = {"data-filter": "1", "size": "8"}


def _year_field():
    return forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CriterionMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class PlanForm(forms.Form):
    year = _year_field()
    managing_unit = UnitChoiceField(label=_("Managing unit"), queryset=None)
    unit = UnitChoiceField(
        label=_("Plan of"), queryset=None, help_text=_("The province or commune whose reform plan this is.")
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    document_date = DayField(label=_("Document date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices, initial=PlanStatus.DRAFT)

    def __init__(self, *args, managing_units, plan_units, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managing_unit"].queryset = managing_units
        self.fields["unit"].queryset = plan_units
        if editing:
            for name in ("year", "managing_unit", "unit"):
                del self.fields[name]


class TaskForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, help_text=_("As numbered in the plan, e.g. II.3."))
    title = forms.CharField(label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    criteria = CriterionMultipleField(
        label=_("Criteria served"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs=FILTERABLE),
        help_text=_(
            "PAR INDEX criteria of the plan's year. Type a code or a few words to search; hold Ctrl to choose several."
        ),
    )
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=None, widget=forms.Select(attrs={"data-filter": "1"}))
    cooperating_units = UnitMultipleField(
        label=_("Co-operating units"), queryset=None, required=False, widget=forms.SelectMultiple(attrs=FILTERABLE)
    )
    expected_output = forms.CharField(label=_("Expected output"), max_length=500)
    deadline_kind = forms.ChoiceField(
        label=_("Deadline"),
        choices=[("date", _("A date")), ("working_days", _("Working days from a start date"))],
        initial="date",
        widget=forms.RadioSelect,
    )
    due_date = DayField(label=_("Deadline date"), required=False)
    start_date = DayField(label=_("Start date"), required=False)
    working_days = forms.IntegerField(label=_("Working days"), min_value=0, max_value=2000, required=False)

    def __init__(self, *args, units, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["cooperating_units"].queryset = units
        self.fields["criteria"].queryset = criteria

    def clean(self):
        data = super().clean()
        if data.get("deadline_kind") == "working_days":
            if data.get("start_date") is None:
                self.add_error("start_date", _("A deadline in working days needs a start date."))
            if data.get("working_days") is None:
                self.add_error("working_days", _("Give the number of working days."))
            data["due_date"] = None
        else:
            if data.get("due_date") is None and "due_date" not in self.errors:
                self.add_error("due_date", _("Give the deadline date."))
            data["working_days"] = None
        lead = data.get("lead_unit")
        if lead is not None and lead in (data.get("cooperating_units") or []):
            self.add_error("cooperating_units", _("The lead unit cannot also be a co-operating unit."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "lead_unit": data["lead_unit"],
            "expected_output": data["expected_output"],
            "due_date": data["due_date"],
            "start_date": data["start_date"],
            "working_days": data["working_days"],
            "cooperating_units": data["cooperating_units"],
            "criteria": data["criteria"],
        }


class InspectionForm(forms.Form):
    inspected_unit = UnitChoiceField(
        label=_("Inspected unit"), queryset=None, widget=forms.Select(attrs={"data-filter": "1"})
    )
    visit_date = DayField(label=_("Visit date"))
    team = forms.CharField(label=_("Inspection team"), max_length=500, required=False)
    conclusion_number = forms.CharField(label=_("Conclusion document"), max_length=60, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_unit"].queryset = units

    def clean_visit_date(self):
        value = self.cleaned_data["visit_date"]
        if value > today_in_vietnam():
            raise forms.ValidationError(_("A visit cannot be recorded before it took place."))
        return value


class FindingForm(forms.Form):
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=FindingSeverity.choices, initial=FindingSeverity.MINOR)
    recommendation = forms.CharField(label=_("Recommendation"), max_length=2000, required=False)
    follow_up_due = DayField(label=_("Follow-up deadline"), required=False, help_text=_("Leave empty if no follow-up."))

    def clean(self):
        data = super().clean()
        if not (data.get("description") or "").strip() and (data.get("recommendation") or data.get("follow_up_due")):
            self.add_error("description", _("Describe the finding."))
        return data


FindingFormSet = forms.formset_factory(FindingForm, extra=3, max_num=30)


class SurveyForm(forms.Form):
    organizer = UnitChoiceField(label=_("Organising unit"), queryset=None)
    year = _year_field()
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short, without accents or spaces, e.g. sipas-2026.")
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    copy_from = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=None,
        required=False,
        empty_label=_("Default questionnaire (five SIPAS service elements)"),
        help_text=_("Copying last round's questionnaire keeps the results comparable."),
    )
    units = UnitMultipleField(label=_("Surveyed units"), queryset=None, widget=forms.SelectMultiple(attrs=FILTERABLE))
    scale_max = forms.IntegerField(label=_("Scale points"), min_value=2, max_value=10, initial=5)
    satisfied_from = forms.IntegerField(label=_("Satisfied from scale point"), min_value=1, max_value=10, initial=4)
    min_sample = forms.IntegerField(label=_("Minimum sample"), min_value=1, max_value=100000, initial=30)
    open_links = forms.BooleanField(label=_("Turn on the open link of every surveyed unit"), required=False)

    def __init__(self, *args, organizers, units, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers
        self.fields["units"].queryset = units
        self.fields["copy_from"].queryset = surveys

    def clean(self):
        data = super().clean()
        if data.get("scale_max") and data.get("satisfied_from") and data["satisfied_from"] > data["scale_max"]:
            self.add_error("satisfied_from", _("The threshold must be a point of the scale."))
        return data


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()]


class RoundForm(forms.Form):
    organizer = UnitChoiceField(label=_("Organising unit"), queryset=None)
    year = _year_field()
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    submissions_close = DayField(label=_("Submissions close"), required=False)
    criteria = forms.CharField(
        label=_("Judging criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name | maximum score, e.g. “Novelty | 30”."),
    )
    prizes = forms.CharField(
        label=_("Prizes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line, highest first: name | number of prizes, e.g. “First prize | 1”."),
    )
    judges = forms.ModelMultipleChoiceField(
        label=_("Judges"), queryset=None, required=False, widget=forms.SelectMultiple(attrs=FILTERABLE)
    )

    def __init__(self, *args, organizers, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = organizers
        self.fields["judges"].queryset = judges
        self.fields["judges"].label_from_instance = lambda user: user.get_full_name() or user.username

    def clean_criteria(self):
        items = []
        for number, parts in enumerate(_lines(self.cleaned_data["criteria"]), start=1):
            try:
                score = Decimal(parts[1].replace(",", ".")) if len(parts) == 2 else None
            except InvalidOperation:
                score = None
            if not parts[0] or score is None or not score.is_finite() or not 0 < score <= 1000:
                raise forms.ValidationError(
                    _("Line %(line)s: write “name | maximum score” with a score between 0 and 1,000.")
                    % {"line": number}
                )
            items.append(CriterionInput(name=parts[0][:255], max_score=score))
        if not items:
            raise forms.ValidationError(_("Give at least one judging criterion."))
        return items

    def clean_prizes(self):
        items = []
        for number, parts in enumerate(_lines(self.cleaned_data["prizes"]), start=1):
            quantity = parts[1] if len(parts) == 2 else "1" if len(parts) == 1 else ""
            if not parts[0] or not quantity.isdigit() or not 1 <= int(quantity) <= 100:
                raise forms.ValidationError(
                    _("Line %(line)s: write “name | number of prizes” (1 to 100).") % {"line": number}
                )
            items.append(PrizeInput(name=parts[0][:120], quantity=int(quantity)))
        return items
