"""Forms of the officer console: counter intake and one small form per dossier action.

Forms only parse and validate input; every decision (completeness, permissions, deadlines) is made by the
dossier services, whose refusals are shown next to the form.

The e-result upload, the PAKN steps and the population look-up have their own modules in this package
(`eresult`, `feedback`, `population`; docs/architecture.md, "One module or a package").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core.forms import DayField
from motcua.dossiers.choices import Channel, DeliveryMethod, PaymentMethod
from motcua.workdays.calendar import VN_TZ

PHONE_RE = re.compile(r"^\+?[0-9 .-]{8,15}$")
ID_RE = re.compile(r"^[0-9]{9,13}$")
MAX_FEE = 1_000_000_000_000
_GROUPED = re.compile(r"^\d{1,3}(?:[., ]\d{3})+$")  # 8.000 / 8,000 / 8 000: thousands written the Vietnamese way
_WHOLE = re.compile(r"^(\d+)(?:[.,]0+)?$")  # 8000 or 8000.00: a whole number with zero decimals


class MoneyField(forms.IntegerField):
    """An amount in đồng: a whole number everywhere (the đồng has no subunit in use; fees in the catalogue are
    whole đồng, Circular 85/2019/TT-BTC art 3). The box shows the number without decimals, so a prefilled value
    submits unchanged, and accepts what an officer types: "8000", "8.000", "8 000", "8000,00", "8.000 đ"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter an amount in đồng, a whole number (for example 50.000).")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_FEE)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | float) and value == int(value):
            return int(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = re.sub(r"\s*(đồng|đ|vnd|vnđ)\s*$", "", str(value).strip(), flags=re.IGNORECASE).strip()
        if _GROUPED.match(text):
            return int(re.sub(r"[., ]", "", text))
        whole = _WHOLE.match(text)
        if whole is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(whole.group(1))


class IntakeForm(forms.Form):
    """Counter or postal reception (ND 61/2018 art 17). `units` are the officer's one-stop units."""

    procedure = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Choose a procedure.")})
    unit = forms.ChoiceField(label=_("Receiving unit"))
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.POST, Channel.POST.label)],
        initial=Channel.COUNTER,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(label=_("Applicant (person or organisation)"), max_length=255)
    applicant_id_number = forms.CharField(label=_("Personal or organisation identification number"), required=False)
    applicant_phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(label=_("Address"), required=False, max_length=500)
    subject = forms.CharField(
        label=_("Request"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Someone handing the dossier in for the applicant (form 01, TT 03/2025: người được ủy quyền / nộp thay).
    submitter_name = forms.CharField(label=_("Name of the person submitting"), required=False, max_length=255)
    submitter_id_number = forms.CharField(label=_("Their identification number"), required=False)
    submitter_phone = forms.CharField(label=_("Their phone"), required=False, max_length=20)
    submitter_authorisation = forms.CharField(
        label=_("Authorisation document (number, date)"), required=False, max_length=255
    )
    presented = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    digitised = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    fee_amount = MoneyField(label=_("Fee to collect (VND)"), required=False)
    result_delivery = forms.ChoiceField(
        label=_("Result collected"), choices=DeliveryMethod.choices, initial=DeliveryMethod.COUNTER, required=False
    )
    result_address = forms.CharField(label=_("Address for the result (by post)"), required=False, max_length=500)
    sets_count = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=99, initial=1, required=False)
    refuse_reason = forms.CharField(
        label=_("Reason for refusal"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units=(), others=(), documents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        other_ids = {unit.pk for unit in others}
        self.fields["unit"].choices = [
            (str(unit.pk), _("%(unit)s (not the level of this procedure)") % {"unit": unit.name})
            if unit.pk in other_ids
            else (str(unit.pk), unit.name)
            for unit in units
        ]
        if other_ids:
            self.fields["unit"].widget.attrs["aria-describedby"] = "cs-unit-level"
        doc_choices = [(str(doc.pk), doc.name) for doc in documents]
        self.fields["presented"].choices = doc_choices
        self.fields["digitised"].choices = doc_choices
        self.fields["applicant_name"].widget.attrs.update(autocomplete="off", autofocus=True)

    def clean_applicant_name(self) -> str:
        name = " ".join(self.cleaned_data["applicant_name"].split())
        if not name:
            raise ValidationError(_("Enter the applicant's name."))
        return name

    def clean_applicant_id_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["applicant_id_number"])
        if value and not ID_RE.match(value):
            raise ValidationError(_("An identification number has 9 to 13 digits."))
        return value

    def clean_submitter_name(self) -> str:
        return " ".join(self.cleaned_data["submitter_name"].split())

    def clean_submitter_id_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["submitter_id_number"])
        if value and not ID_RE.match(value):
            raise ValidationError(_("An identification number has 9 to 13 digits."))
        return value

    def clean_submitter_phone(self) -> str:
        value = self.cleaned_data["submitter_phone"].strip()
        if value and not PHONE_RE.match(value):
            raise ValidationError(_("Enter a valid phone number (digits only)."))
        return value

    @property
    def has_submitter(self) -> bool:
        """Whether the authorised-person block holds anything (it is shown open then)."""
        names = ("submitter_name", "submitter_id_number", "submitter_phone", "submitter_authorisation")
        if self.is_bound:
            return any((self.data.get(name) or "").strip() for name in names)
        return any(self.initial.get(name) for name in names)

    def clean(self):
        data = super().clean()
        if not data.get("submitter_name") and any(
            data.get(name) for name in ("submitter_id_number", "submitter_phone", "submitter_authorisation")
        ):
            self.add_error("submitter_name", _("Enter the name of the person submitting on the applicant's behalf."))
        data["result_delivery"] = data.get("result_delivery") or DeliveryMethod.COUNTER
        data["sets_count"] = data.get("sets_count") or 1
        if data.get("result_delivery") == DeliveryMethod.POST and not (
            (data.get("result_address") or "").strip() or (data.get("applicant_address") or "").strip()
        ):
            self.add_error("result_address", _("An address is required to send the result by post."))
        return data

    def clean_applicant_phone(self) -> str:
        value = self.cleaned_data["applicant_phone"].strip()
        if value and not PHONE_RE.match(value):
            raise ValidationError(_("Enter a valid phone number (digits only)."))
        return value


# --- action forms ---------------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReceiveForm(forms.Form):
    presented = forms.MultipleChoiceField(
        label=_("Documents checked"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, documents=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presented"].choices = [(str(doc.pk), doc.name) for doc in documents]


class SupplementForm(forms.Form):
    items = forms.CharField(
        label=_("Items to supplement (one per line)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def clean_items(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not items:
            raise ValidationError(_("List at least one item."))
        return items


class FileForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"), required=False)


class UnitChoiceMixin:
    def set_units(self, field: str, units) -> None:
        self.fields[field].choices = [("", "—")] + [(str(u.pk), u.name) for u in units]
        self._units = {str(u.pk): u for u in units}

    def unit_of(self, value):
        return self._units.get(value)


class ForwardForm(UnitChoiceMixin, forms.Form):
    to_unit = forms.ChoiceField(label=_("Competent unit (lead)"))
    # grouped checkboxes, not a list box: a 360 px column cut the group labels and unit names of a list box off
    parallel = forms.MultipleChoiceField(
        label=_("Units working in parallel (inter-agency)"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "cs-choices"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, units=(), competent=None, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_units("to_unit", units)
        if groups:
            # optgroups: the catalogue's competent agency, this commune's agencies, the province's, other communes
            grouped = [(label, [(str(u.pk), u.name) for u in members]) for label, members in groups if members]
            self.fields["to_unit"].choices = [("", "—"), *grouped]
            self.fields["parallel"].choices = grouped
        else:
            self.fields["parallel"].choices = self.fields["to_unit"].choices[1:]
        if competent is not None:
            self.initial.setdefault("to_unit", str(competent.pk))

    def targets(self) -> list:
        lead = self.unit_of(self.cleaned_data["to_unit"])
        others = [self.unit_of(v) for v in self.cleaned_data["parallel"] if v != self.cleaned_data["to_unit"]]
        return [lead, *others]


class AssignForm(forms.Form):
    specialist = forms.ChoiceField(label=_("Specialist"))

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(p.pk): p for p in people}
        self.fields["specialist"].choices = [(str(p.pk), p.display_name()) for p in people]


class ConsultForm(UnitChoiceMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Unit consulted"))
    question = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    budget_days = forms.DecimalField(label=_("Working days to reply"), min_value=Decimal("0.5"), max_value=60)

    def __init__(self, *args, units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_units("unit", units)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class AppraiseForm(forms.Form):
    opinion = forms.CharField(
        label=_("Appraisal opinion"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AmountForm(forms.Form):
    amount = MoneyField(label=_("Amount (VND)"))


class PaymentForm(forms.Form):
    # "Online" is recorded only by the payment platform's verified confirmation (motcua.dossiers.payments).
    method = forms.ChoiceField(
        label=_("Payment method"),
        required=False,
        choices=[("", "—"), *((v, label) for v, label in PaymentMethod.choices if v != PaymentMethod.ONLINE)],
    )
    exempt = forms.BooleanField(label=_("Exempt from fees"), required=False)


class ExtendForm(forms.Form):
    """Form 04 (ND 61/2018 art 19.7): the new due date and the written apology."""

    new_due_date = DayField(label=_("New due date"))
    new_due_time = forms.TimeField(
        label=_("Time"), initial=dt.time(17, 0), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    apology = forms.CharField(label=_("Reason and apology"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def new_due_at(self) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["new_due_date"], self.cleaned_data["new_due_time"], tzinfo=VN_TZ)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label=_("How the result is returned"), choices=DeliveryMethod.choices)
    tracking_number = forms.CharField(label=_("Postal tracking number"), required=False, max_length=64)
    reason = forms.CharField(
        label=_("Why the tracking number is typed by hand"),
        help_text=_("Only when the shipment was not created through the postal link."),
        required=False,
        max_length=1000,
    )
