"""Form pieces shared by every app: the one date field and widget of the site.

A date is a text field that shows and takes day/month/year (07/03/2026), not `<input type="date">`: the browsers
draw their date field in the format of their own language (Chrome and Edge with an English interface show
mm/dd/yyyy whatever the page's lang), so an officer on an English Windows typed 07/03 and got 3 July.
docs/architecture.md, "Dates typed by people".
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import DAY_DISPLAY_FORMAT, DAY_PLACEHOLDER, parse_typed_day

DAY_ERROR = _("Enter the date as day/month/year, for example 07/03/2026.")


class DayInput(forms.DateInput):
    """A text box that shows 07/03/2026 and brings up the digit keypad on a phone."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None) -> None:
        base = {"placeholder": DAY_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", "size": "10"}
        super().__init__(attrs={**base, **(attrs or {})}, format=DAY_DISPLAY_FORMAT)


class DayField(forms.DateField):
    """A day typed as day/month/year (motcua.core.dates.parse_typed_day); a bad one gets one clear message."""

    widget = DayInput
    default_error_messages = {"invalid": DAY_ERROR}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_typed_day(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
