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


def unit_choices() -> tuple[dict[str, Unit], list]:
    """The units a citizen can address, grouped as a person looks for them: the province's agencies, then each
    commune or ward with its People's Committee and one-stop centre (one query for the units, one for the
    communes). The page adds a search box that filters the list as one types."""
    units = list(responsible_units())
    codes = {code for unit in units for code in unit.ancestor_codes}
    communes = {u.code: u for u in Unit.objects.filter(code__in=codes, kind=UnitKind.COMMUNE)}
    province_level, by_commune = [], {}
    for unit in units:
        commune = next((communes[c] for c in unit.ancestor_codes if c in communes), None)
        if commune is None:
            province_level.append(unit)
        else:
            by_commune.setdefault(commune.name, []).append(unit)
    groups = [("", "—")]
    if province_level:
        groups.append((_("Province agencies"), [(str(u.pk), u.name) for u in province_level]))
    for name in sorted(by_commune):
        groups.append((name, [(str(u.pk), u.name) for u in by_commune[name]]))
    return {str(u.pk): u for u in units}, groups


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to send?"), choices=FeedbackKind.choices, widget=forms.RadioSelect
    )
    subject = forms.ChoiceField(label=_("About"), choices=FeedbackSubject.choices)
    unit = forms.ChoiceField(
        label=_("Unit responsible"), error_messages={"required": _("Choose the unit responsible.")}
    )
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
        self.fixed_unit = fixed_unit
        self._units = {}
        if fixed_unit is None:
            self._units, self.fields["unit"].choices = unit_choices()
        if fixed_unit is not None:
            del self.fields["unit"]
        if signed_in:
            del self.fields["contact_name"], self.fields["contact"]
        else:
            self.fields["subject"].choices = [c for c in FeedbackSubject.choices if c[0] != FeedbackSubject.DOSSIER]

    def clean_unit(self):
        return self._units[self.cleaned_data["unit"]]


class InfoForm(forms.Form):
    content = forms.CharField(
        label=_("The information asked for"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReactionForm(forms.Form):
    value = forms.ChoiceField(choices=ReactionValue.choices)
