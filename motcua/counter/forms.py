from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField

from .access import can_manage
from .models import Counter, groups_of_other_centres, other_centre_message


class BookingForm(forms.Form):
    """The person's details and the slot chosen among those listed (the service re-checks everything)."""

    slot = forms.DateTimeField(
        label=_("Time"),
        input_formats=["%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z"],
        error_messages={"required": _("Choose a time."), "invalid": _("Choose a time from the list.")},
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("Mobile phone (for the reminder)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


class StatisticsForm(forms.Form):
    start = DayField(label=_("From"))
    end = DayField(label=_("To"))

    MAX_DAYS = 366

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        if start and end and (end - start) > dt.timedelta(days=self.MAX_DAYS):
            raise forms.ValidationError(_("Choose a period of at most one year."))
        return data


class CounterAdminForm(forms.ModelForm):
    """The admin's counter form: the groups must be groups of the counter's centre (`groups_of_other_centres`),
    chosen by someone who manages that centre (`access.can_manage`: the service checks it again). The admin sets
    `actor` on the form class."""

    actor = None

    class Meta:
        model = Counter
        fields = ("centre", "number", "groups", "is_active")

    def clean(self):
        data = super().clean()
        centre, groups = data.get("centre"), data.get("groups")
        if centre is not None and self.actor is not None and not can_manage(self.actor, centre.pk):
            self.add_error("centre", _("Only the centre's manager or administrator sets up its counters."))
        if centre is not None and groups is not None:
            foreign = groups_of_other_centres(centre_id=centre.pk, groups=groups)
            if foreign:
                self.add_error("groups", other_centre_message(foreign))
        return data
