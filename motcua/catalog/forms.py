"""Forms of the service-commitment screens (the manager's console screen): record one, end one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField

from .choices import BudgetUnit, LimitChannel


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CommitmentForm(forms.Form):
    """The fields of `services.commitment_set`; the rule (shorter than the legal limit, a decision on file) is
    checked by the service, whose Vietnamese refusal the view shows on the form."""

    procedure_code = forms.CharField(
        label=_("Procedure code"),
        max_length=40,
        help_text=_("The code of the procedure in the national catalogue, e.g. 1.001612."),
        error_messages={"required": _("Enter the procedure code.")},
    )
    scope = UnitChoiceField(
        label=_("Committing unit"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose the province or unit that makes the commitment.")},
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=LimitChannel.choices, initial=LimitChannel.ALL)
    value = forms.DecimalField(
        label=_("Committed time"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={
            "required": _("The committed time must be a positive number."),
            "invalid": _("The committed time must be a positive number."),
        },
    )
    unit = forms.ChoiceField(label=_("Counted in"), choices=BudgetUnit.choices, initial=BudgetUnit.WORKING_DAYS)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        error_messages={"required": _("Enter the number, date and issuer of the decision that sets the commitment.")},
    )
    decision_date = DayField(
        label=_("Decision date"),
        error_messages={"required": _("Enter the number, date and issuer of the decision that sets the commitment.")},
    )
    decision_issuer = forms.CharField(
        label=_("Issued by"),
        max_length=255,
        error_messages={"required": _("Enter the number, date and issuer of the decision that sets the commitment.")},
    )
    valid_from = DayField(label=_("In force from"), required=False, help_text=_("Empty: from the decision date."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scopes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes


class CommitmentEndForm(forms.Form):
    on = DayField(
        label=_("No longer applies from"), error_messages={"required": _("Enter the day the commitment ends.")}
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        error_messages={"required": _("Say why the commitment ends (for example the decision that withdraws it).")},
    )
