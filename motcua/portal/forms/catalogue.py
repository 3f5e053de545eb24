"""Parsing of the public catalogue filters (GET parameters).

Filters come from links people share and from hand-edited URLs, so a bad value never fails the page: the form
drops it, the view says so once, and the search runs with the remaining filters.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import Level, OnlineLevel

# Citizens look for procedures by where they go: the province or the commune (two-level government, 2025).
LEVEL_CHOICES = [("", _("All levels")), (Level.PROVINCE, _("Province level")), (Level.COMMUNE, _("Commune level"))]
ONLINE_CHOICES = [
    ("", _("Any")),
    (OnlineLevel.FULL, _("Fully online")),
    (OnlineLevel.PARTIAL, _("Partly online")),
    (OnlineLevel.NONE, _("Not online")),
]


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    field = forms.IntegerField(label=_("Field"), required=False, min_value=1)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=LEVEL_CHOICES)
    online = forms.ChoiceField(label=_("Online service"), required=False, choices=ONLINE_CHOICES)
    event = forms.IntegerField(label=_("Life event"), required=False, min_value=1)

    def __init__(self, data, *, field_ids: set[int], event_ids: set[int]):
        super().__init__(data)
        self._field_ids = field_ids
        self._event_ids = event_ids

    def clean_field(self):
        value = self.cleaned_data.get("field")
        if value is not None and value not in self._field_ids:
            raise forms.ValidationError(_("Unknown field."), code="unknown")
        return value

    def clean_event(self):
        value = self.cleaned_data.get("event")
        if value is not None and value not in self._event_ids:
            raise forms.ValidationError(_("Unknown life event."), code="unknown")
        return value

    def filters(self) -> dict:
        """The valid filters only (invalid ones are dropped, never guessed)."""
        self.is_valid()
        clean = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return {
            "q": clean.get("q") or "",
            "field": clean.get("field"),
            "level": clean.get("level") or "",
            "online": clean.get("online") or "",
            "event": clean.get("event"),
        }
